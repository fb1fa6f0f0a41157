"""Opaque public ids (issue 11), step 2: every row has one; unique and required from now."""

from django.db import migrations

import accord.members.public_ids


class Migration(migrations.Migration):
    dependencies = [("proceedings", "0002_public_ids")]

    operations = [
        migrations.AlterField(
            model_name="announcement",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("ann"),
        ),
        migrations.AlterField(
            model_name="chairoffice",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("off"),
        ),
        migrations.AlterField(
            model_name="nonpaper",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("np"),
        ),
        migrations.AlterField(
            model_name="friendsgroup",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("fotc"),
        ),
        migrations.AlterField(
            model_name="commitment",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("cmt"),
        ),
    ]

"""Opaque public ids (issue 11), step 2: every row has one; unique and required from now."""

from django.db import migrations

import accord.members.public_ids


class Migration(migrations.Migration):
    dependencies = [("mediator", "0002_public_ids")]

    operations = [
        migrations.AlterField(
            model_name="mediation",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("med"),
        ),
    ]

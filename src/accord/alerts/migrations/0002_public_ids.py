"""Channels and alerts take the shared public ids (issue 11); existing ids stay as they are."""

from django.db import migrations

import accord.members.public_ids


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="channel",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("chan"),
        ),
        migrations.AlterField(
            model_name="alert",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("alert"),
        ),
    ]

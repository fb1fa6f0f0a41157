"""Opaque public ids (issue 11), step 2: every row has one; unique and required from now."""

from django.db import migrations

import accord.members.public_ids


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0002_public_ids")]

    operations = [
        migrations.AlterField(
            model_name="concern",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("con"),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("mtg"),
        ),
        migrations.AlterField(
            model_name="sitting",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("sit"),
        ),
        migrations.AlterField(
            model_name="agendaitem",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("item"),
        ),
        migrations.AlterField(
            model_name="floorrequest",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("flr"),
        ),
        migrations.AlterField(
            model_name="intervention",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("itv"),
        ),
        migrations.AlterField(
            model_name="meetingdocument",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("paper"),
        ),
        migrations.AlterField(
            model_name="bilateral",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("bil"),
        ),
        migrations.AlterField(
            model_name="proposedslot",
            name="public_id",
            field=accord.members.public_ids.PublicIdField("slot"),
        ),
    ]

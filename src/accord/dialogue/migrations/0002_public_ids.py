"""Opaque public ids (issue 11), step 1: the column, nullable, and a fresh id for every
existing row. Step 2 (0003_public_ids_unique) makes it unique and required."""

from django.db import migrations, models

from accord.members.public_ids import fill_public_ids


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="concern",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("dialogue", "Concern", "con"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="meeting",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("dialogue", "Meeting", "mtg"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="sitting",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("dialogue", "Sitting", "sit"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("dialogue", "AgendaItem", "item"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="floorrequest",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("dialogue", "FloorRequest", "flr"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="intervention",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("dialogue", "Intervention", "itv"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="meetingdocument",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("dialogue", "MeetingDocument", "paper"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="bilateral",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("dialogue", "Bilateral", "bil"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="proposedslot",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("dialogue", "ProposedSlot", "slot"), migrations.RunPython.noop
        ),
    ]

"""Opaque public ids (issue 11), step 1: the column, nullable, and a fresh id for every
existing row. Step 2 (0004_public_ids_unique) makes it unique and required."""

from django.db import migrations, models

from accord.members.public_ids import fill_public_ids


def name_meetings_by_public_id(apps, schema_editor):
    """A convened meeting was referred to by its key: refer to it by its public id."""
    Notification = apps.get_model("notifications", "Notification")
    Meeting = apps.get_model("dialogue", "Meeting")
    for row in Notification.objects.exclude(meeting_reference=""):
        if row.meeting_reference.isdigit():
            found = Meeting.objects.filter(pk=int(row.meeting_reference)).first()
            row.meeting_reference = found.public_id if found else ""
            row.save(update_fields=["meeting_reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_standard_types"),
        ("dialogue", "0003_public_ids_unique"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("notifications", "Notification", "ntf"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="hotlinemessage",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("notifications", "HotlineMessage", "hot"), migrations.RunPython.noop
        ),
        migrations.RunPython(name_meetings_by_public_id, migrations.RunPython.noop),
    ]

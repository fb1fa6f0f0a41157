"""Opaque public ids (issue 11), step 1: the column, nullable, and a fresh id for every
existing announcement, office, non-paper, Friends of the Chair group and commitment.
Step 2 (0003_public_ids_unique) makes it unique and required."""

from django.db import migrations, models

from accord.members.public_ids import fill_public_ids


class Migration(migrations.Migration):
    dependencies = [("proceedings", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="announcement",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("proceedings", "Announcement", "ann"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="chairoffice",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("proceedings", "ChairOffice", "off"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="nonpaper",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("proceedings", "NonPaper", "np"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="friendsgroup",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("proceedings", "FriendsGroup", "fotc"), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="commitment",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("proceedings", "Commitment", "cmt"), migrations.RunPython.noop
        ),
    ]

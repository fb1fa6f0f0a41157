"""Opaque public ids (issue 11), step 1: the column, nullable, and a fresh id for every
existing row. Step 2 (0003_public_ids_unique) makes it unique and required."""

from django.db import migrations, models

from accord.members.public_ids import fill_public_ids


class Migration(migrations.Migration):
    dependencies = [("mediator", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="mediation",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("mediator", "Mediation", "med"), migrations.RunPython.noop
        ),
    ]

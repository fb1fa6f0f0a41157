"""Opaque public ids (issue 11), step 1: the column, nullable, and a fresh id for every
existing row. Step 2 (0004_public_ids_unique) makes it unique and required."""

from django.db import migrations, models

from accord.members.public_ids import fill_public_ids


def keep_domain_keys(apps, schema_editor):
    Document = apps.get_model("negotiation", "Document")
    for key in Document.objects.values_list("pk", flat=True):
        Document.objects.filter(pk=key).update(domain_key=f"doc-{key}")


class Migration(migrations.Migration):
    dependencies = [("negotiation", "0002_signed_acts")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="domain_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=40),
        ),
        # The revisions and signatures of the documents made before carry "doc-<key>".
        migrations.RunPython(keep_domain_keys, migrations.RunPython.noop),
        migrations.AddField(
            model_name="document",
            name="public_id",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(
            fill_public_ids("negotiation", "Document", "doc"), migrations.RunPython.noop
        ),
    ]

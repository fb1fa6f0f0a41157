from django.db import migrations


def create_head(apps, schema_editor):
    # The row every append locks must exist before two writers can race to create it.
    apps.get_model("ledger", "LedgerHead").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]

from django.db import migrations, models


class Migration(migrations.Migration):
    """Format 2 entries carry a salt; the entries already written keep "" (format 1) and
    verify by the unsalted formula they were hashed with: rewriting them would break the
    chain every state may already hold."""

    dependencies = [("ledger", "0002_ledger_head_row")]
    operations = [
        migrations.AddField(
            model_name="ledgerentry",
            name="salt",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
    ]

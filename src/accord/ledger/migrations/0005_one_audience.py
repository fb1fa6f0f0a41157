# Issue 16: every audience is `members.access.Audienced` (one name for the states, RenameField
# keeps their data; the choices and bounds made the same).


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0004_transparency_log'),
    ]

    operations = [
        migrations.AlterField(
            model_name='ledgerentry',
            name='visibility',
            field=models.CharField(choices=[('public', 'Public'), ('participants', 'Participants'), ('members', 'Members'), ('restricted', 'Restricted'), ('delegation', 'Delegation')], max_length=16),
        ),
    ]

# Issue 16: every audience is `members.access.Audienced` (one name for the states, RenameField
# keeps their data; the choices and bounds made the same).


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('alerts', '0003_commitment_overdue_trigger'),
    ]

    operations = [
        migrations.AlterField(
            model_name='alert',
            name='audience_states',
            field=models.CharField(blank=True, default='', max_length=400),
        ),
        migrations.AlterField(
            model_name='alert',
            name='owner_state',
            field=models.CharField(blank=True, max_length=3, null=True),
        ),
        migrations.AlterField(
            model_name='alert',
            name='visibility',
            field=models.CharField(choices=[('public', 'Public'), ('participants', 'Participants'), ('members', 'Members'), ('restricted', 'Restricted'), ('delegation', 'Delegation')], max_length=16),
        ),
    ]

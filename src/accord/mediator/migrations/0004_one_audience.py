# Issue 16: every audience is `members.access.Audienced` (one name for the states, RenameField
# keeps their data; the choices and bounds made the same).


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('mediator', '0003_public_ids_unique'),
    ]

    operations = [
        migrations.RenameField(
            model_name='mediation',
            old_name='restricted_states',
            new_name='audience_states',
        ),
        migrations.AlterField(
            model_name='mediation',
            name='visibility',
            field=models.CharField(choices=[('public', 'Public'), ('participants', 'Participants'), ('members', 'Members'), ('restricted', 'Restricted'), ('delegation', 'Delegation')], max_length=16),
        ),
    ]

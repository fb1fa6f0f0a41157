# Issue 16: every audience is `members.access.Audienced` (one name for the states, RenameField
# keeps their data; the choices and bounds made the same).


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('negotiation', '0006_amendment_translations'),
    ]

    operations = [
        migrations.AlterField(
            model_name='document',
            name='audience_states',
            field=models.CharField(blank=True, default='', max_length=400),
        ),
        migrations.AlterField(
            model_name='document',
            name='visibility',
            field=models.CharField(choices=[('public', 'Public'), ('participants', 'Participants'), ('members', 'Members'), ('restricted', 'Restricted'), ('delegation', 'Delegation')], max_length=16),
        ),
    ]

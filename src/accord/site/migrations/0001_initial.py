from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="FormSubmission",
            fields=[
                ("token", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("submitted_at", models.DateTimeField(db_index=True)),
                ("location", models.CharField(blank=True, default="", max_length=2000)),
            ],
        ),
    ]

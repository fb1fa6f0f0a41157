"""Seed the standard notification types, version 1 (types are data; see the catalogue)."""

from django.db import migrations


def seed(apps, schema_editor):
    from accord.domain.notifications import STANDARD_TYPES_V1

    NotificationType = apps.get_model("notifications", "NotificationType")
    for item in STANDARD_TYPES_V1:
        NotificationType.objects.update_or_create(
            key=item["key"],
            version=1,
            defaults={
                "title": item["title"],
                "description": item["description"],
                "schema": item["schema"],
                "ack_hours": item["ack_hours"],
                "reply_hours": item["reply_hours"],
                "is_reply": item.get("is_reply", False),
                "is_active": True,
            },
        )


def unseed(apps, schema_editor):
    from accord.domain.notifications import STANDARD_TYPES_V1

    NotificationType = apps.get_model("notifications", "NotificationType")
    NotificationType.objects.filter(
        key__in=[item["key"] for item in STANDARD_TYPES_V1], version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

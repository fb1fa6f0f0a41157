"""Search read from an index on PostgreSQL (issue 19): a trigram GIN index on
the notifications' search column, which the `contains` of `accord.edge.search` uses; nothing on SQLite."""

from django.db import migrations

from accord.edge.trigram import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0007_search_terms"),
    ]

    operations = [
        trigram_index("notifications_notification", "search_terms", "notification_search_trgm"),
    ]

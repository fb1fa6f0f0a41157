"""Search read from an index on PostgreSQL (issue 19): a trigram GIN index on
the concerns' and the interventions' search columns, which the `contains` of `accord.edge.search` uses; nothing on SQLite."""

from django.db import migrations

from accord.edge.trigram import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0005_page_keysets"),
    ]

    operations = [
        trigram_index("dialogue_concern", "search_terms", "concern_search_trgm"),
        trigram_index("dialogue_intervention", "search_terms", "intervention_search_trgm"),
    ]

"""Search read from an index on PostgreSQL (issue 19): a trigram GIN index on
the documents' search column, which the `contains` of `accord.edge.search` uses; nothing on SQLite."""

from django.db import migrations

from accord.edge.trigram import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("negotiation", "0009_page_keyset"),
    ]

    operations = [
        trigram_index("negotiation_document", "search_terms", "document_search_trgm"),
    ]

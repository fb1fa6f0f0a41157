"""The index PostgreSQL answers search from (issue 19): a trigram GIN index on a search
column, so that the `contains` of `accord.edge.search` (a `LIKE '%…%'`) is read from the
index instead of scanning the table.

A migration adds it with `trigram_index(table, column, name)`: on PostgreSQL it makes sure
the `pg_trgm` extension is there (`CREATE EXTENSION IF NOT EXISTS`, which needs a role
allowed to create it: the database's owner on PostgreSQL 13 and later, as pg_trgm is a
trusted extension) and builds the index; on SQLite it does nothing, and SQLite keeps
scanning (its `LIKE` has no such index). The index is not in the models' state, as Django's
own `GinIndex` would be created on SQLite too.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    """The migration operation that adds (and, backwards, drops) the trigram index `name`
    on `table`.`column`, on PostgreSQL only."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
            f"USING gin ({quote(column)} gin_trgm_ops)"
        )

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return migrations.RunPython(forwards, backwards, elidable=False)

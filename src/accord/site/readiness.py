"""Whether the database is there and migrated before a command uses it.

A command run against a data directory that was never migrated (or a database that cannot
be reached) would otherwise die in the middle with "no such table" and a traceback; every
`accord` command that touches the database goes through `with_database`, which says what
is wrong and what to do, and exits 2.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

Command = TypeVar("Command", bound=Callable[..., int])


class CannotRun(Exception):
    """A command that cannot do its work here; the message says why and what to do."""


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.site.settings")
    import django

    django.setup()


def with_database(*, migrated: bool = True) -> Callable[[Command], Command]:
    """Start Django for the command; with `migrated`, refuse to run on an unmigrated database.

    Database errors the command meets (a server gone, a table missing) become CannotRun.
    """

    def decorate(command: Command) -> Command:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> int:
            setup_django()
            from django.db import DatabaseError

            try:
                if migrated:
                    require_migrated()
                return command(*args, **kwargs)
            except DatabaseError as error:
                raise CannotRun(f"the database at {database_name()} failed: {error}") from None

        return run  # type: ignore[return-value]

    return decorate


def database_name() -> str:
    """Where the database is, for messages: a file, or a name on a host (never a password)."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(settings["NAME"])
    return f"{settings.get('NAME')} on {settings.get('HOST') or 'localhost'}"


def require_migrated() -> None:
    """CannotRun unless every migration has been applied to the default database."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        raise CannotRun(f"cannot read the database at {database_name()}: {error}") from None
    if pending:
        raise CannotRun(
            f"the database at {database_name()} is not migrated "
            f"({len(pending)} migration(s) not applied): run `accord migrate` first"
        )

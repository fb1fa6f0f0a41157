"""Issue 11, the load guard: on PostgreSQL no statement runs longer than
ACCORD_DB_STATEMENT_TIMEOUT_MS (15 s unless configured), so one request cannot hold a
connection and the database's time for ever."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection, transaction

from accord.site import settings as accord_settings


def test_the_statement_timeout_is_put_on_postgresql_connections(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://accord@db.invalid:5432/accord")
    monkeypatch.setenv("ACCORD_DB_STATEMENT_TIMEOUT_MS", "2500")
    database = accord_settings._database()
    assert database["OPTIONS"]["options"] == "-c statement_timeout=2500"  # type: ignore[index]
    monkeypatch.delenv("ACCORD_DB_STATEMENT_TIMEOUT_MS")
    database = accord_settings._database()
    assert database["OPTIONS"]["options"] == "-c statement_timeout=15000"  # type: ignore[index]


def test_a_bad_statement_timeout_stops_start_up(monkeypatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("DATABASE_URL", "postgres://accord@db.invalid:5432/accord")
    monkeypatch.setenv("ACCORD_DB_STATEMENT_TIMEOUT_MS", "soon")
    with pytest.raises(ImproperlyConfigured, match="ACCORD_DB_STATEMENT_TIMEOUT_MS"):
        accord_settings._database()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_statement_past_the_timeout_is_cancelled_by_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no statement timeout")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "15s"
    # The configured value is what the connection carries; a shorter one for this
    # transaction shows that PostgreSQL cancels a statement past it.
    with (
        pytest.raises(OperationalError, match="statement timeout"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL statement_timeout = 50")
        cursor.execute("SELECT pg_sleep(1)")

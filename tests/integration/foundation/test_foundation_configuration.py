"""Configuration from the environment: numbers are checked at start-up, naming the variable,
and PostgreSQL gets a connection pool unless told otherwise."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from accord.site import config
from accord.site.settings import _database

PG = "postgres://accord:secret@db.internal:5432/accord"


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 7), ("", 7), ("0", 0), ("12", 12), (" 3 ", 3)]
)
def test_a_whole_number_is_read_or_defaulted(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("ACCORD_TEST_NUMBER", raising=False)
    else:
        monkeypatch.setenv("ACCORD_TEST_NUMBER", value)
    assert config.integer("ACCORD_TEST_NUMBER", 7) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ten", "ACCORD_TEST_NUMBER: expected a whole number, got 'ten'"),
        ("2.5", "ACCORD_TEST_NUMBER: expected a whole number, got '2.5'"),
        ("-1", "ACCORD_TEST_NUMBER: expected at least 0, got -1"),
    ],
)
def test_a_bad_whole_number_names_the_variable(monkeypatch, value, message):
    monkeypatch.setenv("ACCORD_TEST_NUMBER", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        config.integer("ACCORD_TEST_NUMBER", 7)
    assert str(refused.value) == message


def test_a_minimum_is_enforced(monkeypatch):
    monkeypatch.setenv("ACCORD_TEST_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="expected at least 1, got 0"):
        config.integer("ACCORD_TEST_NUMBER", 5, minimum=1)


@pytest.mark.parametrize("value", ["soon", "0", "-3", "nan", "inf"])
def test_a_bad_duration_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("ACCORD_TEST_SECONDS", value)
    with pytest.raises(ImproperlyConfigured, match=r"^ACCORD_TEST_SECONDS: expected a"):
        config.seconds("ACCORD_TEST_SECONDS", 2.0)


def test_a_duration_is_read_or_defaulted(monkeypatch):
    monkeypatch.setenv("ACCORD_TEST_SECONDS", "0.25")
    assert config.seconds("ACCORD_TEST_SECONDS", 2.0) == 0.25
    monkeypatch.delenv("ACCORD_TEST_SECONDS")
    assert config.seconds("ACCORD_TEST_SECONDS", 2.0) == 2.0


def test_postgresql_gets_a_pool_per_process_by_default(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.delenv("ACCORD_DB_POOL_SIZE", raising=False)
    monkeypatch.delenv("ACCORD_DB_CONN_MAX_AGE", raising=False)
    database = _database()
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 10, "timeout": 30}
    assert database["CONN_MAX_AGE"] == 0


def test_the_pool_size_is_configurable_and_zero_turns_it_off(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.setenv("ACCORD_DB_POOL_SIZE", "4")
    assert _database()["OPTIONS"]["pool"]["max_size"] == 4
    monkeypatch.setenv("ACCORD_DB_POOL_SIZE", "0")
    database = _database()
    assert "pool" not in database.get("OPTIONS", {})
    assert database["CONN_HEALTH_CHECKS"] is True


def test_persistent_connections_and_the_pool_exclude_each_other(monkeypatch):
    # Django refuses a pool with CONN_MAX_AGE > 0; asking for persistent connections wins.
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.delenv("ACCORD_DB_POOL_SIZE", raising=False)
    monkeypatch.setenv("ACCORD_DB_CONN_MAX_AGE", "60")
    database = _database()
    assert "pool" not in database.get("OPTIONS", {})
    assert database["CONN_MAX_AGE"] == 60


def test_a_bad_pool_size_stops_start_up(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.setenv("ACCORD_DB_POOL_SIZE", "many")
    with pytest.raises(ImproperlyConfigured, match="ACCORD_DB_POOL_SIZE"):
        _database()


def test_sqlite_has_no_pool(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    database = _database()
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert "pool" not in database["OPTIONS"]


def test_the_analysis_mode_is_one_of_the_known_modes(monkeypatch):
    monkeypatch.setenv("ACCORD_TEST_MODE", "process")
    with pytest.raises(ImproperlyConfigured, match=r"^ACCORD_TEST_MODE: expected one of a, b"):
        config.choice("ACCORD_TEST_MODE", "a", ("a", "b"))
    monkeypatch.setenv("ACCORD_TEST_MODE", " b ")
    assert config.choice("ACCORD_TEST_MODE", "a", ("a", "b")) == "b"
    monkeypatch.setenv("ACCORD_TEST_MODE", "")
    assert config.choice("ACCORD_TEST_MODE", "a", ("a", "b")) == "a"

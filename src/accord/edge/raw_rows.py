"""Rows of the hot paths read and written by SQL built once per process (issue 18).

Django compiles a queryset's SQL anew on every request, and on a one-vote request that was
most of the CPU. The few statements every write runs are therefore written here once per
model and database vendor, and the rows they read become model instances exactly as the
ORM makes them: the columns in the model's order, each through the converters the ORM
applies (`from_db_value`, the backend's own), then `Model.from_db`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

M = TypeVar("M", bound=models.Model)

Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


class Columns:
    """`model`'s concrete columns under the table alias `alias`, as a SELECT list, and the
    instance made from the values of those columns in a fetched row."""

    def __init__(self, model: type[models.Model], alias: str, connection: BaseDatabaseWrapper):
        quote = connection.ops.quote_name
        self.model = model
        fields = model._meta.concrete_fields
        self.count = len(fields)
        self.names = [field.attname for field in fields]
        self.sql = ", ".join(f"{quote(alias)}.{quote(str(f.column))}" for f in fields)
        self.converters: list[tuple[int, list[Converter], Any]] = []
        for index, field in enumerate(fields):
            column = field.get_col(alias)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                self.converters.append((index, found, column))

    def instance(self, row: Sequence[Any], connection: BaseDatabaseWrapper, start: int = 0) -> Any:
        """The model instance of `row[start : start + count]`, as the ORM would make it."""
        values = list(row[start : start + self.count])
        for index, found, column in self.converters:
            value = values[index]
            for convert in found:
                value = convert(value, column, connection)
            values[index] = value
        return self.model.from_db(connection.alias, self.names, values)


_columns: dict[tuple[type[models.Model], str, str], Columns] = {}


def columns(model: type[M], alias: str, connection: BaseDatabaseWrapper) -> Columns:
    """The `Columns` of `model` under `alias`, made once per database vendor."""
    key = (model, alias, connection.vendor)
    found = _columns.get(key)
    if found is None:
        found = _columns[key] = Columns(model, alias, connection)
    return found


def placeholders(count: int) -> str:
    """`%s, %s, …`: `count` parameters of an IN list."""
    return ", ".join(["%s"] * count)

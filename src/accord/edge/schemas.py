"""The error body's schema (DESIGN §5), declared on every operation by the API root."""

from __future__ import annotations

from ninja import Schema


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    code: str
    errors: list[FieldErrorOut] | None = None

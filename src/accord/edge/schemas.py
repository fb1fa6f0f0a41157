"""The error body's schema (DESIGN §5), declared on every operation by the API root."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    code: str
    errors: list[FieldErrorOut] | None = None


class Input(Schema):
    """The base of every request body: a field it does not know is refused (422), and the
    OpenAPI document says so (`additionalProperties: false`), so that a client's typo in a
    field's name is not silently dropped."""

    model_config = ConfigDict(extra="forbid")

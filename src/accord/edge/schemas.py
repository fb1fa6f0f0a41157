"""The error body's schema (DESIGN §5), declared on every operation by the API root, and the
challenge an act that speaks for a state is signed over (issue 12)."""

from __future__ import annotations

from typing import Any

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


class ChallengeOut(Schema):
    """A server-signed, single-use challenge an act that speaks for a state is signed over
    (issue 12): `challenge` is the `accord-act-challenge/1` object, signed by the log key."""

    challenge: dict[str, Any]
    key_fingerprint: str
    signature: str

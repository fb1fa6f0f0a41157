"""What a state signs: the canonical bytes of its signing statement (see `bundles`).

RFC 8785 canonical JSON throughout, so that every verifier, in any language, rebuilds the
exact bytes that were signed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import rfc8785

SIGNATURE_PURPOSE = "accord-adoption-signature/1"


def canonical_bytes(value: Any) -> bytes:
    """RFC 8785 canonical JSON bytes of a JSON value."""
    return rfc8785.dumps(value)


def sha256_hex(data: bytes) -> str:
    """SHA-256 of `data`, lower-case hex."""
    return hashlib.sha256(data).hexdigest()


def signing_statement(
    *, text_sha256: str, record: Mapping[str, Any], record_sha256: str, state: str, signed_at: str
) -> bytes:
    """The exact bytes a state signs (the statement `bundles` describes)."""
    return canonical_bytes(
        {
            "purpose": SIGNATURE_PURPOSE,
            "document_id": record.get("document_id"),
            "revision": record.get("revision"),
            "text_sha256": text_sha256,
            "adoption_record_sha256": record_sha256,
            "state": state,
            "signed_at": signed_at,
        }
    )


class StatementWriter:
    """`signing_statement` for many signatures over one text and record, built fast.

    RFC 8785 serialises an object as its members in sorted key order, so the canonical
    statement is the canonical bytes of the constant members, with the two members that vary
    (`signed_at`, `state`, which sort between `revision` and `text_sha256`) spliced in. Every
    piece is still produced by `rfc8785`; a test checks the result equals `signing_statement`.
    """

    def __init__(self, *, text_sha256: str, record: Mapping[str, Any], record_sha256: str) -> None:
        head = {
            "purpose": SIGNATURE_PURPOSE,
            "document_id": record.get("document_id"),
            "revision": record.get("revision"),
            "adoption_record_sha256": record_sha256,
        }
        self._head = canonical_bytes(head)[:-1]  # without the closing brace
        self._tail = canonical_bytes({"text_sha256": text_sha256})[1:]  # without the opening

    def statement(self, state: str, signed_at: str) -> bytes:
        return b"".join(
            (
                self._head,
                b',"signed_at":',
                canonical_bytes(signed_at),
                b',"state":',
                canonical_bytes(state),
                b",",
                self._tail,
            )
        )

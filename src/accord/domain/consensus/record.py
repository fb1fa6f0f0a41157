"""What an adoption procedure produces: the adoption record and the chair's statement.

Split from `procedure` (the state machine) so that `signing` can read and check records
without the procedure. Times in canonical JSON have one text form (`instants.format_time`): UTC,
microseconds, `Z`, the same as the ledger's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import rfc8785

from accord.domain.consensus.instants import format_time, parse_time
from accord.domain.errors import InvalidInput

RECORD_FORMAT = "accord-adoption-record/1"
CHAIR_STATEMENT_FORMAT = "accord-chair-statement/1"
CHAIR_STATEMENT_LABEL = "Chair's statement"
CHAIR_STATEMENT_NOTICE = (
    "Issued under the chair's own responsibility. It was not agreed by the members "
    "and is not signed by them."
)


class ProcedureKind(StrEnum):
    """How the text is put to adoption."""

    CONSENSUS = "consensus"
    SILENCE = "silence"


@dataclass(frozen=True)
class Explanation:
    """An explanation of position and/or dissociation from named paragraphs (`OP3`)."""

    state: str
    text: str
    dissociated_from: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class ChairStatement:
    """Issued under the chair's own responsibility when consensus fails: never agreed."""

    document_id: str
    revision: int
    chair: str
    issued_at: datetime
    text: str
    label: str = CHAIR_STATEMENT_LABEL
    agreed: bool = False  # always False: a chair's statement is never presented as agreed
    signed: bool = False  # always False: states do not sign it

    def to_dict(self) -> dict[str, Any]:
        """JSON form, labelled, with the notice that it is neither agreed nor signed."""
        return {
            "format": CHAIR_STATEMENT_FORMAT,
            "label": self.label,
            "notice": CHAIR_STATEMENT_NOTICE,
            "agreed": False,
            "signed": False,
            "document_id": self.document_id,
            "revision": self.revision,
            "chair": self.chair,
            "issued_at": format_time(self.issued_at),
            "text": self.text,
        }


@dataclass(frozen=True)
class AdoptionRecord:
    """What was adopted, how, when and by whom: signed by each adopting state."""

    document_id: str
    revision: int
    text_hash: str
    procedure: ProcedureKind
    opened_at: datetime
    closed_at: datetime
    adopted_by: tuple[str, ...]  # member states, sorted; never empty
    explanations: tuple[Explanation, ...]  # sorted by state

    def __post_init__(self) -> None:
        if not self.adopted_by:
            raise InvalidInput("an adoption record names at least one adopting state")
        if list(self.adopted_by) != sorted(set(self.adopted_by)):
            raise InvalidInput("adopting states must be unique and sorted")
        if self.closed_at < self.opened_at:
            raise InvalidInput("an adoption cannot close before it opened")
        states = [e.state for e in self.explanations]
        if states != sorted(set(states)) or not set(states) <= set(self.adopted_by):
            raise InvalidInput("explanations come from adopting states, one each, sorted")

    def to_dict(self) -> dict[str, Any]:
        """JSON form; `record_from_dict` inverts it."""
        return {
            "format": RECORD_FORMAT,
            "document_id": self.document_id,
            "revision": self.revision,
            "text_sha256": self.text_hash,
            "procedure": self.procedure.value,
            "opened_at": format_time(self.opened_at),
            "closed_at": format_time(self.closed_at),
            "adopted_by": list(self.adopted_by),
            "explanations": [
                {
                    "state": e.state,
                    "text": e.text,
                    "dissociated_from": list(e.dissociated_from),
                    "at": format_time(e.at),
                }
                for e in self.explanations
            ],
        }

    def canonical_bytes(self) -> bytes:
        """RFC 8785 bytes of `to_dict()`."""
        return rfc8785.dumps(self.to_dict())

    def record_hash(self) -> str:
        """SHA-256 (hex) of the canonical bytes."""
        return hashlib.sha256(self.canonical_bytes()).hexdigest()


def record_from_dict(d: Mapping[str, Any]) -> AdoptionRecord:
    """Parse an adoption record; InvalidInput on anything malformed or inconsistent."""
    if not isinstance(d, Mapping) or d.get("format") != RECORD_FORMAT:
        raise InvalidInput(f"adoption record: format must be {RECORD_FORMAT!r}")
    try:
        explanations = tuple(
            Explanation(
                state=_field(e, "state", str),
                text=_field(e, "text", str),
                dissociated_from=tuple(_strings(_field(e, "dissociated_from", list))),
                at=parse_time(_field(e, "at", str)),
            )
            for e in _field(d, "explanations", list)
        )
        return AdoptionRecord(
            document_id=_field(d, "document_id", str),
            revision=_field(d, "revision", int),
            text_hash=_field(d, "text_sha256", str),
            procedure=ProcedureKind(_field(d, "procedure", str)),
            opened_at=parse_time(_field(d, "opened_at", str)),
            closed_at=parse_time(_field(d, "closed_at", str)),
            adopted_by=tuple(_strings(_field(d, "adopted_by", list))),
            explanations=explanations,
        )
    except ValueError as exc:  # an unknown procedure kind
        raise InvalidInput(f"adoption record: {exc}") from exc


def _field(d: Any, key: str, kind: type) -> Any:
    value = d.get(key) if isinstance(d, Mapping) else None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InvalidInput(f"adoption record: field {key!r} is missing or has the wrong type")
    return value


def _strings(values: list[Any]) -> list[str]:
    if not all(isinstance(v, str) for v in values):
        raise InvalidInput("adoption record: expected a list of strings")
    return values

"""Canonical JSON of the negotiation text: revisions, and the text put to adoption.

`revision_to_dict` / `revision_from_dict` round-trip exactly (sets as sorted lists), and
`canonical_revision_bytes` is their RFC 8785 form, the stable input for hashing. `adopted_text`
is the bracket-free text that is adopted and signed; `text_hash` is what an adoption record
and a verification bundle carry for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import rfc8785

from accord.domain.errors import InvalidInput, RuleViolation
from accord.domain.negotiation.text import (
    Alternative,
    AmendmentRecord,
    Bracket,
    Decision,
    Paragraph,
    ParagraphKind,
    ResolutionRecord,
    Revision,
    Segment,
    Text,
)

REVISION_FORMAT = "accord-revision/1"
TEXT_FORMAT = "accord-text/1"


def _alternative_to_dict(a: Alternative) -> dict[str, Any]:
    return {"text": a.text, "backers": sorted(a.backers), "amendments": list(a.amendments)}


def _segment_to_dict(s: Segment) -> dict[str, Any]:
    if isinstance(s, Text):
        return {"text": s.text}
    return {"bracket": s.id, "alternatives": [_alternative_to_dict(a) for a in s.alternatives]}


def paragraph_to_dict(p: Paragraph) -> dict[str, Any]:
    """JSON-ready form of a paragraph."""
    return {
        "id": p.id,
        "kind": p.kind.value,
        "ad_referendum": sorted(p.ad_referendum),
        "segments": [_segment_to_dict(s) for s in p.segments],
    }


def revision_to_dict(r: Revision) -> dict[str, Any]:
    """JSON-ready form of a revision; `revision_from_dict` inverts it exactly."""
    return {
        "format": REVISION_FORMAT,
        "document_id": r.document_id,
        "number": r.number,
        "title": r.title,
        "issued_by": r.issued_by,
        "last_paragraph_id": r.last_paragraph_id,
        "last_bracket_id": r.last_bracket_id,
        "paragraphs": [paragraph_to_dict(p) for p in r.paragraphs],
        "amendments": [
            {
                "amendment_id": a.amendment_id,
                "proposer": a.proposer,
                "supporters": sorted(a.supporters),
                "decision": a.decision.value,
                "paragraph_id": a.paragraph_id,
            }
            for a in r.amendments
        ],
        "resolutions": [
            {
                "bracket_id": x.bracket_id,
                "paragraph_id": x.paragraph_id,
                "chosen": _alternative_to_dict(x.chosen),
            }
            for x in r.resolutions
        ],
    }


def canonical_revision_bytes(r: Revision) -> bytes:
    """RFC 8785 canonical JSON of the revision (stable input for hashing and signing)."""
    return rfc8785.dumps(revision_to_dict(r))


def revision_hash(r: Revision) -> str:
    """SHA-256 (hex) of `canonical_revision_bytes`."""
    return hashlib.sha256(canonical_revision_bytes(r)).hexdigest()


def _get(d: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = d.get(key) if isinstance(d, Mapping) else None
    # bool is an int in Python; a JSON true is never a valid id or number here.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise InvalidInput(f"revision: field {key!r} is missing or has the wrong type")
    return value


def _strings(values: Any, key: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InvalidInput(f"revision: field {key!r} must be a list of strings")
    return values


def _alternative_from_dict(d: Any) -> Alternative:
    return Alternative(
        text=_get(d, "text", str),
        backers=frozenset(_strings(_get(d, "backers", list), "backers")),
        amendments=tuple(_strings(_get(d, "amendments", list), "amendments")),
    )


def _segment_from_dict(d: Any) -> Segment:
    if isinstance(d, Mapping) and "bracket" in d:
        alternatives = tuple(_alternative_from_dict(a) for a in _get(d, "alternatives", list))
        return Bracket(_get(d, "bracket", int), alternatives)
    return Text(_get(d, "text", str))


def revision_from_dict(d: Mapping[str, Any]) -> Revision:
    """Parse `revision_to_dict` output; InvalidInput on anything malformed."""
    if not isinstance(d, Mapping) or d.get("format") != REVISION_FORMAT:
        raise InvalidInput(f"revision: format must be {REVISION_FORMAT!r}")
    try:
        paragraphs = tuple(
            Paragraph(
                id=_get(p, "id", int),
                kind=ParagraphKind(_get(p, "kind", str)),
                segments=tuple(_segment_from_dict(s) for s in _get(p, "segments", list)),
                ad_referendum=frozenset(_strings(_get(p, "ad_referendum", list), "ad_ref")),
            )
            for p in _get(d, "paragraphs", list)
        )
        amendments = tuple(
            AmendmentRecord(
                amendment_id=_get(a, "amendment_id", str),
                proposer=_get(a, "proposer", str),
                supporters=frozenset(_strings(_get(a, "supporters", list), "supporters")),
                decision=Decision(_get(a, "decision", str)),
                paragraph_id=(
                    None if a.get("paragraph_id") is None else _get(a, "paragraph_id", int)
                ),
            )
            for a in _get(d, "amendments", list)
        )
        resolutions = tuple(
            ResolutionRecord(
                bracket_id=_get(x, "bracket_id", int),
                paragraph_id=_get(x, "paragraph_id", int),
                chosen=_alternative_from_dict(_get(x, "chosen", Mapping)),
            )
            for x in _get(d, "resolutions", list)
        )
    except (ValueError, AttributeError) as exc:  # an unknown enum value, a non-object item
        raise InvalidInput(f"revision: malformed ({exc})") from exc
    return Revision(
        document_id=_get(d, "document_id", str),
        number=_get(d, "number", int),
        title=_get(d, "title", str),
        paragraphs=paragraphs,
        issued_by=_get(d, "issued_by", str),
        last_paragraph_id=_get(d, "last_paragraph_id", int),
        last_bracket_id=_get(d, "last_bracket_id", int),
        amendments=amendments,
        resolutions=resolutions,
    )


# --- the adopted text ------------------------------------------------------------------------


def adopted_text(r: Revision) -> dict[str, Any]:
    """The text that is put to adoption and signed: numbered paragraphs, no brackets.

    RuleViolation while any bracket remains (DESIGN §2 rule 4: a text with brackets cannot
    be put to adoption).
    """
    if not r.is_adoptable:
        labels = r.labels()
        open_ = ", ".join(labels[i] for i in r.open_paragraphs)
        raise RuleViolation(f"{r.label} still holds brackets ({open_}): it cannot be adopted")
    labels = r.labels()
    return {
        "format": TEXT_FORMAT,
        "document_id": r.document_id,
        "revision": r.number,
        "title": r.title,
        "paragraphs": [
            {"number": labels[p.id], "kind": p.kind.value, "text": p.agreed_text()}
            for p in r.paragraphs
        ],
    }


def text_hash(text: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the RFC 8785 canonical bytes of an `adopted_text` dict."""
    return hashlib.sha256(rfc8785.dumps(dict(text))).hexdigest()

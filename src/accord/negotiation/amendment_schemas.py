"""Input and output of the amendments API (`/documents/{id}/amendments`): an amendment with
its wording in the document's other language versions (rule 8)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from accord.edge.fields import Ordinal, Prose, RevisionNumber
from accord.edge.schemas import Input
from accord.negotiation.models import Amendment


class SpanIn(Input):
    segment: int = Field(..., ge=0, le=10_000)
    start: int = Field(0, ge=0, le=1_000_000)
    end: int = Field(0, ge=0, le=1_000_000)


VersionLanguage = Literal["en", "zh", "ru"]


class AmendmentWordingIn(Input):
    text: Prose = Field("", max_length=20000, description="the new words in that version")
    quote: Prose | None = Field(
        None, max_length=2000, description="the agreed words they replace in that version"
    )
    occurrence: int = Field(1, ge=1, le=10_000)


class AmendmentWordingOut(Schema):
    text: str
    quote: str | None
    occurrence: int


class AmendmentIn(Input):
    against: RevisionNumber = Field(..., description="the revision number it is proposed against")
    language: VersionLanguage | None = Field(
        None, description="the language it is proposed in (default: the working language)"
    )
    translations: dict[VersionLanguage, AmendmentWordingIn] = Field(
        default_factory=dict, max_length=2,
        description="its wording in the document's other language versions",
    )  # fmt: skip
    kind: Literal["insert-paragraph", "replace-span", "replace-paragraph", "delete-paragraph"]
    paragraph_id: Ordinal | None = None
    text: Prose = Field("", max_length=20000)
    span: SpanIn | None = None
    quote: Prose | None = Field(None, max_length=2000, description="agreed words to replace")
    occurrence: int = Field(1, ge=1, le=10_000)
    paragraph_kind: Literal["preambular", "operative"] | None = None


class AmendmentOut(Schema):
    code: str
    against: int
    proposer: str
    kind: str
    paragraph_id: int | None
    paragraph_kind: str
    span: SpanIn | None
    text: str
    language: str = Field(
        ..., description="the language it was proposed in; empty: the working language"
    )
    translations: dict[str, AmendmentWordingOut]
    supporters: list[str]
    opponents: list[str]
    withdrawn: bool
    decision: str
    proposed_at: datetime

    @staticmethod
    def build(row: Amendment) -> AmendmentOut:
        stances = list(row.stances.all())
        return AmendmentOut(
            code=row.code,
            against=row.against,
            proposer=row.proposer_state_id,
            kind=row.kind,
            paragraph_id=row.paragraph_id,
            paragraph_kind=row.paragraph_kind,
            span=(
                SpanIn(segment=row.span_segment, start=row.span_start or 0, end=row.span_end or 0)
                if row.span_segment is not None
                else None
            ),
            text=row.text,
            language=row.language,
            translations={
                code: AmendmentWordingOut(**wording)
                for code, wording in sorted(row.translations.items())
            },
            supporters=sorted(s.state_id for s in stances if s.stance == "support"),
            opponents=sorted(s.state_id for s in stances if s.stance == "oppose"),
            withdrawn=row.withdrawn_at is not None,
            decision=row.decision,
            proposed_at=row.proposed_at,
        )

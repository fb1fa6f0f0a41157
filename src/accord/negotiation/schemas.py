"""Input and output schemas of the `/documents` API: separate, with explicit fields."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import PlainSerializer, WithJsonSchema

from accord.dialogue.models import Concern, Meeting
from accord.domain import consensus, negotiation
from accord.edge.fields import (
    Code,
    Datum,
    FilledLine,
    FilledProse,
    Key,
    Line,
    NumberKey,
    Prose,
    RevisionNumber,
    StateCode,
)
from accord.edge.schemas import Input
from accord.members.public_ids import PublicIdRef
from accord.negotiation.models import AdoptionAct, Document, Revision, Signature

MeetingRef = Annotated[int, PublicIdRef(Meeting)]
ConcernRef = Annotated[int, PublicIdRef(Concern)]

# A time that is part of signed or hashed bytes (a signature's, an adoption act's, the
# record's), written exactly as it was signed: UTC, microseconds, `Z`. The default JSON form
# cuts to milliseconds, and a signature listed that way could not be verified again.
ExactTime = Annotated[
    datetime,
    PlainSerializer(consensus.format_time, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "UTC with microseconds, as signed: 2021-07-15T09:00:00.000000Z",
        }
    ),
]


class ParagraphIn(Input):
    kind: Literal["preambular", "operative"]
    text: Prose = Field("", max_length=20000)
    segments: list[Annotated[dict[Key, Datum], Field(max_length=20)]] | None = Field(
        None,
        max_length=200,
        description='Start with brackets: [{"text": …}, {"alternatives": [{"text", "backers"}]}]',
    )


class DocumentIn(Input):
    kind: Literal["joint-statement", "joint-press-release", "communique"]
    title: FilledLine = Field(..., max_length=300)
    paragraphs: list[ParagraphIn] = Field(..., min_length=1, max_length=2000)
    visibility: Literal["public", "participants", "members", "restricted", "delegation"] = (
        "participants"
    )
    states: list[StateCode] = Field(default_factory=list, max_length=100)
    meeting_id: MeetingRef | None = None
    concern_ids: list[ConcernRef] = Field(default_factory=list, max_length=100)


class DocumentOut(Schema):
    id: str
    kind: str
    title: str
    status: str
    visibility: str
    states: list[str]
    meeting_id: str | None
    current_revision: int
    adopted_at: datetime | None
    based_on: str | None

    @staticmethod
    def build(document: Document) -> DocumentOut:
        return DocumentOut(
            id=document.public_id,
            kind=document.kind,
            title=document.title,
            status=document.status,
            visibility=document.visibility,
            states=sorted(document.audience.states),
            meeting_id=document.meeting.public_id if document.meeting else None,
            current_revision=document.current_revision,
            adopted_at=document.adopted_at,
            based_on=document.based_on.public_id if document.based_on else None,
        )


class ParagraphOut(Schema):
    id: int
    number: str
    kind: str
    status: str
    text: str  # brackets shown as [alt 1 / alt 2]
    segments: list[dict[str, Any]]
    ad_referendum: list[str]


class RevisionOut(Schema):
    document: DocumentOut
    number: int
    label: str
    sha256: str
    issued_at: datetime
    adoptable: bool
    paragraphs: list[ParagraphOut]
    content: dict[str, Any]  # the domain's canonical form
    chair_statement: dict[str, Any] | None = None

    @staticmethod
    def build(document: Document, row: Revision, value: negotiation.Revision) -> RevisionOut:
        labels = value.labels()
        return RevisionOut(
            document=DocumentOut.build(document),
            number=value.number,
            label=value.label,
            sha256=row.sha256,
            issued_at=row.issued_at,
            adoptable=value.is_adoptable,
            paragraphs=[
                ParagraphOut(
                    id=p.id,
                    number=labels[p.id],
                    kind=p.kind.value,
                    status=p.status.value,
                    text=p.render(),
                    segments=negotiation.paragraph_to_dict(p)["segments"],
                    ad_referendum=sorted(p.ad_referendum),
                )
                for p in value.paragraphs
            ],
            content=row.content,
        )


class RevisionIn(Input):
    decisions: dict[
        Annotated[Code, Field(max_length=40)], Literal["agreed", "bracketed", "left-out"]
    ] = Field(default_factory=dict, max_length=1000)
    resolutions: dict[NumberKey, Annotated[int, Field(ge=0, le=1000)]] = Field(
        default_factory=dict,
        max_length=1000,
        description="bracket id -> index of the chosen alternative",
    )
    ad_referendum: dict[NumberKey, Annotated[list[StateCode], Field(max_length=100)]] | None = (
        Field(None, max_length=1000)
    )
    title: FilledLine | None = Field(None, max_length=300)
    based_on: RevisionNumber | None = Field(
        None, description="the revision the chair was looking at"
    )


class HunkOut(Schema):
    tag: str
    old: str
    new: str


class ChangeOut(Schema):
    paragraph_id: int
    change: str
    label_from: str | None
    label_to: str | None
    markup: str
    hunks: list[HunkOut]
    amendments: list[str]
    proposers: list[str]
    resolved_brackets: list[int]


class RedlineOut(Schema):
    from_number: int
    to_number: int
    changes: list[ChangeOut]

    @staticmethod
    def build(line: negotiation.Redline) -> RedlineOut:
        def text(tokens: tuple[object, ...]) -> str:
            return "".join(
                t
                if isinstance(t, str)
                else negotiation.Paragraph(1, negotiation.ParagraphKind.OPERATIVE, (t,)).render()  # type: ignore[arg-type]
                for t in tokens
            )

        return RedlineOut(
            from_number=line.from_number,
            to_number=line.to_number,
            changes=[
                ChangeOut(
                    paragraph_id=c.paragraph_id,
                    change=c.change.value,
                    label_from=c.label_from,
                    label_to=c.label_to,
                    markup=c.markup(),
                    hunks=[
                        HunkOut(tag=h.tag, old=text(h.old), new=text(h.new))
                        for h in c.hunks
                        if h.tag != "equal"
                    ],
                    amendments=list(c.amendments),
                    proposers=list(c.proposers),
                    resolved_brackets=list(c.resolved_brackets),
                )
                for c in line.changes
            ],
        )


class AdoptionOpenIn(Input):
    kind: Literal["consensus", "silence"]
    deadline: datetime | None = None
    # Members absent when the text is put (rules where no member present objects).
    absent: list[StateCode] = Field(default_factory=list, max_length=200)


class AdoptionActIn(Input):
    act: Literal[
        "approve",
        "approve-ad-referendum",
        "confirm-ad-referendum",
        "object",
        "break-silence",
        "explain",
        "dissociate",
        "close",
    ]
    reason: Prose = Field("", max_length=10000, description="objection, silence broken, or text")
    confirm_by: datetime | None = None
    paragraphs: list[Annotated[Line, Field(max_length=40)]] = Field(
        default_factory=list, max_length=500
    )
    signed: dict[str, Any] | None = Field(
        None,
        max_length=50,
        description="the signed act (accord-signed-act/1) over a challenge from "
        "POST /documents/{id}/adoption/challenge; required for a state with a root key",
    )


class ActOut(Schema):
    act: str
    state: str | None
    at: ExactTime
    reason: str
    confirm_by: ExactTime | None
    dissociated_from: list[str]

    @staticmethod
    def build(row: AdoptionAct) -> ActOut:
        return ActOut(
            act=row.act,
            state=row.state_id,
            at=row.at,
            reason=row.reason,
            confirm_by=row.confirm_by,
            dissociated_from=list(row.dissociated_from),
        )


class AdoptionOut(Schema):
    kind: str
    revision: int
    opened_at: ExactTime
    deadline: ExactTime | None
    outcome: str
    decided_at: ExactTime | None
    reason: str
    members: list[str]
    observers: list[str]
    approving: list[str]
    awaiting: list[str]
    objecting: list[str]
    silent: list[str]  # absent members whose silence counts as no objection now
    acts: list[ActOut]
    adoption_record: dict[str, Any] | None

    @staticmethod
    def build(
        procedure: Any, value: consensus.Procedure, evaluation: consensus.Evaluation
    ) -> AdoptionOut:
        return AdoptionOut(
            kind=procedure.kind,
            revision=value.revision,
            opened_at=procedure.opened_at,
            deadline=procedure.deadline,
            outcome=evaluation.outcome.value,
            decided_at=evaluation.decided_at,
            reason=evaluation.reason,
            members=sorted(value.members),
            observers=sorted(value.observers),
            approving=list(evaluation.approving),
            awaiting=list(evaluation.awaiting),
            objecting=list(evaluation.objecting),
            silent=list(evaluation.silent),
            acts=[ActOut.build(a) for a in procedure.acts.all()],
            adoption_record=procedure.record,
        )


class ChairStatementIn(Input):
    text: FilledProse = Field(..., max_length=20000)


class SignatureIn(Input):
    state: str | None = None
    key_fingerprint: str = Field(..., max_length=200)
    signed_at: str = Field(..., max_length=40)
    signature: str = Field(..., max_length=200)
    adoption_record_sha256: str = Field(..., max_length=64)


class SignatureOut(Schema):
    state: str
    key_fingerprint: str
    signed_at: ExactTime
    signature: str
    adoption_record_sha256: str
    # Issue 12: the head who signed for a state under its roster (null: its state key).
    person: str | None = None

    @staticmethod
    def build(row: Signature) -> SignatureOut:
        return SignatureOut(
            state=row.state_id,
            key_fingerprint=row.key_fingerprint,
            signed_at=row.signed_at,
            signature=row.signature,
            adoption_record_sha256=row.record_sha256,
            person=row.person or None,
        )

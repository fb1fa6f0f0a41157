"""Summary records through the API: the draft, corrections, approval, the Markdown export."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema, Status

from accord.edge.fields import FilledProse
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input

from .. import records
from .routing import (
    MeetingId,
    router,
)

# --- summary records ------------------------------------------------------------------------


class EntryOut(Schema):
    ref: str
    state: str | None
    speaker: str
    item: int | None
    kind: str
    text: str
    original: str


class CorrectionOut(Schema):
    statement: str
    state: str
    text: str
    at: datetime


class RecordOut(Schema):
    meeting: str
    stage: str
    issued_at: datetime
    corrections_until: datetime
    approved_at: datetime | None
    sha256: str
    entries: list[EntryOut]
    corrections: list[CorrectionOut]

    @staticmethod
    def build(view: records.RecordView) -> RecordOut:
        row = view.row
        return RecordOut(
            meeting=row.meeting.public_id,
            stage=row.stage,
            issued_at=row.issued_at,
            corrections_until=row.corrections_until,
            approved_at=row.approved_at,
            sha256=row.final_sha256,
            entries=[EntryOut(**e) for e in view.entries],
            corrections=[
                CorrectionOut(statement=c.ref, state=c.state_id, text=c.text, at=c.at)
                for c in view.corrections
            ],
        )


class CorrectionIn(Input):
    statement: Annotated[str, Field(pattern="^itv_[a-z2-7]{26}$", max_length=30)]
    text: FilledProse = Field(..., max_length=50000)


@router.get("/meetings/{meeting_id}/record", response=RecordOut)
def get_record(request: HttpRequest, meeting_id: MeetingId) -> RecordOut:
    return RecordOut.build(records.get_record(_user(request), meeting_id))


@router.get("/meetings/{meeting_id}/record.md")
def record_markdown(request: HttpRequest, meeting_id: MeetingId) -> HttpResponse:
    view = records.get_record(_user(request), meeting_id)
    return HttpResponse(records.record_markdown(view), content_type="text/markdown; charset=utf-8")


@router.post("/meetings/{meeting_id}/record", response={201: RecordOut})
def issue_draft(request: HttpRequest, meeting_id: MeetingId) -> Status[RecordOut]:
    user = _user(request)
    records.issue_draft(actor=user, meeting_id=meeting_id)
    return Status(201, RecordOut.build(records.get_record(user, meeting_id)))


@router.post("/meetings/{meeting_id}/record/corrections", response={201: RecordOut})
def correct_record(
    request: HttpRequest, meeting_id: MeetingId, data: CorrectionIn
) -> Status[RecordOut]:
    user = _user(request)
    records.submit_correction(actor=user, meeting_id=meeting_id, ref=data.statement, text=data.text)
    return Status(201, RecordOut.build(records.get_record(user, meeting_id)))


@router.post("/meetings/{meeting_id}/record/approve", response=RecordOut)
def approve_record(request: HttpRequest, meeting_id: MeetingId) -> RecordOut:
    user = _user(request)
    records.approve_record(actor=user, meeting_id=meeting_id)
    return RecordOut.build(records.get_record(user, meeting_id))

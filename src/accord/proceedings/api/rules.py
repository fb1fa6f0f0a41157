"""Rules of procedure through the API: `/rules`, a series adopted, a meeting held under it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Schema, Status

from accord.dialogue import selectors as dialogue_selectors
from accord.dialogue.public_refs import MeetingRef
from accord.edge.fields import FilledLine
from accord.edge.pagination import Page, Paged, PageQuery, listed
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input
from accord.members.models import User

from .. import series
from ..models import MeetingSeries
from .routing import (
    Seconds,
    SeriesCode,
    router,
)

# --- rules of procedure ---------------------------------------------------------------------


Power = Literal["consult", "propose-wording", "report"]


def _default_powers() -> list[Power]:
    return ["consult", "report"]


class RulesIn(Input):
    consent: Literal["every-member-approves", "no-objection"] = "every-member-approves"
    quorum: Annotated[int, Field(ge=0, le=1000)] = 1
    absent_window: Seconds = 86400
    silence_minimum: Seconds = 72 * 3600
    silence_period: Seconds = 72 * 3600
    silence_broken_by: Literal["heads", "delegations"] = "heads"
    amendment_breaks_silence: bool = False
    ad_referendum_window: Seconds = 7 * 86400
    statement_time: Seconds | None = None
    reply_time: Seconds | None = None
    replies_per_item: Annotated[int, Field(ge=0, le=100)] | None = None
    observers_raise_points_of_order: bool = False
    correction_window: Seconds = 7 * 86400
    facilitator_powers: list[Power] = Field(default_factory=_default_powers, max_length=3)


class SeriesIn(Input):
    code: Annotated[str, Field(pattern="^[A-Za-z0-9-]{1,40}$", max_length=40)]
    name: FilledLine = Field(..., max_length=200)
    rules: RulesIn


class SeriesOut(Schema):
    code: str
    name: str
    rules: dict[str, Any]
    meetings: list[str]

    @staticmethod
    def build(row: MeetingSeries, viewer: User) -> SeriesOut:
        # Only the meetings the reader may see: a restricted meeting held under the series
        # must answer like one that does not exist (rule 5).
        visible = dialogue_selectors.meetings(viewer).filter(series_link__series=row)
        return SeriesOut(
            code=row.code,
            name=row.name,
            rules=row.rules,
            meetings=[meeting.public_id for meeting in visible.order_by("pk")],
        )


class HeldUnderIn(Input):
    meeting: MeetingRef


@router.get("/rules", response=Paged[SeriesOut])
def list_rules(
    request: HttpRequest, response: HttpResponse, page: Query[PageQuery]
) -> Page[SeriesOut]:
    """A page of the meeting series with their rules, by name."""
    user = _user(request)
    return listed(
        request, response, series.series_page(page.page()), lambda s: SeriesOut.build(s, user)
    )


@router.post("/rules", response={201: SeriesOut})
def adopt_rules(request: HttpRequest, data: SeriesIn) -> Status[SeriesOut]:
    row = series.adopt_rules(
        actor=_user(request),
        code=series.check_code(data.code),
        name=data.name,
        rules=data.rules.model_dump(),
    )
    return Status(201, SeriesOut.build(row, _user(request)))


@router.post("/rules/{code}/meetings", response=SeriesOut)
def hold_under(request: HttpRequest, code: SeriesCode, data: HeldUnderIn) -> SeriesOut:
    link = series.hold_under(actor=_user(request), code=code, meeting_id=data.meeting)
    return SeriesOut.build(link.series, _user(request))

"""Bilaterals through the API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Status

from accord.dialogue.public_refs import BilateralId, MeetingRef
from accord.edge.pagination import Page, Paged, PageQuery, listed
from accord.edge.requests import acting_user as _user

from .. import selectors, services
from .routing import router
from .schemas import AcceptIn, BilateralIn, BilateralOut, DeclineIn

# --- Bilaterals -----------------------------------------------------------------------


@router.get("/bilaterals", response=Paged[BilateralOut])
def list_bilaterals(
    request: HttpRequest,
    response: HttpResponse,
    page: Query[PageQuery],
    meeting: MeetingRef | None = None,
) -> Page[BilateralOut]:
    found = selectors.list_bilaterals(_user(request), meeting_id=meeting, page=page.page())
    return listed(request, response, found, BilateralOut.build)


@router.post("/bilaterals", response={201: BilateralOut})
def request_bilateral(request: HttpRequest, data: BilateralIn) -> Status[BilateralOut]:
    bilateral = services.request_bilateral(
        actor=_user(request),
        meeting_id=data.meeting,
        counterpart=data.counterpart,
        subject=data.subject,
        slots=[(s.starts_at, s.ends_at) for s in data.slots],
    )
    return Status(201, BilateralOut.build(bilateral))


@router.get("/bilaterals/{bilateral_id}", response=BilateralOut)
def read_bilateral(request: HttpRequest, bilateral_id: BilateralId) -> BilateralOut:
    return BilateralOut.build(selectors.get_bilateral(_user(request), bilateral_id))


@router.post("/bilaterals/{bilateral_id}/accept", response=BilateralOut)
def accept_bilateral(
    request: HttpRequest, bilateral_id: BilateralId, data: AcceptIn
) -> BilateralOut:
    bilateral = services.accept_bilateral(
        actor=_user(request), bilateral_id=bilateral_id, slot_id=data.slot
    )
    return BilateralOut.build(bilateral)


@router.post("/bilaterals/{bilateral_id}/decline", response=BilateralOut)
def decline_bilateral(
    request: HttpRequest, bilateral_id: BilateralId, data: DeclineIn
) -> BilateralOut:
    bilateral = services.decline_bilateral(
        actor=_user(request), bilateral_id=bilateral_id, reason=data.reason
    )
    return BilateralOut.build(bilateral)

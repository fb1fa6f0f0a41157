"""Concerns through the API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Status

from accord.dialogue.public_refs import ConcernId
from accord.edge.fields import (
    Code,
)
from accord.edge.pagination import Page, Paged, PageQuery, listed
from accord.edge.requests import acting_user as _user

from .. import selectors, services
from .routing import router
from .schemas import ConcernIn, ConcernOut, StatusIn

# --- Concerns -------------------------------------------------------------------------


@router.get("/concerns", response=Paged[ConcernOut])
def list_concerns(
    request: HttpRequest,
    response: HttpResponse,
    page: Query[PageQuery],
    status: Code | None = Query(None, max_length=40),  # noqa: B008 - Ninja's way
    category: Code | None = Query(None, max_length=40),  # noqa: B008
    member: Code | None = Query(None, max_length=3),  # noqa: B008
) -> Page[ConcernOut]:
    """A page of the concerns the caller may see, the newest first."""
    found = selectors.list_concerns(
        _user(request), status=status, category=category, member=member, page=page.page()
    )
    return listed(request, response, found, ConcernOut.build)


@router.post("/concerns", response={201: ConcernOut})
def raise_concern(request: HttpRequest, data: ConcernIn) -> Status[ConcernOut]:
    concern = services.raise_concern(actor=_user(request), **data.dict())
    return Status(201, ConcernOut.build(concern))


@router.get("/concerns/{concern_id}", response=ConcernOut)
def read_concern(request: HttpRequest, concern_id: ConcernId) -> ConcernOut:
    return ConcernOut.build(selectors.get_concern(_user(request), concern_id))


@router.post("/concerns/{concern_id}/status", response=ConcernOut)
def move_concern(request: HttpRequest, concern_id: ConcernId, data: StatusIn) -> ConcernOut:
    concern = services.move_concern(
        actor=_user(request), concern_id=concern_id, to=data.to, note=data.note
    )
    return ConcernOut.build(concern)


@router.post("/concerns/{concern_id}/co-sponsors", response=ConcernOut)
def co_sponsor(request: HttpRequest, concern_id: ConcernId) -> ConcernOut:
    concern = services.co_sponsor_concern(actor=_user(request), concern_id=concern_id)
    return ConcernOut.build(concern)

"""Search and the calendar feed through the API."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Status

from accord.edge.fields import (
    FilledLine,
)
from accord.edge.pagination import PageQuery, next_url
from accord.edge.requests import acting_user as _user

from .. import selectors, services
from .routing import router
from .schemas import CalendarFeedOut, ConcernOut, InterventionOut, SearchNextOut, SearchOut

# --- Search and the calendar feed -----------------------------------------------------


@router.get("/search", response=SearchOut)
def search(
    request: HttpRequest,
    page: Query[PageQuery],
    q: FilledLine = Query(..., max_length=200),  # noqa: B008 - Ninja's way
    kind: Literal["concerns", "interventions"] | None = None,
) -> SearchOut:
    """A page of each kind of result; `next` links to the next page of each (`?kind=` and
    `?cursor=`: a cursor belongs to one kind's results)."""
    results = selectors.search(_user(request), q, kind=kind, page=page.page())
    return SearchOut(
        concerns=[ConcernOut.build(c) for c in results.concerns],
        interventions=[InterventionOut.build(i) for i in results.interventions],
        next=SearchNextOut(
            concerns=next_url(request, results.concerns.next, kind="concerns"),
            interventions=next_url(request, results.interventions.next, kind="interventions"),
        ),
    )


@router.post("/calendar/feed", response={201: CalendarFeedOut})
def issue_calendar_feed(request: HttpRequest) -> Status[CalendarFeedOut]:
    """A new secret address of the caller's calendar feed (the previous one stops working)."""
    token = services.issue_calendar_feed(actor=_user(request))
    url = request.build_absolute_uri(reverse("dialogue:calendar-feed", args=[token]))
    return Status(201, CalendarFeedOut(url=url))

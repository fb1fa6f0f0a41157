"""Search and the calendar feed through the API."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Status

from accord.edge.fields import (
    FilledLine,
)
from accord.edge.requests import acting_user as _user

from .. import selectors, services
from .routing import router
from .schemas import CalendarFeedOut, ConcernOut, InterventionOut, SearchOut

# --- Search and the calendar feed -----------------------------------------------------


@router.get("/search", response=SearchOut)
def search(
    request: HttpRequest,
    q: FilledLine = Query(..., max_length=200),  # noqa: B008 - Ninja's way
) -> SearchOut:
    results = selectors.search(_user(request), q)
    return SearchOut(
        concerns=[ConcernOut.build(c) for c in results.concerns],
        interventions=[InterventionOut.build(i) for i in results.interventions],
    )


@router.post("/calendar/feed", response={201: CalendarFeedOut})
def issue_calendar_feed(request: HttpRequest) -> Status[CalendarFeedOut]:
    """A new secret address of the caller's calendar feed (the previous one stops working)."""
    token = services.issue_calendar_feed(actor=_user(request))
    url = request.build_absolute_uri(reverse("dialogue:calendar-feed", args=[token]))
    return Status(201, CalendarFeedOut(url=url))

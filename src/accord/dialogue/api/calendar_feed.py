"""The calendar feed through the API (search is `accord.search.api`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Status

from accord.edge.requests import acting_user

from .. import services
from .routing import router
from .schemas import CalendarFeedOut

# --- The calendar feed ----------------------------------------------------------------


@router.post("/calendar/feed", response={201: CalendarFeedOut})
def issue_calendar_feed(request: HttpRequest) -> Status[CalendarFeedOut]:
    """A new secret address of the caller's calendar feed (the previous one stops working)."""
    token = services.issue_calendar_feed(actor=acting_user(request))
    url = request.build_absolute_uri(reverse("dialogue:calendar-feed", args=[token]))
    return Status(201, CalendarFeedOut(url=url))

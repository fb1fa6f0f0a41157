"""The calendar page and the calendar feed (search is `accord.search`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.edge.requests import acting_user as _user

from .. import selectors, services
from ..invitations import calendar_of

# --- The calendar -------------------------------------------------------------------


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    feed_url = None
    if request.method == "POST":
        token = services.issue_calendar_feed(actor=user)
        feed_url = request.build_absolute_uri(reverse("dialogue:calendar-feed", args=[token]))
    return render(
        request,
        "dialogue/calendar.html",
        {"meetings": selectors.calendar_meetings(user), "feed_url": feed_url},
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed, for calendar programs: the secret address is the credential."""
    user = selectors.user_for_calendar_token(services.calendar_token_hash(token))
    if user is None:
        raise Http404(_("Not found."))
    body = calendar_of(selectors.calendar_meetings(user), name=_("Accord meetings"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response

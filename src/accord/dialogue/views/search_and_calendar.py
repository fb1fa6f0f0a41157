"""Search, the calendar page and the calendar feed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.domain.errors import InvalidInput
from accord.edge.pagination import next_url, page_request
from accord.edge.requests import acting_user as _user

from .. import selectors, services
from ..invitations import calendar_of

# --- Search and the calendar ----------------------------------------------------------


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    kind = request.GET.get("kind") or None
    results = None
    error = None
    context: dict[str, object] = {}
    if query:
        try:
            results = selectors.search(
                _user(request), query, kind=kind, page=page_request(request.GET)
            )
        except InvalidInput as problem:
            error = problem.message
        else:
            context = {
                "next_concerns": next_url(request, results.concerns.next, kind="concerns"),
                "next_interventions": next_url(
                    request, results.interventions.next, kind="interventions"
                ),
            }
    context.update({"query": query, "kind": kind, "results": results, "error": error})
    return render(request, "dialogue/search.html", context)


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

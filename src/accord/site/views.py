"""The home page and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from accord.members.models import ChairTerm, User
from accord.members.selectors import list_states
from accord.site.feed import describe, news_for
from accord.site.home_panels import panels_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What needs the person (panels by role), then what is new, in sentences."""
    user = request.user
    assert isinstance(user, User)
    now = timezone.now()
    states = list(list_states())
    return render(
        request,
        "site/home.html",
        {
            "now": now,
            "panels": panels_for(user, now),
            "members": [s for s in states if s.is_member],
            "others": [s for s in states if not s.is_member],
            "chair": ChairTerm.current(),
            "recent": describe(news_for(user.viewer(), limit=15)),
        },
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and a round trip to the database; 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})

"""The viewer's own time zone: chosen once (a cookie), then every page shows times in it,
next to the meeting's own zone where a meeting has one (`{% when %}`)."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

COOKIE = "accord_time_zone"
ONE_YEAR = 365 * 24 * 3600


def zone_named(name: str | None) -> ZoneInfo | None:
    """The IANA zone `name`, or None when it is not one."""
    if not name or len(name) > 64:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class ViewerTimeZoneMiddleware:
    """Activates the viewer's chosen zone for the request (UTC when none is chosen)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = zone_named(request.COOKIES.get(COOKIE))
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def choose(request: HttpRequest) -> HttpResponse:
    """Choose the zone times are shown in (kept in a cookie, for this browser)."""
    back = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    error = ""
    if request.method == "POST":
        name = request.POST.get("time_zone", "")
        if zone_named(name) is not None:
            response = redirect(back)
            response.set_cookie(COOKIE, name, max_age=ONE_YEAR, samesite="Lax")
            return response
        error = _("Choose a time zone from the list.")
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    current = timezone.get_current_timezone_name()
    return render(
        request,
        "site/time_zone.html",
        {"zones": ["UTC", *zones], "current": current, "next": back, "error": error},
        status=422 if error else 200,
    )

"""What every dialogue page shares: the acting user, not found as 404, form actions, local times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accord.domain.errors import DomainError, InvalidInput, NotFound
from accord.edge.params import optional_id
from accord.members.models import User
from accord.site.refusals import refusal
from accord.site.typed import keep_typed

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _visible_or_404(view: View) -> View:
    """Turn the selectors' NotFound into the site's 404 page, the same for hidden and absent."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404(_("Not found.")) from None

    return wrapped


def _act(request: HttpRequest, back: str, action: Callable[[], object], done: str) -> HttpResponse:
    """Run a service; report its refusal or its success on the page we came from."""
    try:
        action()
    except NotFound:
        raise Http404(_("Not found.")) from None
    except DomainError as refused:
        said = refusal(refused)
        messages.error(request, said.message)
        keep_typed(request, back, said)
    else:
        messages.success(request, done)
    return redirect(back)


def _local_time(value: str, zone_name: str, field: str) -> datetime:
    """A `datetime-local` form value, read in the meeting's time zone."""
    try:
        zone = ZoneInfo(zone_name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"time_zone: unknown time zone {zone_name!r}", field="time_zone"
        ) from None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{field}: a date and time") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _int_or_none(value: str | None) -> int | None:
    return optional_id(value)

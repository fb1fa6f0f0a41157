"""Sign-in throttling shared by every worker: failures are counted in the database."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accord.members.models import SignInFailure


def is_throttled(username: str, address: str) -> bool:
    """True when the account or the address has failed too often within the window."""
    since = timezone.now() - timedelta(seconds=settings.ACCORD_SIGN_IN_WINDOW_SECONDS)
    limit = settings.ACCORD_SIGN_IN_MAX_FAILURES
    recent = SignInFailure.objects.filter(at__gte=since)
    by_account = recent.filter(username=username.lower()).count()
    # An address gets more room than an account: a delegation may share one office exit.
    by_address = recent.filter(address=address).count()
    return by_account >= limit or by_address >= limit * 4


def note_failure(username: str, address: str) -> None:
    SignInFailure.objects.create(username=username.lower(), address=address)


def clear_failures(username: str) -> None:
    SignInFailure.objects.filter(Q(username=username.lower())).delete()


def client_address(meta: dict[str, object]) -> str:
    """The client's address as the proxy or the socket gives it."""
    if settings.ACCORD_BEHIND_PROXY_FLAG:
        forwarded = str(meta.get("HTTP_X_FORWARDED_FOR", ""))
        if forwarded:
            return forwarded.split(",")[0].strip()[:64]
    return str(meta.get("REMOTE_ADDR", "unknown"))[:64]

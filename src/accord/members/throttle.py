"""Sign-in throttling shared by every worker: failures are counted in the database.

Failures are counted per (account, address): an attacker who guesses a head's password from
one address is refused there, and the head still signs in from another. Across addresses an
account is slowed down, never locked: each sign-in waits a little longer the more failures
the account has had in the window, up to a bound, so nobody can keep a state from breaking
silence before a deadline by failing on purpose. An address that fails on many accounts is
refused too.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accord.members.models import SignInFailure


def is_throttled(username: str, address: str) -> bool:
    """True when this account failed too often from this address, or the address failed
    too often over all accounts, within the window."""
    since = timezone.now() - timedelta(seconds=settings.ACCORD_SIGN_IN_WINDOW_SECONDS)
    limit = settings.ACCORD_SIGN_IN_MAX_FAILURES
    recent = SignInFailure.objects.filter(at__gte=since, address=address)
    by_pair = recent.filter(username=username.lower()).count()
    # An address gets more room than a pair: a delegation may share one office exit.
    return by_pair >= limit or recent.count() >= limit * 4


def account_delay(username: str) -> float:
    """Seconds a sign-in to this account waits before its password is checked: nothing up
    to the failure limit, then doubling with each further failure from any address, bounded
    by ACCORD_SIGN_IN_MAX_DELAY_SECONDS."""
    since = timezone.now() - timedelta(seconds=settings.ACCORD_SIGN_IN_WINDOW_SECONDS)
    failures = SignInFailure.objects.filter(at__gte=since, username=username.lower()).count()
    beyond = failures - settings.ACCORD_SIGN_IN_MAX_FAILURES
    if beyond < 0:
        return 0.0
    delay = float(settings.ACCORD_SIGN_IN_SLOWDOWN_SECONDS) * 2 ** min(beyond, 16)
    return min(delay, float(settings.ACCORD_SIGN_IN_MAX_DELAY_SECONDS))


def note_failure(username: str, address: str) -> None:
    SignInFailure.objects.create(username=username.lower(), address=address)


def clear_failures(username: str, address: str) -> None:
    """A full sign-in wipes the failures of this account from this address only: an
    attacker's elsewhere keep counting."""
    SignInFailure.objects.filter(username=username.lower(), address=address).delete()


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    networks = (ipaddress.ip_network(net, strict=False) for net in settings.ACCORD_TRUSTED_PROXIES)
    return any(ip in network for network in networks)


def client_address(meta: dict[str, object]) -> str:
    """The client's address: the socket's peer, or behind a proxy the address the trusted
    proxies themselves appended to `X-Forwarded-For`.

    The header is read from the right: each trusted proxy appended the address it was
    reached from, and the first one that is not a trusted proxy is the client. Everything
    to its left the client wrote itself, so it counts for nothing. A peer that is not a
    trusted proxy is the client, whatever header it sends.
    """
    peer = str(meta.get("REMOTE_ADDR") or "unknown")[:64]
    if not settings.ACCORD_BEHIND_PROXY_FLAG or not _is_trusted_proxy(peer):
        return peer
    hops = [hop.strip() for hop in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _is_trusted_proxy(hop):
            return hop[:64]
    return hops[0][:64] if hops else peer

"""`GET /api/v1/events`: Server-Sent Events of what the caller may see.

A plain async Django view rather than a Ninja operation: the response is an endless
stream, and authentication must run off the event loop (it reads the database).
A client that reconnects with `Last-Event-ID` first receives, from the ledger, what it
missed and may see. The stream subscribes before it reads the ledger, so an event that
commits between the two is in the subscription if not in the replay; live events already
replayed are dropped by id. The caller's credential is checked again every few seconds
(`events/rechecks.py`, all of a loop's streams at once): a revoked token, a signed-out
session or a deactivated person ends the stream. Nothing here holds a thread while the
stream is open: the stream is an async generator in the server's event loop, fed by the
broker's listener in the same loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse

from accord.domain.visibility import Viewer, can_see
from accord.edge.params import optional_id
from accord.events.bus import Event, Subscription, get_broker
from accord.events.credentials import StreamCredential, stream_caller
from accord.events.grants import Grants, granted_to
from accord.events.rechecks import rechecks, release_connections
from accord.ledger.models import LedgerEntry
from accord.observability import metrics

HEARTBEAT_SECONDS = 15.0
REPLAY_LIMIT = 500


def _missed(viewer: Viewer, grants: Grants, after: int) -> list[Event]:
    entries = LedgerEntry.objects.filter(seq__gt=after)
    visible = entries.visible_to(viewer)
    if grants:
        visible = entries.filter(Q(pk__in=visible.values("pk")) | grants.ledger_filter())
    rows = visible.order_by("seq")[:REPLAY_LIMIT]
    return [Event.from_entry(row) for row in rows]


def stream_lifetime(request: HttpRequest) -> float:
    """How long one stream stays open before the client reconnects with Last-Event-ID.

    Streams end now and then so that no connection lives forever behind proxies. Under
    WSGI (the development server, test live servers) Django reads a whole async stream
    before sending any of it, so there the stream is a short long-poll.
    """
    if isinstance(request, ASGIRequest):
        return float(settings.ACCORD_EVENTS_STREAM_SECONDS)
    return float(settings.ACCORD_EVENTS_WSGI_STREAM_SECONDS)


def format_event(event: Event) -> str:
    return event.sse


def _open(request: HttpRequest, last_seq: int) -> tuple[_Watch, list[Event]] | None:
    """In one trip to the worker thread: who is asking, what they may see, what they
    missed; then the database connection goes back (a stream lasts minutes and needs it no
    more: a few open pages would starve every request of the pool)."""
    try:
        caller = stream_caller(request)
        if caller is None:
            return None
        user, credential = caller
        viewer = user.viewer()
        grants = granted_to(user)
        missed = _missed(viewer, grants, last_seq) if last_seq else []
    finally:
        release_connections()
    watch = _Watch(viewer, grants, credential, seen={event.id for event in missed})
    watch.after = last_seq
    return watch, missed


async def events(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    # Bounded: a thousand-digit header would make int() refuse it with a 500.
    last_seq = optional_id(request.headers.get("Last-Event-ID", ""))
    # Subscribe first: whatever commits from now on reaches the subscription, so nothing
    # falls between the replay's read of the ledger and the start of the live stream.
    subscription = get_broker().subscribe()
    try:
        await subscription.ready()
        opened = await sync_to_async(_open)(request, last_seq or 0)
    except BaseException:
        subscription.close()
        raise
    if opened is None:
        subscription.close()
        return JsonResponse({"detail": "Not signed in.", "code": "not_signed_in"}, status=401)
    watch, missed = opened
    response = StreamingHttpResponse(
        _stream(subscription, missed, watch, stream_lifetime(request)),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


class _Watch:
    """What one stream lets through: visible, not yet sent, while the credential holds."""

    def __init__(
        self, viewer: Viewer, grants: Grants, credential: StreamCredential, seen: set[int]
    ) -> None:
        self.viewer = viewer
        self.grants = grants
        self.credential = credential
        self.seen = seen
        self.after = 0

    def admits(self, event: Event) -> bool:
        if event.id <= self.after or event.id in self.seen:
            return False  # replayed already, or the client had it before it reconnected
        return can_see(self.viewer, event.audience) or self.grants.allow(event)


async def _stream(
    subscription: Subscription, missed: list[Event], watch: _Watch, lifetime: float
) -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    closes_at = loop.time() + lifetime
    metrics.OPEN_STREAMS.inc()
    rechecks.watch(subscription, watch.credential)
    try:
        yield "retry: 3000\n: connected\n\n"
        for event in missed:
            yield event.sse
        next_heartbeat = loop.time() + HEARTBEAT_SECONDS
        while (now := loop.time()) < closes_at and not subscription.ended:
            if now >= next_heartbeat:
                yield ": heartbeat\n\n"
                next_heartbeat = now + HEARTBEAT_SECONDS
            live = await subscription.get(timeout=max(min(next_heartbeat, closes_at) - now, 0))
            if live is not None and watch.admits(live):
                yield live.sse
                _delivered(live)
    finally:
        rechecks.forget(subscription)
        metrics.OPEN_STREAMS.dec()
        subscription.close()


def _delivered(event: Event) -> None:
    metrics.EVENTS_DELIVERED.inc()
    if event.published_at:
        metrics.FANOUT_LAG_SECONDS.observe(max(0.0, time.time() - event.published_at))

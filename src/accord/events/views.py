"""`GET /api/v1/events` through Django: Server-Sent Events of what the caller may see.

`accord serve` answers the stream before Django sees it (`events/stream_app.py`, the same
contract at a few KB a stream); this view serves it where Django is the server: WSGI (the
development server, test live servers) and the test client. A plain async Django view
rather than a Ninja operation: the response is an endless stream, and authentication must
run off the event loop (it reads the database). A client that reconnects with
`Last-Event-ID` first receives, from the ledger, what it missed and may see
(`events/opening.py`). The caller's credential is checked again every few seconds
(`events/rechecks.py`): a revoked token, a signed-out session or a deactivated person ends
the stream.

The stream subscribes in the loop that iterates it, not the view's: under WSGI Django runs
the view in one short-lived event loop and reads the stream in another.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse

from accord.edge.params import optional_id
from accord.events import opening
from accord.events.bus import Event, get_broker
from accord.events.credentials import StreamCredential, stream_caller
from accord.events.rechecks import rechecks, release_connections
from accord.members.models import User
from accord.observability import metrics

HEARTBEAT_SECONDS = 15.0
CONNECTED = "retry: 3000\n: connected\n\n"
HEARTBEAT = ": heartbeat\n\n"


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


def _caller(request: HttpRequest) -> tuple[User, StreamCredential] | None:
    try:
        return stream_caller(request)
    finally:
        release_connections()


def _replay(user: User, credential: StreamCredential, last_seq: int) -> opening.Opened:
    try:
        return opening.replay(user, credential, last_seq)
    finally:
        release_connections()


async def events(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    # Bounded: a thousand-digit header would make int() refuse it with a 500.
    last_seq = optional_id(request.headers.get("Last-Event-ID", "")) or 0
    caller = await sync_to_async(_caller)(request)
    if caller is None:
        return JsonResponse({"detail": "Not signed in.", "code": "not_signed_in"}, status=401)
    response = StreamingHttpResponse(
        _stream(*caller, last_seq, stream_lifetime(request)), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


async def _stream(
    user: User, credential: StreamCredential, last_seq: int, lifetime: float
) -> AsyncIterator[str]:
    # Subscribe first: whatever commits from now on reaches the subscription, so nothing
    # falls between the replay's read of the ledger and the start of the live stream.
    subscription = get_broker().subscribe()
    try:
        await subscription.ready()
        opened = await sync_to_async(_replay)(user, credential, last_seq)
    except BaseException:
        subscription.close()
        raise
    loop = asyncio.get_running_loop()
    closes_at = loop.time() + lifetime
    metrics.OPEN_STREAMS.inc()
    rechecks.watch(subscription, credential)
    try:
        yield CONNECTED
        for event in opened.missed:
            yield event.sse
        next_heartbeat = loop.time() + HEARTBEAT_SECONDS
        while (now := loop.time()) < closes_at and not subscription.ended:
            if now >= next_heartbeat:
                yield HEARTBEAT
                next_heartbeat = now + HEARTBEAT_SECONDS
            live = await subscription.get(timeout=max(min(next_heartbeat, closes_at) - now, 0))
            if live is not None and opened.watch.admits(live):
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

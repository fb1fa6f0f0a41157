"""`GET /api/v1/events`: Server-Sent Events of what the caller may see.

A plain async Django view rather than a Ninja operation: the response is an endless
stream, and authentication must run off the event loop (it reads the database).
A client that reconnects with `Last-Event-ID` first receives, from the ledger, what it
missed and may see.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse

from accord.domain.visibility import Viewer, can_see
from accord.events.bus import Event, get_broker
from accord.events.grants import Grants, granted_to
from accord.ledger.models import LedgerEntry
from accord.members.access import visible_to
from accord.members.models import User
from accord.members.selectors import user_for_token
from accord.site.auth import session_user

HEARTBEAT_SECONDS = 15.0
REPLAY_LIMIT = 500


def _caller(request: HttpRequest) -> User | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_token(header[7:].strip())
    return session_user(request)


def _missed(viewer: Viewer, grants: Grants, after: int) -> list[Event]:
    entries = LedgerEntry.objects.filter(seq__gt=after)
    visible = visible_to(entries, viewer, states_text_field="audience_states")
    if grants:
        visible = entries.filter(Q(pk__in=visible.values("pk")) | grants.ledger_filter())
    rows = visible.order_by("seq")[:REPLAY_LIMIT]
    return [
        Event(row.seq, row.action, row.object_type, row.object_id, row.audience, row.payload)
        for row in rows
    ]


def _release_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:  # a test's transaction, never a request's
            connection.close()


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
    data = json.dumps(
        {
            "kind": event.kind,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "data": event.data,
        },
        separators=(",", ":"),
        default=str,
    )
    # No `event:` line: browsers then deliver every kind to one "message" listener.
    return f"id: {event.id}\ndata: {data}\n\n"


async def events(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    user = await sync_to_async(_caller)(request)
    if user is None:
        return JsonResponse({"detail": "Not signed in."}, status=401)
    viewer = await sync_to_async(user.viewer)()
    grants = await sync_to_async(granted_to)(user)
    last_id = request.headers.get("Last-Event-ID", "")
    missed = (
        await sync_to_async(_missed)(viewer, grants, int(last_id)) if last_id.isdigit() else []
    )
    subscription = get_broker().subscribe()
    lifetime = stream_lifetime(request)

    async def stream() -> AsyncIterator[str]:
        loop = asyncio.get_running_loop()
        closes_at = loop.time() + lifetime
        # A stream lasts minutes and needs the database no more: give its connection back
        # now (to the pool, on PostgreSQL) or a few open pages would starve every request.
        await sync_to_async(_release_connections)()
        try:
            yield "retry: 3000\n: connected\n\n"
            for event in missed:
                yield format_event(event)
            while (remaining := closes_at - loop.time()) > 0:
                live = await subscription.get(timeout=min(HEARTBEAT_SECONDS, remaining))
                if live is None:
                    yield ": heartbeat\n\n"
                elif can_see(viewer, live.audience) or grants.allow(live):
                    yield format_event(live)
        except asyncio.CancelledError:
            raise
        finally:
            subscription.close()

    response = StreamingHttpResponse(stream(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response

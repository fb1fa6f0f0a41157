"""`GET /api/v1/events` served in front of Django: a stream costs a few KB (issue 18).

Through Django's ASGI handler each open stream kept its request, its middleware's objects,
two tasks and a thread of its own: ~100 KB. Here the stream is the ASGI call itself, in
the server's event loop: one lookup in a worker thread opens it (the token or session,
what the caller may see, what they missed: `events/opening.py`), then the call waits for
the client to leave, and everything else is done for it by callbacks:

- the fan-out hands each event to `EventStream.put`, which checks the audience and writes
  the event's text (made once per process) with the server's `send`, run on the spot
  (`events/driving.py`): no task, no queue, no wake-up per stream;
- one timer per stream writes the heartbeat and ends the stream at the end of its life;
- `events/rechecks.py` ends it when its credential ends;
- ending a stream is the last chunk of its response, after which the server's `receive`
  answers the waiting call with `http.disconnect`, as it does when the client leaves.

The wire format is the view's (`events/views.py`, which serves WSGI servers and the test
client): the same status, body bytes and headers. What this app does not take as its own —
another method or path, a query string, a body, a host Django would refuse — goes to Django.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host

from accord.edge.params import optional_id
from accord.events import opening
from accord.events.bus import QUEUE_LIMIT, Event, get_broker
from accord.events.driving import drive
from accord.events.rechecks import rechecks
from accord.events.views import CONNECTED, HEARTBEAT, HEARTBEAT_SECONDS
from accord.observability import logs, metrics

Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

PATH = "/api/v1/events"
ROUTE = "/api/v1/events"  # the request histogram's label, as Django's view had it
NOT_SIGNED_IN = json.dumps({"detail": "Not signed in.", "code": "not_signed_in"}).encode()
CONNECTED_BYTES = CONNECTED.encode()
HEARTBEAT_BYTES = HEARTBEAT.encode()

access_log = logging.getLogger("accord.request")


def mount(django: App, headers: Callable[[bool], list[tuple[bytes, bytes]]]) -> App:
    """`django` with the event stream answered before it; `headers(secure)` gives the
    headers the site's middleware puts on every response (security policies)."""

    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _ours(scope):
            await serve(scope, receive, send, headers)
        else:
            await django(scope, receive, send)

    return application


def _ours(scope: Scope) -> bool:
    path = scope["path"]
    root = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    if scope["method"] != "GET" or path != PATH or scope.get("query_string"):
        return False
    request = _headers(scope)
    if request.get("content-length", "0") != "0" or "transfer-encoding" in request:
        return False
    host = request.get("host", "")
    if settings.USE_X_FORWARDED_HOST and "x-forwarded-host" in request:
        host = request["x-forwarded-host"].split(",")[-1].strip()
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)


def _headers(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        joiner = "; " if name == "cookie" else ","
        found[name] = f"{found[name]}{joiner}{value}" if name in found else value
    return found


def _secure(scope: Scope, request: dict[str, str]) -> bool:
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        header = proxy[0].removeprefix("HTTP_").replace("_", "-").lower()
        if header in request:
            return request[header].split(",", 1)[0].strip() == proxy[1]
    return bool(scope.get("scheme") == "https")


async def serve(
    scope: Scope, receive: Receive, send: Send, site: Callable[[bool], list[tuple[bytes, bytes]]]
) -> None:
    started = time.perf_counter()
    request = _headers(scope)
    rid = logs.accept_request_id(request.get("x-request-id"))
    common = [*site(_secure(scope, request)), (b"x-request-id", rid.encode())]
    # Bounded: a thousand-digit header would make int() refuse it with a 500.
    last_seq = optional_id(request.get("last-event-id", "")) or 0
    session = parse_cookie(request.get("cookie", "")).get(settings.SESSION_COOKIE_NAME, "")
    loop = asyncio.get_running_loop()
    stream = EventStream(loop, send)
    # Subscribe first: whatever commits from now on reaches the stream, so nothing falls
    # between the replay's read of the ledger and the start of the live stream.
    broker = get_broker()
    broker.local.attach(loop, stream)
    try:
        await broker.local.ready(loop)
        opened = await sync_to_async(opening.open_stream)(
            request.get("authorization", ""), session, last_seq
        )
        status = 200 if opened is not None else 401
        _observed(scope, status, started, rid)
        if opened is None:
            await _refuse(send, common)
            return
        stream.start(opened, common, float(settings.ACCORD_EVENTS_STREAM_SECONDS))
        while (await receive())["type"] != "http.disconnect":
            pass  # a GET's (empty) body; then the client leaves or the stream ends
    finally:
        broker.local.detach(loop, stream)
        stream.close()


async def _refuse(send: Send, common: list[tuple[bytes, bytes]]) -> None:
    head = [(b"content-type", b"application/json"), *common]
    head.append((b"content-length", str(len(NOT_SIGNED_IN)).encode()))
    await send({"type": "http.response.start", "status": 401, "headers": head})
    await send({"type": "http.response.body", "body": NOT_SIGNED_IN})


def _observed(scope: Scope, status: int, started: float, rid: str) -> None:
    elapsed = time.perf_counter() - started
    metrics.REQUEST_SECONDS.labels(ROUTE, "GET", str(status)).observe(elapsed)
    extra = {"method": "GET", "path": PATH, "route": ROUTE, "status": status}
    extra |= {"duration_ms": round(elapsed * 1000, 2), "request_id": rid}
    access_log.info("GET %s %s %.1f ms", PATH, status, elapsed * 1000, extra=extra)


class EventStream:
    """One open stream: the fan-out's subscriber and the writer of its response."""

    __slots__ = (
        "_backlog",
        "_busy",
        "_closes_at",
        "_ending",
        "_next_heartbeat",
        "_timer",
        "done",
        "loop",
        "send",
        "watch",
    )

    def __init__(self, loop: asyncio.AbstractEventLoop, send: Send) -> None:
        self.loop = loop
        self.send = send
        self.watch: opening.Watch | None = None  # None until opened: events wait in the backlog
        self.done = False  # the last chunk is sent or the connection failed
        self._backlog: list[Any] = []  # events before the start, then bytes behind a write
        self._busy = False  # a write is under way (the client is slow to read)
        self._ending = False
        self._timer: asyncio.TimerHandle | None = None
        self._closes_at = 0.0
        self._next_heartbeat = 0.0

    def put(self, event: Event) -> None:
        """From the fan-out, in the stream's loop."""
        if self.done or self._ending:
            return
        watch = self.watch
        if watch is None:
            self._hold(event)
        elif watch.admits(event):
            self._write(event.sse_bytes)
            _tally.add(self.loop, event)

    def start(self, opened: opening.Opened, common: list[tuple[bytes, bytes]], life: float) -> None:
        head = [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]
        head += [(b"x-accel-buffering", b"no"), *common]
        early, self._backlog = self._backlog, []
        self.watch = opened.watch
        metrics.OPEN_STREAMS.inc()
        rechecks.watch(self, opened.watch.credential)
        self._transmit({"type": "http.response.start", "status": 200, "headers": head})
        self._write(CONNECTED_BYTES)
        for event in opened.missed:
            self._write(event.sse_bytes)
        for event in early:  # what arrived while the stream opened
            self.put(event)
        if len(early) > QUEUE_LIMIT:
            self.end()  # it fell behind while opening; the client catches up from the ledger
        now = self.loop.time()
        self._closes_at = now + life
        self._next_heartbeat = now + HEARTBEAT_SECONDS
        self._schedule()

    def end(self) -> None:
        """End the stream (its credential ended, its life is over, it fell behind); the
        client reconnects with Last-Event-ID when it may. In the stream's loop."""
        if self.done or self._ending:
            return
        self._ending = True
        if not self._busy:
            self._finish()

    def close(self) -> None:
        """The call is over (the client left or the stream ended). In the stream's loop."""
        if self._timer is not None:
            self._timer.cancel()
        if self.watch is not None:
            rechecks.forget(self)
            metrics.OPEN_STREAMS.dec()
            self.watch = None
        self.done = True
        self._backlog = []

    def _hold(self, event: Event) -> None:
        if len(self._backlog) <= QUEUE_LIMIT:
            self._backlog.append(event)

    def _schedule(self) -> None:
        at = min(self._next_heartbeat, self._closes_at)
        self._timer = self.loop.call_at(at, self._tick)

    def _tick(self) -> None:
        now = self.loop.time()
        if now >= self._closes_at:
            self.end()
            return
        if now >= self._next_heartbeat:
            self._write(HEARTBEAT_BYTES)
            self._next_heartbeat = now + HEARTBEAT_SECONDS
        self._schedule()

    def _write(self, data: bytes) -> None:
        if self._busy:
            self._backlog.append(data)
            if len(self._backlog) > QUEUE_LIMIT:
                self.end()  # the client does not read; it catches up when it reconnects
            return
        self._transmit({"type": "http.response.body", "body": data, "more_body": True})

    def _finish(self) -> None:
        self.done = True  # before the write, which may be over before `_transmit` returns
        self._transmit({"type": "http.response.body", "body": b"", "more_body": False})

    def _transmit(self, message: Message) -> None:
        self._busy = True
        drive(self.send(message), self._sent)

    def _sent(self, error: BaseException | None) -> None:
        self._busy = False
        if error is not None:
            self.done = True  # the connection is gone; the server ends the call
            return
        if self._backlog and not self.done:
            pending, self._backlog = self._backlog, []
            self._write(b"".join(pending))
        elif self._ending and not self.done:
            self._finish()


class _Tally(threading.local):
    """Deliveries counted in the loop's thread and added to the metrics once per turn of
    the loop: a counter increment per stream and event would cost as much as the write."""

    def __init__(self) -> None:
        self.count = 0
        self.latest: Event | None = None

    def add(self, loop: asyncio.AbstractEventLoop, event: Event) -> None:
        if not self.count:
            loop.call_soon(self.flush)
        self.count += 1
        self.latest = event

    def flush(self) -> None:
        count, latest, self.count, self.latest = self.count, self.latest, 0, None
        metrics.EVENTS_DELIVERED.inc(count)
        if latest is not None and latest.published_at:
            metrics.FANOUT_LAG_SECONDS.observe(max(0.0, time.time() - latest.published_at))


_tally = _Tally()

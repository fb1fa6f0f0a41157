"""The event bus: services publish after commit; `/api/v1/events` streams to each client
what that client may see.

In-process by default. With `REDIS_URL` every event goes through one Redis channel, so an
event published by one worker reaches the clients of every worker; each process then fans
it out to its own subscribers from one asyncio listener per event loop (redis.asyncio).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from accord.domain import events as catalogue
from accord.domain.visibility import Audience

if TYPE_CHECKING:
    from accord.ledger.models import LedgerEntry

log = logging.getLogger(__name__)

CHANNEL = "accord:events"  # then ":<db>", the number of the Redis database in REDIS_URL
QUEUE_LIMIT = 1000  # events waiting for one slow stream; past it they are dropped
# Streams handed an event in one turn of the loop; the rest go on at the next turn, so a
# request's callback never waits behind the whole fan-out of one event.
FANOUT_SLICE = 256


class Subscriber(Protocol):
    """What the fan-out hands events to, in the subscriber's own event loop."""

    def put(self, event: Event) -> None: ...


@dataclass(frozen=True)
class Event:
    """Something that happened, for the clients who may see `audience`.

    `id` is the ledger sequence number of the write that caused it.
    """

    id: int
    kind: str
    object_type: str
    object_id: str
    audience: Audience
    data: dict[str, Any] = field(default_factory=dict)
    # time.time() when published, just after the write committed (fan-out lag is measured
    # from it); 0 for an event replayed from the ledger.
    published_at: float = field(default=0.0, compare=False)

    def to_json(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "kind": self.kind,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "audience": self.audience.as_dict(),
                "data": self.data,
                "at": self.published_at,
            },
            separators=(",", ":"),
            default=str,
        )

    @cached_property
    def sse(self) -> str:
        """The event as the stream writes it, made once per event and process whatever the
        number of streams it goes to (the same for everyone: the audience is checked
        before, and only what every permitted reader may see is in it)."""
        return catalogue.stream_text(
            seq=self.id,
            kind=self.kind,
            object_type=self.object_type,
            object_id=self.object_id,
            data=self.data,
        )

    @cached_property
    def sse_bytes(self) -> bytes:
        """`sse` encoded, once per event and process."""
        return self.sse.encode()

    @classmethod
    def from_entry(
        cls,
        entry: LedgerEntry,
        *,
        kind: catalogue.EventKind | None = None,
        audience: Audience | None = None,
    ) -> Event:
        """The event of a ledger entry: the one shape for the live stream and the replay."""
        kind = kind or catalogue.named(entry.action)
        return cls(
            id=entry.seq,
            kind=kind.name,
            object_type=entry.object_type,
            object_id=entry.object_id,
            audience=audience or entry.audience,
            data=kind.stream_data(entry.payload, entry.object_id),
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Event:
        raw = json.loads(text)
        return cls(
            id=int(raw["id"]),
            kind=str(raw["kind"]),
            object_type=str(raw["object_type"]),
            object_id=str(raw["object_id"]),
            audience=Audience.from_dict(raw["audience"]),
            data=dict(raw.get("data") or {}),
            published_at=float(raw.get("at") or 0.0),
        )


class Subscription:
    """One client's queue, filled in its own event loop; read with `get` or `async for`.

    `end()` wakes the reader with None for good: the stream's credential no longer holds.
    """

    __slots__ = ("_owner", "_queue", "ended", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop, owner: LocalFanOut) -> None:
        self.loop = loop
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue(maxsize=QUEUE_LIMIT)
        self._owner = owner
        self.ended = False

    def put(self, event: Event) -> None:
        """Precondition: in the subscription's loop."""
        if self._queue.full():
            # A client that does not read must not hold memory without bound; it
            # reconnects with Last-Event-ID and catches up from the ledger.
            log.warning("dropping event %s for a slow subscriber", event.id)
            return
        self._queue.put_nowait(event)

    def end(self) -> None:
        """Precondition: in the subscription's loop."""
        self.ended = True
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait(None)

    async def ready(self) -> None:
        """Returns once events published from now on are sure to reach this queue."""
        await self._owner.ready(self.loop)

    async def get(self, timeout: float) -> Event | None:
        if self.ended:
            return None
        if not self._queue.empty():
            return self._queue.get_nowait()
        try:
            async with asyncio.timeout(timeout):  # a timer, not a task per wait
                return await self._queue.get()
        except TimeoutError:
            return None

    async def __aiter__(self) -> AsyncIterator[Event]:
        while (event := await self._queue.get()) is not None:
            yield event

    def close(self) -> None:
        self._owner.remove(self)


class LocalFanOut:
    """This process's subscribers, grouped by their event loop (a server has one).

    An event published from a request's thread wakes each loop once, not each subscriber;
    inside the loop it is handed to every subscriber by reference, `FANOUT_SLICE` of them a
    turn, and its text for the stream (`Event.sse`) is made once, by whichever stream
    writes it first.
    """

    def __init__(self) -> None:
        self._by_loop: dict[asyncio.AbstractEventLoop, set[Subscriber]] = {}
        self._lock = threading.Lock()
        self.listen: Callable[[asyncio.AbstractEventLoop], Awaitable[None]] | None = None

    def add(self, loop: asyncio.AbstractEventLoop) -> Subscription:
        subscription = Subscription(loop, self)
        self.attach(loop, subscription)
        return subscription

    def attach(self, loop: asyncio.AbstractEventLoop, subscriber: Subscriber) -> None:
        with self._lock:
            self._by_loop.setdefault(loop, set()).add(subscriber)

    def remove(self, subscription: Subscription) -> None:
        self.detach(subscription.loop, subscription)

    def detach(self, loop: asyncio.AbstractEventLoop, subscriber: Subscriber) -> None:
        with self._lock:
            subscribers = self._by_loop.get(loop)
            if subscribers is not None:
                subscribers.discard(subscriber)
                if not subscribers:
                    del self._by_loop[loop]

    async def ready(self, loop: asyncio.AbstractEventLoop) -> None:
        if self.listen is not None:
            await self.listen(loop)

    def deliver(self, event: Event) -> None:
        """From any thread."""
        with self._lock:
            loops = list(self._by_loop)
        try:
            here: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            here = None
        for loop in loops:
            if loop is here:
                self.deliver_in(loop, event)
                continue
            try:
                loop.call_soon_threadsafe(self.deliver_in, loop, event)
            except RuntimeError:  # that loop has closed: its subscribers are gone
                with self._lock:
                    self._by_loop.pop(loop, None)

    def deliver_in(self, loop: asyncio.AbstractEventLoop, event: Event) -> None:
        """Precondition: in `loop`. Slices of one event keep their order with the next
        event's: the loop runs its callbacks first in, first out."""
        with self._lock:
            targets = list(self._by_loop.get(loop, ()))
        self._hand(loop, event, targets, 0)

    def _hand(
        self, loop: asyncio.AbstractEventLoop, event: Event, targets: list[Subscriber], start: int
    ) -> None:
        end = start + FANOUT_SLICE
        for subscriber in targets[start:end]:
            subscriber.put(event)
        if end < len(targets):
            loop.call_soon(self._hand, loop, event, targets, end)

    def subscriptions(self, loop: asyncio.AbstractEventLoop) -> list[Subscriber]:
        with self._lock:
            return list(self._by_loop.get(loop, ()))

    def __len__(self) -> int:
        with self._lock:
            return sum(len(subscribers) for subscribers in self._by_loop.values())


class Broker(Protocol):
    local: LocalFanOut

    def publish(self, event: Event) -> None: ...

    def subscribe(self) -> Subscription: ...


class InProcessBroker:
    """Events reach the subscribers of this process only."""

    def __init__(self) -> None:
        self.local = LocalFanOut()

    def publish(self, event: Event) -> None:
        self.local.deliver(replace(event, published_at=time.time()))

    def subscribe(self) -> Subscription:
        return self.local.add(asyncio.get_running_loop())


class RedisBroker:
    """Events go through Redis pub/sub and reach the subscribers of every process.

    Publishing is a plain Redis call from the request's thread. Each event loop with
    subscribers has one listener task on `redis.asyncio` pub/sub, which parses each message
    once and hands the event to that loop's subscriptions: no thread, no hop per subscriber.
    """

    def __init__(self, url: str) -> None:
        import redis

        self._url = url
        self._redis = redis.Redis.from_url(url)
        # Pub/sub ignores the database number: two sites sharing one Redis server on two
        # databases would hear each other's events on one channel name.
        self.channel = f"{CHANNEL}:{self._redis.connection_pool.connection_kwargs.get('db', 0)}"
        self.local = LocalFanOut()
        self.local.listen = self._listening
        self._listeners: dict[asyncio.AbstractEventLoop, tuple[asyncio.Task[None], asyncio.Event]]
        self._listeners = {}

    def publish(self, event: Event) -> None:
        try:
            self._redis.publish(self.channel, replace(event, published_at=time.time()).to_json())
        except Exception:
            # The write has committed; a lost notification must not turn it into an error.
            # Clients catch up from the ledger when they reconnect.
            log.exception("could not publish event %s to Redis", event.id)

    def subscribe(self) -> Subscription:
        return self.local.add(asyncio.get_running_loop())

    async def _listening(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start this loop's listener if it has none; return once it is subscribed."""
        for other in [other for other in self._listeners if other.is_closed()]:
            del self._listeners[other]  # a loop that has gone (a WSGI request's)
        listener = self._listeners.get(loop)
        if listener is not None and not listener[0].done() and listener[1].is_set():
            return
        if listener is None or listener[0].done():
            subscribed = asyncio.Event()
            task = loop.create_task(self._listen(loop, subscribed), name="accord-events")
            listener = self._listeners[loop] = (task, subscribed)
        await asyncio.wait_for(listener[1].wait(), timeout=5)

    async def _listen(self, loop: asyncio.AbstractEventLoop, subscribed: asyncio.Event) -> None:
        import redis.asyncio

        while True:
            client = redis.asyncio.Redis.from_url(self._url)
            try:
                async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.channel)
                    subscribed.set()
                    async for message in pubsub.listen():
                        self._arrived(loop, message)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the Redis event listener failed; listening again in 1 s")
                await asyncio.sleep(1)
            finally:
                await client.aclose()

    def _arrived(self, loop: asyncio.AbstractEventLoop, message: dict[str, Any]) -> None:
        if message.get("type") != "message":
            return
        try:
            event = Event.from_json(message["data"])
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring a malformed event on %s", self.channel)
            return
        self.local.deliver_in(loop, event)


_broker: Broker | None = None
_broker_lock = threading.Lock()


def get_broker() -> Broker:
    """The process's broker, chosen once from the settings."""
    global _broker
    with _broker_lock:
        if _broker is None:
            from django.conf import settings

            _broker = RedisBroker(settings.REDIS_URL) if settings.REDIS_URL else InProcessBroker()
        return _broker


def reset_broker() -> None:
    """Forget the broker (tests that switch REDIS_URL)."""
    global _broker
    with _broker_lock:
        _broker = None

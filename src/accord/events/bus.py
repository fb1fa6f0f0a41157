"""The event bus: services publish after commit; `/api/v1/events` streams to each client
what that client may see.

In-process by default. With `REDIS_URL` every event goes through one Redis channel, so an
event published by one worker reaches the clients of every worker; each process then fans
it out to its own subscribers from a single listener thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from accord.domain.visibility import Audience

log = logging.getLogger(__name__)

CHANNEL = "accord:events"


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
    """One client's queue. Events are put from any thread; read with `async for`."""

    def __init__(self, loop: asyncio.AbstractEventLoop, owner: LocalFanOut) -> None:
        self._loop = loop
        self._queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=1000)
        self._owner = owner

    def deliver(self, event: Event) -> None:
        def put() -> None:
            if self._queue.full():
                # A client that does not read must not hold memory without bound; it
                # reconnects with Last-Event-ID and catches up from the ledger.
                log.warning("dropping event %s for a slow subscriber", event.id)
                return
            self._queue.put_nowait(event)

        try:
            self._loop.call_soon_threadsafe(put)
        except RuntimeError:  # the subscriber's loop has closed
            self.close()

    async def get(self, timeout: float) -> Event | None:
        try:
            return await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return None

    async def __aiter__(self) -> AsyncIterator[Event]:
        while True:
            yield await self._queue.get()

    def close(self) -> None:
        self._owner.remove(self)


class LocalFanOut:
    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()
        self._lock = threading.Lock()

    def add(self, loop: asyncio.AbstractEventLoop) -> Subscription:
        subscription = Subscription(loop, self)
        with self._lock:
            self._subscribers.add(subscription)
        return subscription

    def remove(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers.discard(subscription)

    def deliver(self, event: Event) -> None:
        with self._lock:
            targets = list(self._subscribers)
        for subscription in targets:
            subscription.deliver(event)

    def __len__(self) -> int:
        with self._lock:
            return len(self._subscribers)


class Broker(Protocol):
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
    """Events go through Redis pub/sub and reach the subscribers of every process."""

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)
        self.local = LocalFanOut()
        self._listener: threading.Thread | None = None
        self._ready = threading.Event()
        self._start_lock = threading.Lock()

    def publish(self, event: Event) -> None:
        try:
            self._redis.publish(CHANNEL, replace(event, published_at=time.time()).to_json())
        except Exception:
            # The write has committed; a lost notification must not turn it into an error.
            # Clients catch up from the ledger when they reconnect.
            log.exception("could not publish event %s to Redis", event.id)

    def subscribe(self) -> Subscription:
        self._ensure_listener()
        return self.local.add(asyncio.get_running_loop())

    def _ensure_listener(self) -> None:
        with self._start_lock:
            if self._listener is None or not self._listener.is_alive():
                self._ready.clear()
                self._listener = threading.Thread(
                    target=self._listen, name="accord-redis-events", daemon=True
                )
                self._listener.start()
        self._ready.wait(timeout=5)

    def _listen(self) -> None:
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(CHANNEL)
        self._ready.set()
        for message in pubsub.listen():
            try:
                event = Event.from_json(message["data"])
            except (ValueError, KeyError, TypeError):
                log.warning("ignoring a malformed event on %s", CHANNEL)
                continue
            self.local.deliver(event)


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

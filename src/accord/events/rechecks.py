"""The credentials of the open streams, checked again in one go per event loop.

Each stream's token or session must still hold every `ACCORD_EVENTS_RECHECK_SECONDS`
(`events/credentials.py`). Checked stream by stream, 5,000 streams are a thousand trips a
second to the one thread that also runs every request's database work; here one task per
event loop checks them all in one trip (the tokens in one query) and ends the streams whose
credential no longer holds.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Protocol

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections
from django.utils import timezone

from accord.events.credentials import StreamCredential
from accord.members.models import ApiToken

log = logging.getLogger(__name__)


def release_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:  # a test's transaction, never a request's
            connection.close()


def failing(credentials: list[StreamCredential]) -> set[int]:
    """The indexes of the credentials that no longer hold."""
    try:
        tokens = {c.token_hash for c in credentials if c.token_hash is not None}
        live = set(
            ApiToken.objects.filter(
                token_hash__in=tokens,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                user__is_active=True,
            ).values_list("token_hash", "user_id")
        )
        return {
            index
            for index, credential in enumerate(credentials)
            if not (
                (credential.token_hash, credential.user_id) in live
                if credential.token_hash is not None
                else credential.still_valid()
            )
        }
    finally:
        release_connections()


class Endable(Protocol):
    def end(self) -> None:
        """Precondition: in the loop the stream was watched from."""


class Rechecks:
    """The streams of each event loop and the one task that checks their credentials.

    Keyed by the loop each stream was watched from (the running one), not by anything the
    stream says of itself: under WSGI a view and its stream may run in different loops,
    each closed when its part is done. A loop's task is cancelled when its last stream is
    forgotten, so no task outlives the loop's streams, and closed loops are dropped.
    """

    def __init__(self) -> None:
        self._open: dict[asyncio.AbstractEventLoop, dict[Endable, StreamCredential]] = {}
        self._loops: dict[Endable, asyncio.AbstractEventLoop] = {}
        self._tasks: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}
        self._lock = threading.Lock()  # WSGI requests run their loops in threads of their own

    def watch(self, stream: Endable, credential: StreamCredential) -> None:
        """Precondition: in a running event loop, which `stream.end()` is called in."""
        loop = asyncio.get_running_loop()
        with self._lock:
            for closed in [other for other in self._open if other.is_closed()]:
                for gone in self._open.pop(closed):
                    self._loops.pop(gone, None)
                self._tasks.pop(closed, None)
            self._open.setdefault(loop, {})[stream] = credential
            self._loops[stream] = loop
            task = self._tasks.get(loop)
            if task is None or task.done():
                self._tasks[loop] = loop.create_task(self._run(loop), name="accord-rechecks")

    def forget(self, stream: Endable) -> None:
        """Precondition: in the loop the stream was watched from."""
        with self._lock:
            loop = self._loops.pop(stream, None)
            streams = self._open.get(loop) if loop is not None else None
            if loop is None or streams is None:
                return
            streams.pop(stream, None)
            if streams:
                return
            del self._open[loop]
            task = self._tasks.pop(loop, None)
        if task is not None and not task.done():
            task.cancel()  # no stream left here: nothing to check, nothing left pending

    def __len__(self) -> int:
        with self._lock:
            return len(self._loops)

    async def _run(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            await asyncio.sleep(float(settings.ACCORD_EVENTS_RECHECK_SECONDS))
            with self._lock:
                streams = list(self._open.get(loop, {}).items())
            if not streams:
                return
            try:
                bad = await sync_to_async(failing)([credential for _, credential in streams])
            except Exception:
                log.exception("checking the open streams' credentials failed")
                continue
            for index in bad:
                streams[index][0].end()  # signed out, revoked or deactivated


rechecks = Rechecks()

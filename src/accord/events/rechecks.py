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

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections
from django.utils import timezone

from accord.events.bus import Subscription
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


class Rechecks:
    def __init__(self) -> None:
        self._open: dict[asyncio.AbstractEventLoop, dict[Subscription, StreamCredential]] = {}
        self._tasks: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}

    def watch(self, subscription: Subscription, credential: StreamCredential) -> None:
        """Precondition: in the subscription's loop."""
        loop = subscription.loop
        self._open.setdefault(loop, {})[subscription] = credential
        task = self._tasks.get(loop)
        if task is None or task.done():
            self._tasks[loop] = loop.create_task(self._run(loop), name="accord-rechecks")

    def forget(self, subscription: Subscription) -> None:
        streams = self._open.get(subscription.loop)
        if streams is not None:
            streams.pop(subscription, None)

    async def _run(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            await asyncio.sleep(float(settings.ACCORD_EVENTS_RECHECK_SECONDS))
            streams = list(self._open.get(loop, {}).items())
            if not streams:
                self._open.pop(loop, None)
                self._tasks.pop(loop, None)
                return  # started again by the next stream
            try:
                bad = await sync_to_async(failing)([credential for _, credential in streams])
            except Exception:
                log.exception("checking the open streams' credentials failed")
                continue
            for index in bad:
                streams[index][0].end()  # signed out, revoked or deactivated


rechecks = Rechecks()

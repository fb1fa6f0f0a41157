"""Opening an event stream: who is asking, what they may see, what they missed.

Shared by the stream's two doors: the ASGI app in front of Django (`events/stream_app.py`,
what `accord serve` runs) and Django's view (`events/views.py`, for WSGI servers and the
test client). Both subscribe before they read the ledger, so an event that commits between
the two is in the subscription if not in the replay; `Watch` drops the live events already
replayed and lets through only what the caller may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from accord.domain.visibility import Viewer, can_see
from accord.events.bus import Event
from accord.events.credentials import StreamCredential, bearer, session_caller, token_caller
from accord.events.grants import Grants, granted_to
from accord.events.rechecks import release_connections
from accord.ledger.models import LedgerEntry
from accord.members.models import User

REPLAY_LIMIT = 500
NO_IDS: frozenset[int] = frozenset()


class Watch:
    """What one stream lets through: visible, not yet sent, while the credential holds."""

    __slots__ = ("after", "credential", "grants", "seen", "viewer")

    def __init__(
        self,
        viewer: Viewer,
        grants: Grants,
        credential: StreamCredential,
        seen: frozenset[int] = NO_IDS,
        after: int = 0,
    ) -> None:
        self.viewer = viewer
        self.grants = grants
        self.credential = credential
        self.seen = seen
        self.after = after

    def admits(self, event: Event) -> bool:
        if event.id <= self.after or event.id in self.seen:
            return False  # replayed already, or the client had it before it reconnected
        return can_see(self.viewer, event.audience) or self.grants.allow(event)


@dataclass(frozen=True)
class Opened:
    watch: Watch
    missed: list[Event]


def missed(viewer: Viewer, grants: Grants, after: int) -> list[Event]:
    """What the caller may see after ledger entry `after`, oldest first (at most 500)."""
    entries = LedgerEntry.objects.filter(seq__gt=after)
    visible = entries.visible_to(viewer)
    if grants:
        visible = entries.filter(Q(pk__in=visible.values("pk")) | grants.ledger_filter())
    rows = visible.order_by("seq")[:REPLAY_LIMIT]
    return [Event.from_entry(row) for row in rows]


def replay(user: User, credential: StreamCredential, last_seq: int) -> Opened:
    """What the caller may see and what they missed after `last_seq` (0: nothing)."""
    viewer = user.viewer()
    grants = granted_to(user)
    gone = missed(viewer, grants, last_seq) if last_seq else []
    seen = frozenset(event.id for event in gone) if gone else NO_IDS
    return Opened(Watch(viewer, grants, credential, seen, last_seq), gone)


def caller(authorization: str, session_key: str) -> tuple[User, StreamCredential] | None:
    """A bearer token when the request names one (and then only it), else the session."""
    raw = bearer(authorization)
    if raw is not None:
        return token_caller(raw)
    return session_caller(session_key) if session_key else None


def open_stream(authorization: str, session_key: str, last_seq: int) -> Opened | None:
    """In one trip to a worker thread: the caller, what they may see and what they missed;
    None when nobody is signed in (401). The database connection goes back at the end: a
    stream lasts minutes and needs it no more (a few open pages would starve the pool)."""
    try:
        found = caller(authorization, session_key)
        return None if found is None else replay(*found, last_seq)
    finally:
        release_connections()

"""How the member states witness the log (issue 13), for the ledger page and the home page's
warning: the latest checkpoint, who cosigned it and when, and each member state's witness.

Everything here is what `GET /api/v1/ledger/checkpoints` already tells any signed-in person
(a checkpoint holds a size and a root; a cosignature is a state's signature on them, public by
design): no entry, body or audience is read. A read: it writes nothing.

A state's witness is **silent** when a checkpoint it has not cosigned has been published for
a day (`SILENCE`) or more — measured from the first checkpoint after the last one it
cosigned (or from the first checkpoint, if it never cosigned), so a witness run once a day
that cosigns the latest checkpoint each time is never silent, and a log that did not grow
asks nothing of anyone.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max

from accord.ledger.bundle_proof import quorum
from accord.ledger.models import LedgerCheckpoint, LedgerCosignature
from accord.members.models import State

SILENCE = timedelta(hours=24)


@dataclass(frozen=True)
class Cosigner:
    state: str
    key_fingerprint: str
    received_at: datetime


@dataclass(frozen=True)
class WitnessStatus:
    """One member state's witness, as the log's cosignatures show it."""

    state: State
    last_size: int | None  # the largest checkpoint it cosigned; None: never
    last_at: datetime | None  # when the platform received its latest cosignature
    cosigned_latest: bool
    waiting_since: datetime | None  # the first checkpoint it has not cosigned, if any
    silent: bool  # `waiting_since` a day or more ago

    def behind_by(self, latest: LedgerCheckpoint | None) -> int:
        """Entries the latest checkpoint holds beyond what this state cosigned."""
        if latest is None:
            return 0
        return latest.size - (self.last_size or 0)


@dataclass(frozen=True)
class Witnessing:
    latest: LedgerCheckpoint | None
    root_b64: str  # the latest root as its checkpoint states it (base64), "" before one
    cosigners: list[Cosigner]  # of the latest checkpoint, by state
    quorum: int  # cosignatures a bundle's checkpoint needs
    members: list[WitnessStatus]

    def status_of(self, code: str | None) -> WitnessStatus | None:
        return next((s for s in self.members if s.state.code == code), None)


def _waiting_since(last_size: int | None) -> datetime | None:
    later = LedgerCheckpoint.objects.filter(size__gt=last_size or 0).order_by("size")
    return later.values_list("published_at", flat=True).first()


def member_status(state: State, now: datetime, latest: LedgerCheckpoint | None) -> WitnessStatus:
    """The witness status of one state (see the module for what silent means)."""
    seen = LedgerCosignature.objects.filter(state=state).aggregate(
        size=Max("checkpoint__size"), at=Max("received_at")
    )
    last_size, last_at = seen["size"], seen["at"]
    cosigned_latest = latest is not None and last_size == latest.size
    waiting = None if latest is None or cosigned_latest else _waiting_since(last_size)
    return WitnessStatus(
        state=state,
        last_size=last_size,
        last_at=last_at,
        cosigned_latest=cosigned_latest,
        waiting_since=waiting,
        silent=waiting is not None and now - waiting >= SILENCE,
    )


def witnessing(*, now: datetime) -> Witnessing:
    """The latest checkpoint, its cosigners, and every member state's witness."""
    latest = LedgerCheckpoint.objects.order_by("-size").first()
    cosigners = []
    if latest is not None:
        cosigners = [
            Cosigner(c.state_id, c.key.fingerprint, c.received_at)
            for c in latest.cosignatures.select_related("key").order_by("state_id")
        ]
    members = list(State.objects.filter(status=State.Status.MEMBER).order_by("code"))
    return Witnessing(
        latest=latest,
        root_b64=base64.b64encode(bytes.fromhex(latest.root_hash)).decode() if latest else "",
        cosigners=cosigners,
        quorum=quorum(len(members)),
        members=[member_status(state, now, latest) for state in members],
    )

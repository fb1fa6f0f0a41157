"""Queueing alerts: one row per channel per cause, in the cause's own transaction.

Rule 5 is applied here, once per recipient: a person who may not see the cause's object
gets no alert, and each channel's row holds only the facts its clearance allows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection

from accord.alerts.models import Alert, Channel, Preference
from accord.domain.alerts import (
    Clearance,
    Mode,
    Trigger,
    carries_full_text,
    effective_mode,
    next_digest,
)
from accord.domain.visibility import Audience, StateStatus, Viewer, can_see
from accord.members.access import encode_states
from accord.members.models import State, User


@dataclass(frozen=True)
class Cause:
    """Why alerts go out: `key` names the cause once (`ledger:<seq>`, a reminder's moment).

    `full` is what a channel cleared for the full text receives; `summary` what the others
    receive about a confined object (it names the states concerned, never the content).
    """

    key: str
    trigger: Trigger
    audience: Audience
    object_type: str
    object_id: str
    caused_at: datetime
    full: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)


def alert_key(cause_key: str, trigger: Trigger, channel_id: int) -> str:
    return hashlib.sha256(f"{cause_key}|{trigger.value}|{channel_id}".encode()).hexdigest()


def _row(
    cause: Cause, channel: Channel, person: User | None, state: str | None, mode: Mode
) -> Alert:
    cleared = carries_full_text(Clearance(channel.clearance), cause.audience)
    facts = cause.full if cleared else cause.summary
    due = (
        next_digest(cause.caused_at, channel.time_zone) if mode is Mode.DIGEST else cause.caused_at
    )
    return Alert(
        key=alert_key(cause.key, cause.trigger, channel.pk),
        cause=cause.key[:160],
        trigger=cause.trigger.value,
        channel=channel,
        person=person,
        state_id=state,
        mode=mode.value,
        object_type=cause.object_type,
        object_id=cause.object_id,
        visibility=cause.audience.visibility.value,
        owner_state=cause.audience.owner_state or "",
        audience_states=encode_states(cause.audience.states),
        facts={"trigger": cause.trigger.value, **facts},
        caused_at=cause.caused_at,
        next_attempt_at=due,
    )


def _state_viewer(state: State) -> Viewer:
    return Viewer(state=state.code, state_status=StateStatus(state.status))


def enqueue(cause: Cause, *, people: Iterable[User] = (), states: Iterable[str] = ()) -> int:
    """Queue the alerts of `cause` for `people` (their own channels) and `states` (the
    states' channels). Precondition: inside the transaction that records the cause.
    Returns how many rows were new (a cause queued again adds none)."""
    if not connection.in_atomic_block:
        raise RuntimeError("alerts are queued inside the transaction of their cause")
    recipients = {person.pk: person for person in people}
    rows: list[Alert] = []
    if recipients:
        chosen = {
            (pref.person_id, pref.trigger): Mode(pref.mode)
            for pref in Preference.objects.filter(
                person_id__in=recipients, trigger=cause.trigger.value
            )
        }
        channels = Channel.objects.filter(
            person_id__in=recipients, verified_at__isnull=False, removed_at__isnull=True
        )
        for channel in channels:
            person = recipients[channel.person_id]  # type: ignore[index]
            if not can_see(person.viewer(), cause.audience):
                continue
            mode = effective_mode(
                cause.trigger,
                chosen.get((person.pk, cause.trigger.value)),
                is_duty_officer=person.is_duty_officer,
                is_head=person.is_head,
            )
            if mode is not Mode.OFF:
                rows.append(_row(cause, channel, person, person.state_id, mode))
    codes = sorted(set(states))
    if codes:
        by_code = {state.code: state for state in State.objects.filter(code__in=codes)}
        channels = Channel.objects.filter(
            state_id__in=codes,
            person__isnull=True,
            verified_at__isnull=False,
            removed_at__isnull=True,
        )
        for channel in channels:
            state = by_code[channel.state_id]  # type: ignore[index]
            if can_see(_state_viewer(state), cause.audience):
                rows.append(_row(cause, channel, None, state.code, Mode.IMMEDIATE))
    if not rows:
        return 0
    before = Alert.objects.filter(key__in=[row.key for row in rows]).count()
    Alert.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows) - before

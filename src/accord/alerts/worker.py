"""The outbox worker: claim due alerts, hand them over, record what happened.

Several workers (one per host, or `accord alerts run` beside `accord serve`) may drain one
outbox. A worker claims rows by setting them `sent` with a lease, in a short transaction:
on PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED` lets two workers claim disjoint rows at
once; on SQLite the transaction takes the write lock at BEGIN (IMMEDIATE), so claims are
serialised. A worker that dies mid-send leaves its rows `sent` until the lease runs out;
they are then claimed again and re-sent with the same idempotency key (`webhook-id`,
`Message-ID`), so the receiver can drop the duplicate and nothing is lost.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accord.alerts import transport
from accord.alerts.compose import compose
from accord.alerts.models import Alert, Attempt, Channel
from accord.domain.alerts import Mode, Trigger, next_attempt
from accord.domain.visibility import StateStatus, Viewer, can_see

log = logging.getLogger("accord.alerts")
BATCH = 50


def _seconds(name: str, default: float) -> timedelta:
    return timedelta(seconds=float(getattr(settings, name, default)))


def claim(*, now: datetime, limit: int = BATCH) -> list[int]:
    """Claim up to `limit` due alerts (and those whose worker's lease ran out)."""
    lease = _seconds("ACCORD_ALERTS_LEASE_SECONDS", 60)
    with transaction.atomic():
        due = Q(status=Alert.Status.QUEUED, next_attempt_at__lte=now) | Q(
            status=Alert.Status.SENT, claimed_until__lt=now
        )
        rows = Alert.objects.filter(due).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[:limit])
        Alert.objects.filter(pk__in=ids).update(
            status=Alert.Status.SENT,
            claimed_until=now + lease,
            sent_at=now,
            attempts=F("attempts") + 1,
            first_attempt_at=Coalesce("first_attempt_at", now),
        )
    return ids


def _still_visible(alert: Alert) -> bool:
    """Rule 5 again at send time: a person who left the delegation gets nothing."""
    if alert.trigger == Trigger.VERIFICATION:
        return True
    if alert.person is not None:
        return alert.person.is_active and can_see(alert.person.viewer(), alert.audience)
    if alert.state is None:
        return False
    viewer = Viewer(state=alert.state.code, state_status=StateStatus(alert.state.status))
    return can_see(viewer, alert.audience)


def _refusal(alerts: list[Alert], channel: Channel) -> str | None:
    if channel.removed_at is not None:
        return "the channel was removed"
    if channel.verified_at is None and any(a.trigger != Trigger.VERIFICATION for a in alerts):
        return "the channel is not verified"
    if not all(_still_visible(alert) for alert in alerts):
        return "the recipient may no longer see the object"
    return None


@dataclass(frozen=True)
class Outcome:
    """What one hand-over came to: the alerts it carried and what the other side said."""

    alerts: list[Alert]
    started: datetime
    finished: datetime
    detail: str
    delivered: bool


def _record(outcomes: list[Outcome], clock: datetime | None) -> None:
    """Write outcomes and their attempts in one transaction.

    A worker that dies before this commits leaves its alerts `sent`: they are sent again,
    under the same idempotency key, once the lease runs out.
    """
    base = _seconds("ACCORD_ALERTS_RETRY_BASE_SECONDS", 30)
    with transaction.atomic():
        Attempt.objects.bulk_create(
            Attempt(
                alert=alert,
                started_at=outcome.started,
                finished_at=outcome.finished,
                outcome=Attempt.Outcome.DELIVERED if outcome.delivered else Attempt.Outcome.ERROR,
                detail=outcome.detail[:500],
            )
            for outcome in outcomes
            for alert in outcome.alerts
        )
        for outcome in outcomes:
            moment = clock or outcome.finished  # an explicit clock times the retry (tests)
            for alert in outcome.alerts:
                _settle(alert, outcome, moment, base)


def _settle(alert: Alert, outcome: Outcome, moment: datetime, base: timedelta) -> None:
    mine = Alert.objects.filter(pk=alert.pk, status=Alert.Status.SENT)
    detail = outcome.detail[:500]
    if outcome.delivered:
        changes: dict[str, object] = {"delivered_at": outcome.finished, "last_error": ""}
        if alert.trigger == Trigger.VERIFICATION:
            changes["facts"] = {"trigger": alert.trigger}  # the code is not kept
        mine.update(status=Alert.Status.DELIVERED, claimed_until=None, **changes)
        return
    again = next_attempt(
        attempts=alert.attempts,
        first_attempt_at=alert.first_attempt_at or moment,
        now=moment,
        base=base,
    )
    if again is None:
        mine.update(status=Alert.Status.FAILED, claimed_until=None, last_error=detail)
    else:
        mine.update(
            status=Alert.Status.QUEUED, claimed_until=None, next_attempt_at=again, last_error=detail
        )


class _Mail:
    """One SMTP connection per batch, opened on first use."""

    def __init__(self) -> None:
        self.connection: BaseEmailBackend | None = None

    def get(self) -> BaseEmailBackend | None:
        config = transport.email_config()
        if config is None:
            return None
        if self.connection is None:
            self.connection = transport.mail_connection(config)
            self.connection.open()
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # a dead connection is closed already
                log.debug("closing the SMTP connection failed", exc_info=True)
            self.connection = None


def _hand_over(
    alerts: list[Alert], channel: Channel, mail: _Mail, clock: datetime | None
) -> Outcome | None:
    """Send one message; None when nothing was attempted (refused, or e-mail is off)."""
    started = timezone.now()
    refusal = _refusal(alerts, channel)
    if refusal is not None:
        Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(
            status=Alert.Status.FAILED, claimed_until=None, last_error=refusal
        )
        return None
    message = compose(alerts, channel)
    message_id = alerts[0].public_id if len(alerts) == 1 else f"digest-{alerts[0].public_id}"
    try:
        if channel.kind == Channel.Kind.WEBHOOK:
            detail = transport.post_webhook(channel, message_id, message.payload)
        else:
            smtp = mail.get()
            if smtp is None:
                # E-mail is off: keep the alert for when it is configured, without an attempt.
                Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(
                    status=Alert.Status.QUEUED,
                    claimed_until=None,
                    attempts=F("attempts") - 1,
                    next_attempt_at=(clock or started) + timedelta(minutes=1),
                )
                transport.announce_email()
                return None
            detail = transport.send_email(message, channel, message_id, smtp)
    except transport.Undelivered as failure:
        mail.close()  # a failed SMTP session is not reused
        return Outcome(alerts, started, timezone.now(), str(failure), delivered=False)
    return Outcome(alerts, started, timezone.now(), detail, delivered=True)


def _groups(alerts: list[Alert]) -> Iterator[tuple[list[Alert], Channel]]:
    """Each alert alone, except e-mail digest alerts: one message per channel."""
    digests: dict[int, list[Alert]] = defaultdict(list)
    for alert in alerts:
        if alert.mode == Mode.DIGEST and alert.channel.kind == Channel.Kind.EMAIL:
            digests[alert.channel_id].append(alert)
        else:
            yield [alert], alert.channel
    for grouped in digests.values():
        yield grouped, grouped[0].channel


def drain(*, now: datetime | None = None, limit: int = BATCH) -> int:
    """Send every alert due at `now` (default: the clock at each batch); returns how many
    were handed over or settled."""
    done = 0
    mail = _Mail()
    try:
        while True:
            ids = claim(now=now or timezone.now(), limit=limit)
            if not ids:
                return done
            alerts = list(
                Alert.objects.filter(pk__in=ids)
                .select_related("channel", "person__state", "state")
                .order_by("id")
            )
            for grouped, channel in _groups(alerts):
                outcome = _hand_over(grouped, channel, mail, now)
                if outcome is not None:
                    # Recorded at once, not per batch: a worker killed now re-sends only
                    # the message in flight, not every one since the batch began.
                    _record([outcome], now)
            done += len(ids)
    finally:
        mail.close()


def in_flight() -> bool:
    """True while some alert is claimed by a worker (or due now)."""
    now = timezone.now()
    return Alert.objects.filter(
        Q(status=Alert.Status.SENT) | Q(status=Alert.Status.QUEUED, next_attempt_at__lte=now)
    ).exists()


def run_forever(stop: threading.Event, *, poll_seconds: float = 1.0) -> None:
    """The worker loop of `accord serve` and `accord alerts run`."""
    transport.announce_email()
    while not stop.is_set():
        try:
            sent = drain()
        except Exception:
            log.exception("sending alerts failed; trying again in %s s", poll_seconds)
            sent = 0
        finally:
            close_old_connections()
        if not sent:
            stop.wait(poll_seconds)


@contextmanager
def running(poll_seconds: float = 1.0) -> Iterator[threading.Thread]:
    """A worker thread for the duration of the block (tests, the demo)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_forever, args=(stop,), kwargs={"poll_seconds": poll_seconds}, daemon=True
    )
    thread.start()
    try:
        yield thread
    finally:
        stop.set()
        thread.join(timeout=30)

"""`accord tick` for alerts: reminders before deadlines and escalation after them.

Each reminder's cause key names the procedure (or act), the state and the reminder's
moment (`48h`, `6h`, `1h`), so a tick run twice, or on two hosts, queues it once; the
outbox's unique key does the rest.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from accord.alerts import recipients
from accord.alerts.outbox import Cause, enqueue
from accord.domain.alerts import Trigger, due_reminder, escalation_due, reminder_label

# Deadlines further back than this are not escalated any more (the scan stays bounded).
ESCALATION_HORIZON = timedelta(days=7)


def _timed_cause(
    *,
    key: str,
    trigger: Trigger,
    target: Any,
    object_type: str,
    title: str,
    summary: dict[str, str],
    now: datetime,
) -> Cause:
    """A cause that no ledger entry carries: the clock reached a reminder or an escalation."""
    return Cause(
        key=key,
        trigger=trigger,
        audience=target.audience,
        object_type=object_type,
        object_id=str(getattr(target, "public_id", None) or target.pk),
        caused_at=now,
        full={**summary, "title": title},
        summary=summary,
    )


def _silence_reminders(now: datetime) -> list[str]:
    from accord.negotiation.models import AdoptionAct, AdoptionProcedure

    done: list[str] = []
    pending = AdoptionProcedure.objects.filter(
        kind=AdoptionProcedure.Kind.SILENCE,
        outcome=AdoptionProcedure.Outcome.PENDING,
        deadline__gt=now,
    ).select_related("document")
    for procedure in pending:
        assert procedure.deadline is not None
        offset = due_reminder(opened_at=procedure.opened_at, deadline=procedure.deadline, now=now)
        if offset is None:
            continue
        acted = set(
            AdoptionAct.objects.filter(procedure=procedure, state__isnull=False).values_list(
                "state_id", flat=True
            )
        )
        document = procedure.document
        summary = {"state": procedure.chair_state_id, "deadline": procedure.deadline.isoformat()}
        for state in sorted(procedure.member_states - acted):
            cause = _timed_cause(
                key=f"reminder:silence:{procedure.pk}:{state}:{reminder_label(offset)}",
                trigger=Trigger.SILENCE_REMINDER,
                target=document,
                object_type="negotiation.document",
                title=document.title,
                summary=summary,
                now=now,
            )
            with transaction.atomic():
                queued = enqueue(cause, people=recipients.officers([state]), states=[state])
            if queued:
                done.append(
                    f"{reminder_label(offset)} reminder of silence procedure {procedure.pk} "
                    f"to {state} ({queued} alerts)"
                )
    return done


def _ad_referendum_reminders(now: datetime) -> list[str]:
    from accord.negotiation.models import AdoptionAct, AdoptionProcedure

    done: list[str] = []
    acts = AdoptionAct.objects.filter(
        act=AdoptionAct.Act.APPROVE_AD_REF,
        confirm_by__gt=now,
        procedure__outcome=AdoptionProcedure.Outcome.PENDING,
    ).select_related("procedure__document")
    for act in acts:
        assert act.confirm_by is not None and act.state_id is not None
        confirmed = AdoptionAct.objects.filter(
            procedure=act.procedure, state_id=act.state_id, act=AdoptionAct.Act.CONFIRM
        ).exists()
        offset = due_reminder(opened_at=act.at, deadline=act.confirm_by, now=now)
        if confirmed or offset is None:
            continue
        document = act.procedure.document
        summary = {"state": act.state_id, "deadline": act.confirm_by.isoformat()}
        cause = _timed_cause(
            key=f"reminder:ad-referendum:{act.pk}:{reminder_label(offset)}",
            trigger=Trigger.AD_REFERENDUM,
            target=document,
            object_type="negotiation.document",
            title=document.title,
            summary=summary,
            now=now,
        )
        with transaction.atomic():
            queued = enqueue(cause, people=recipients.heads([act.state_id]))
        if queued:
            done.append(f"{reminder_label(offset)} reminder to confirm ad referendum {act.pk}")
    return done


def _escalations(now: datetime) -> list[str]:
    from accord.notifications.models import Delivery

    delay = timedelta(minutes=int(getattr(settings, "ACCORD_ALERTS_ESCALATION_MINUTES", 120)))
    done: list[str] = []
    late = Delivery.objects.filter(
        acknowledged_at__isnull=True,
        notification__ack_due_at__lte=now - delay,
        notification__ack_due_at__gt=now - delay - ESCALATION_HORIZON,
    ).select_related("notification")
    for delivery in late:
        notification = delivery.notification
        if not escalation_due(overdue_since=notification.ack_due_at, delay=delay, now=now):
            continue
        summary = {
            "state": notification.sender_state_id,
            "deadline": notification.ack_due_at.isoformat(),
        }
        cause = _timed_cause(
            key=f"escalation:acknowledgement:{delivery.pk}",
            trigger=Trigger.ESCALATION,
            target=notification,
            object_type="notifications.notification",
            title=notification.subject,
            summary=summary,
            now=now,
        )
        with transaction.atomic():
            queued = enqueue(cause, people=recipients.heads([delivery.state_id]))
        if queued:
            done.append(
                f"acknowledgement of notification {notification.pk} by {delivery.state_id} "
                "escalated to its head"
            )
    return done


def run(now: datetime) -> list[str]:
    """Idempotent: what was queued once for a moment is never queued again."""
    return [*_silence_reminders(now), *_ad_referendum_reminders(now), *_escalations(now)]

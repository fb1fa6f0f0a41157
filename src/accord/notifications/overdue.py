"""Acknowledgements and replies past their deadline, flagged once each (`accord tick`)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from accord.domain import published
from accord.ledger.services import record
from accord.notifications.models import Delivery

Overdue = published.NotificationAcknowledgementOverdue | published.NotificationReplyOverdue


def flag_overdue(*, now: datetime) -> list[str]:
    """Flag acknowledgements and replies past their deadline, each once (`accord tick`)."""
    done: list[str] = []
    late_acks = Delivery.objects.filter(
        acknowledged_at__isnull=True,
        ack_overdue_at__isnull=True,
        notification__ack_due_at__lt=now,
    ).values_list("pk", flat=True)
    for pk in list(late_acks):
        line = _flag(pk, now=now, reply=False)
        if line:
            done.append(line)
    late_replies = Delivery.objects.filter(
        replied_at__isnull=True,
        reply_overdue_at__isnull=True,
        notification__reply_due_at__lt=now,
    ).values_list("pk", flat=True)
    for pk in list(late_replies):
        line = _flag(pk, now=now, reply=True)
        if line:
            done.append(line)
    return done


@transaction.atomic
def _flag(pk: int, *, now: datetime, reply: bool) -> str | None:
    """One delivery, locked and re-checked, so that two ticks racing flag it once."""
    delivery = Delivery.objects.select_for_update().select_related("notification").get(pk=pk)
    notification = delivery.notification
    if reply:
        if delivery.replied_at is not None or delivery.reply_overdue_at is not None:
            return None
        delivery.reply_overdue_at = now
        delivery.save(update_fields=["reply_overdue_at"])
        overdue: type[Overdue] = published.NotificationReplyOverdue
        what = "reply"
    else:
        if delivery.acknowledged_at is not None or delivery.ack_overdue_at is not None:
            return None
        delivery.ack_overdue_at = now
        delivery.save(update_fields=["ack_overdue_at"])
        overdue = published.NotificationAcknowledgementOverdue
        what = "acknowledgement"
    record(
        actor=None,
        obj=notification,
        event=overdue(
            audience=notification.audience,
            notification=notification.public_id,
            state=delivery.state_id,
        ),
    )
    return f"{what} of notification {notification.public_id} by {delivery.state_id} is overdue"

"""`accord tick` flags overdue acknowledgements and replies, once each."""

from __future__ import annotations

from datetime import timedelta

from accord.ledger.models import LedgerEntry
from accord.notifications import services, tick
from accord.site.ticks import run_due


def test_tick_flags_each_overdue_acknowledgement_once(region, exercise):
    notice = services.send_notification(
        actor=region.delegate("KAZ"), type_key="exercise_notice", content=exercise()
    )
    services.acknowledge(actor=region.delegate("KGZ"), notification_id=notice.pk)
    assert tick.run(notice.ack_due_at) == []  # due, not yet past
    later = notice.ack_due_at + timedelta(seconds=1)
    entries = LedgerEntry.objects.count()
    assert tick.run(later) == [
        f"acknowledgement of notification {notice.public_id} by TJK is overdue",
        f"acknowledgement of notification {notice.public_id} by UZB is overdue",
    ]
    assert LedgerEntry.objects.count() == entries + 2
    flagged = LedgerEntry.objects.order_by("-seq")[0]
    assert (flagged.action, flagged.actor, flagged.visibility) == (
        "notification.acknowledgement_overdue",
        "system",
        "members",
    )
    assert tick.run(later + timedelta(days=3)) == []
    # Nothing more is due (the ledger may publish a checkpoint of what was recorded).
    assert [
        line for line in run_due(later + timedelta(days=4)) if not line.startswith("ledger:")
    ] == []
    assert LedgerEntry.objects.count() == entries + 2
    assert list(
        notice.deliveries.filter(ack_overdue_at__isnull=False).values_list(
            "state_id", "ack_overdue_at"
        )
    ) == [("TJK", later), ("UZB", later)]


def test_tick_flags_a_missing_reply_after_the_reply_deadline(region, request_for_explanation):
    request = services.send_notification(
        actor=region.delegate("KGZ"),
        type_key="explanation_request",
        content=request_for_explanation(),
        recipients=["UZB", "TJK"],
    )
    answer = services.reply(
        actor=region.delegate("UZB"), notification_id=request.pk, content={"explanation": "x"}
    )
    services.acknowledge(actor=region.delegate("KGZ"), notification_id=answer.pk)
    services.acknowledge(actor=region.delegate("TJK"), notification_id=request.pk)
    after = request.reply_due_at + timedelta(minutes=1)
    assert tick.run(after) == [f"reply of notification {request.public_id} by TJK is overdue"]
    assert tick.run(after) == []
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.visibility, entry.audience_states) == (
        "notification.reply_overdue",
        "restricted",
        ",KGZ,TJK,UZB,",
    )


def test_an_acknowledgement_after_the_flag_is_recorded_as_late(region, exercise):
    notice = services.send_notification(
        actor=region.delegate("KAZ"),
        type_key="exercise_notice",
        content=exercise(),
        recipients=["TJK"],
    )
    later = notice.ack_due_at + timedelta(hours=1)
    tick.run(later)
    services.acknowledge(actor=region.delegate("TJK"), notification_id=notice.pk, now=later)
    assert LedgerEntry.objects.order_by("-seq").first().payload["late"] is True
    assert tick.run(later + timedelta(days=1)) == []

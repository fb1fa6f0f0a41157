"""An overdue commitment reaches its lead states' duty officers, once, from `accord tick`:
through a real SMTP server on loopback and a real webhook receiver, in each channel's
language, naming nothing to a state that is not a lead."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from accord.alerts import worker
from accord.alerts.models import Alert
from accord.ledger.models import LedgerEntry
from accord.proceedings import follow_up
from accord.site.ticks import run_due
from fixtures.alerts import (
    SmtpServer,
    WebhookReceiver,
    settle_verifications,
    verified_email,
    verified_webhook,
)

NOW = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)


def _adopted(region: Any, text_at_meeting: Any) -> Any:
    from accord.negotiation import services

    document = text_at_meeting()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        services.approve(actor=region.head(code), document_id=document.pk)
    return document


def _commit(region: Any, document: Any, leads: list[str], due: date, what: str) -> Any:
    return follow_up.add_commitment(
        actor=region.secretariat, document_id=document.pk, paragraph="OP2", description=what,
        lead_states=leads, due=due,
    )  # fmt: skip


def test_an_overdue_commitment_alerts_its_lead_states_duty_officers_once(
    region, ministerial, text_at_meeting, smtp: SmtpServer, receiver: WebhookReceiver
) -> None:
    document = _adopted(region, text_at_meeting)
    verified_email(region.delegate("UZB"), "duty@uzb.example.org")
    verified_email(region.delegate("KAZ"), "duty@kaz.example.org", language="ru")
    verified_webhook(region.delegate("KAZ"), receiver.url)
    verified_email(region.delegate("TJK"), "duty@tjk.example.org")  # not a lead state
    settle_verifications()
    late = _commit(region, document, ["UZB", "KAZ"], date(2030, 3, 1), "Convene the next meeting")
    today = _commit(region, document, ["TJK"], date(2030, 3, 2), "Report on the exercise")
    settled = _commit(region, document, ["TJK"], date(2030, 2, 1), "Exchange contact lists")
    follow_up.update_commitment(
        actor=region.delegate("TJK"), document_id=document.pk, commitment_id=settled.pk,
        status="done", evidence="Exchanged in Almaty.",
    )  # fmt: skip

    done = run_due(NOW)
    assert f"commitment {late.public_id} under {document.public_id} is overdue" in done
    assert worker.drain(now=NOW) == 3
    mails = {m.rcpt_tos[0]: m for m in smtp.wait_for(2)}
    assert sorted(mails) == ["duty@kaz.example.org", "duty@uzb.example.org"]
    english = mails["duty@uzb.example.org"]
    assert english.message["Subject"] == "Accord: A commitment of your state is overdue"
    text = english.part("text/plain")
    assert (
        "Your state's commitment under OP2, “Convene the next meeting”, was due on 2030-03-01 "
        "and is not done." in text
    )
    assert f"http://127.0.0.1:8000/documents/{document.public_id}/implementation/" in text
    russian = mails["duty@kaz.example.org"]
    assert russian.message["Subject"].strip() == (
        "Accord: Истёк срок выполнения обязательства вашего государства"
    )
    assert "Обязательство вашего государства по OP2 («Convene the next meeting»)" in (
        russian.part("text/plain")
    )
    [hook] = receiver.alerts()
    assert hook.json["type"] == "accord.commitment_overdue"
    assert hook.json["alerts"][0]["facts"] == {
        "due": "2030-03-01", "paragraph": "OP2", "title": "Convene the next meeting",
        "trigger": "commitment_overdue",
    }  # fmt: skip

    # Once: a second tick the same day records and sends nothing more; the next day only
    # the commitment that was due the day before is overdue.
    assert not [line for line in run_due(NOW + timedelta(hours=1)) if "commitment" in line]
    assert worker.drain(now=NOW + timedelta(hours=1)) == 0
    tomorrow = NOW + timedelta(days=1)
    assert [line for line in run_due(tomorrow) if "commitment" in line] == [
        f"commitment {today.public_id} under {document.public_id} is overdue"
    ]
    assert worker.drain(now=tomorrow) == 1
    assert [m.rcpt_tos for m in smtp.wait_for(3)][2:] == [["duty@tjk.example.org"]]
    entries = LedgerEntry.objects.filter(action="commitment.overdue").order_by("seq")
    assert [e.payload["commitment"] for e in entries] == [late.public_id, today.public_id]
    assert entries[0].payload["lead_states"] == ["KAZ", "UZB"]
    assert list(
        Alert.objects.filter(trigger="commitment_overdue", person__state_id="TJK").values_list(
            "object_id", flat=True
        )
    ) == [document.public_id]
    late.refresh_from_db()
    assert late.overdue_noted_at == NOW


def test_a_commitment_done_before_the_tick_is_not_alerted(
    region, ministerial, text_at_meeting, smtp: SmtpServer
) -> None:
    document = _adopted(region, text_at_meeting)
    verified_email(region.delegate("UZB"), "duty@uzb.example.org")
    settle_verifications()
    late = _commit(region, document, ["UZB"], date(2030, 3, 1), "Convene the next meeting")
    follow_up.update_commitment(
        actor=region.delegate("UZB"), document_id=document.pk, commitment_id=late.pk,
        status="dropped", evidence="Overtaken by events.",
    )  # fmt: skip
    assert not [line for line in run_due(NOW) if "commitment" in line]
    assert worker.drain(now=NOW) == 0
    assert not LedgerEntry.objects.filter(action="commitment.overdue").exists()

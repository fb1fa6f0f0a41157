"""E-mail alerts through a real SMTP server on loopback: recipients, language, subject,
link, and a restricted object's mail naming nothing the channel is not cleared for."""

from __future__ import annotations

from typing import Any

from accord.alerts import worker
from accord.alerts.models import Alert
from accord.notifications.hotline import send_hotline_message
from fixtures.alerts import SmtpServer, settle_verifications, verified_email

SECRET_TEXT = "Convoy crossing at Kyzyl-Art at 04:00; please hold fire."


def test_verification_code_arrives_by_mail_and_verifies_the_address(region, smtp: SmtpServer):
    from accord.alerts import services

    officer = region.delegate("KGZ")
    channel, _ = services.add_channel(actor=officer, kind="email", address="duty@kgz.example.org")
    assert worker.drain() == 1
    [mail] = smtp.wait_for(1)
    assert mail.rcpt_tos == ["duty@kgz.example.org"]
    text = mail.part("text/plain")
    code = next(word.rstrip(".") for word in text.split() if word.rstrip(".").isdigit())
    services.verify_email(actor=officer, channel_id=channel.public_id, code=code)
    channel.refresh_from_db()
    assert channel.verified_at is not None
    # The code is not kept in the outbox once it was handed over.
    assert "code" not in Alert.objects.get(channel=channel).facts


def test_hotline_mail_in_russian_summarises_the_restricted_message(region, smtp: SmtpServer):
    officer = region.delegate("KGZ")
    verified_email(officer, "duty@kgz.example.org", language="ru", time_zone="Asia/Bishkek")
    settle_verifications()
    send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body=SECRET_TEXT)

    assert worker.drain() == 1
    [mail] = smtp.wait_for(1)
    assert mail.rcpt_tos == ["duty@kgz.example.org"]
    assert mail.message["Subject"].strip() == "Accord: Сообщение по горячей линии"
    assert mail.message["Content-Language"] == "ru"
    text, html = mail.part("text/plain"), mail.part("text/html")
    assert "Вас ожидает сообщение по горячей линии (отправитель: Казахстан)." in text
    assert "http://127.0.0.1:8000/hotline/" in text
    assert 'href="http://127.0.0.1:8000/hotline/"' in html
    for body in (text, html, str(mail.message)):
        assert "Kyzyl-Art" not in body and "Convoy" not in body
    alert = Alert.objects.get(trigger="hotline")
    assert alert.status == "delivered"
    assert "text" not in alert.facts  # the outbox row never held what the channel may not carry


def test_a_state_channel_cleared_for_full_text_carries_the_message(region, smtp: SmtpServer):
    head = region.head("KGZ")
    verified_email(head, "ops@mfa.kgz.example.org", for_state=True, clearance="full")
    verified_email(region.delegate("KGZ"), "duty@kgz.example.org")
    settle_verifications()
    send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body=SECRET_TEXT)

    assert worker.drain() == 2
    mails = {m.rcpt_tos[0]: m for m in smtp.wait_for(2)}
    assert SECRET_TEXT in mails["ops@mfa.kgz.example.org"].part("text/plain")
    assert mails["ops@mfa.kgz.example.org"].message["Subject"] == "Accord: A hotline message"
    assert "Convoy" not in mails["duty@kgz.example.org"].part("text/plain")
    assert "Convoy" not in mails["ops@mfa.kgz.example.org"].message["Subject"]


def test_a_third_state_gets_no_alert_of_a_restricted_message(region, smtp: SmtpServer):
    verified_email(region.delegate("TJK"), "duty@tjk.example.org")
    verified_email(region.delegate("KGZ"), "duty@kgz.example.org")
    settle_verifications()
    send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body=SECRET_TEXT)

    worker.drain()
    assert [m.rcpt_tos for m in smtp.wait_for(1)] == [["duty@kgz.example.org"]]
    assert not Alert.objects.filter(person=region.delegate("TJK"), trigger="hotline").exists()


def test_silence_opened_mail_gives_the_deadline_in_the_recipients_time_zone(
    region, smtp: SmtpServer, draft: Any
):
    from datetime import UTC, datetime

    from accord.negotiation import services

    verified_email(
        region.head("UZB"), "head@uzb.example.org", language="zh-hans", time_zone="Asia/Tashkent"
    )
    settle_verifications()
    document = draft(title="Tashkent joint statement")
    deadline = datetime(2031, 7, 15, 12, 0, tzinfo=UTC)
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence", deadline=deadline
    )
    worker.drain()
    [mail] = smtp.wait_for(1)
    assert mail.rcpt_tos == ["head@uzb.example.org"]
    assert mail.message["Subject"].strip() == "Accord：默许程序已启动"
    text = mail.part("text/plain")
    assert "2031-07-15 17:00 (Asia/Tashkent)" in text
    assert "Tashkent joint statement" in text  # participants-level: the title travels
    assert f"http://127.0.0.1:8000/documents/{document.public_id}/" in text


def test_a_write_that_rolls_back_queues_no_alert(region, smtp: SmtpServer):
    from django.db import transaction

    verified_email(region.delegate("KGZ"), "duty@kgz.example.org")
    before = Alert.objects.count()
    try:
        with transaction.atomic():
            send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body="x")
            raise RuntimeError("the request failed after the write")
    except RuntimeError:
        pass
    assert Alert.objects.count() == before


def test_with_email_off_the_alert_stays_queued(region, settings):
    settings.ACCORD_EMAIL_URL = None
    verified_email(region.delegate("KGZ"), "duty@kgz.example.org")
    settle_verifications()
    send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body="x")
    worker.drain()
    alert = Alert.objects.get(trigger="hotline")
    assert (alert.status, alert.attempts) == ("queued", 0)

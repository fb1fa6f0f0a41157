"""The alerts page (channels, verification, preferences) and the delivery state on the
duty officer's page."""

from __future__ import annotations

from django.test import Client

from accord.alerts import worker
from accord.alerts.models import Alert, Channel
from accord.members.sign_in import SESSION_VERIFIED_KEY
from accord.notifications.hotline import send_hotline_message
from fixtures.alerts import SmtpServer, settle_verifications, verified_email


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session.save()
    return client


def test_a_delegate_adds_and_verifies_an_address_on_the_alerts_page(region):
    officer = region.delegate("KGZ")
    client = client_for(officer)
    page = client.get("/account/alerts/")
    assert page.status_code == 200
    assert "No contact channels." in page.content.decode()
    form = {
        "kind": "email",
        "address": "duty@kgz.example.org",
        "clearance": "summary",
        "language": "ru",
        "time_zone": "Asia/Bishkek",
    }
    assert client.post("/account/alerts/", form).status_code == 302
    channel = Channel.objects.get(person=officer)
    code = Alert.objects.get(channel=channel).facts["code"]
    answer = client.post(f"/account/alerts/{channel.public_id}/verify/", {"code": code})
    assert answer.status_code == 302
    channel.refresh_from_db()
    assert channel.verified_at is not None
    listed = client.get("/account/alerts/").content.decode()
    assert "duty@kgz.example.org" in listed
    assert "at once (set by your state)" in listed  # the hotline, fixed for a duty officer


def test_the_page_refuses_full_text_clearance_from_a_delegate(region):
    client = client_for(region.delegate("KGZ"))
    form = {
        "kind": "email",
        "address": "duty@kgz.example.org",
        "clearance": "full",
        "language": "en",
        "time_zone": "UTC",
    }
    page = client.post("/account/alerts/", form)
    assert page.status_code == 200
    assert "Only the head of delegation clears a channel for the full text." in (
        page.content.decode()
    )
    assert not Channel.objects.exists()


def test_the_duty_page_shows_each_alerts_delivery_state(region, smtp: SmtpServer):
    officer = region.delegate("KGZ")
    verified_email(officer, "duty@kgz.example.org")
    settle_verifications()
    send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body="Urgent.")
    client = client_for(officer)
    assert 'data-alert-status="queued"' in client.get("/duty/").content.decode()
    worker.drain()
    assert 'data-alert-status="delivered"' in client.get("/duty/").content.decode()
    third = client_for(region.delegate("TJK")).get("/duty/").content.decode()
    assert "data-alert-status" not in third

"""`/contacts` through HTTP: channels, verification, preferences, and the alerts with their
delivery state — and what each caller may not do, refused with nothing changed."""

from __future__ import annotations

import json
from typing import Any

from accord.alerts import worker
from accord.alerts.models import Alert, Channel, Preference
from accord.ledger.models import LedgerEntry
from accord.notifications.hotline import send_hotline_message
from fixtures.alerts import SmtpServer, settle_verifications, verified_email


def _post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def _put(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.put(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def _rows() -> tuple[int, int, int, int]:
    return (
        Channel.objects.count(),
        Alert.objects.count(),
        Preference.objects.count(),
        LedgerEntry.objects.count(),
    )


def test_an_address_is_added_then_verified_with_the_mailed_code(region, api, smtp: SmtpServer):
    client = api(region.delegate("KGZ"))
    body = {"kind": "email", "address": "duty@kgz.example.org", "language": "ru"}
    answer = _post(client, "/contacts", body)
    assert answer.status_code == 201
    channel = answer.json()
    assert (channel["verified"], channel["owner"], channel["secret"]) == (False, "person", None)
    worker.drain()
    [mail] = smtp.wait_for(1)
    text = mail.part("text/plain")
    code = next(w.rstrip(".") for w in text.split() if w.rstrip(".").isdigit() and len(w) >= 6)

    wrong = _post(client, f"/contacts/{channel['id']}/verify", {"code": "000000x"})
    assert wrong.status_code == 422
    assert wrong.json()["detail"] == "code: that is not the code we sent."
    assert Channel.objects.get(public_id=channel["id"]).code_attempts == 1  # the guess counted

    right = _post(client, f"/contacts/{channel['id']}/verify", {"code": code})
    assert (right.status_code, right.json()["verified"]) == (200, True)
    listed = client.get("/api/v1/contacts").json()["items"]
    assert [(c["id"], c["verified"]) for c in listed] == [(channel["id"], True)]


def test_five_wrong_codes_lock_the_code(region, api):
    client = api(region.delegate("KGZ"))
    channel = _post(client, "/contacts", {"kind": "email", "address": "d@kgz.example.org"}).json()
    for _ in range(5):
        assert _post(client, f"/contacts/{channel['id']}/verify", {"code": "1"}).status_code == 422
    code = Alert.objects.get(channel__public_id=channel["id"]).facts["code"]
    locked = _post(client, f"/contacts/{channel['id']}/verify", {"code": code})
    assert locked.status_code == 409
    assert Channel.objects.get(public_id=channel["id"]).verified_at is None


def test_only_the_head_clears_a_channel_for_the_full_text_or_adds_the_states(region, api):
    client = api(region.delegate("KGZ"))
    before = _rows()
    full = {"kind": "email", "address": "d@kgz.example.org", "clearance": "full"}
    assert _post(client, "/contacts", full).status_code == 403
    state = {"kind": "email", "address": "ops@kgz.example.org", "for_state": True}
    assert _post(client, "/contacts", state).status_code == 403
    assert _rows() == before
    head = _post(api(region.head("KGZ")), "/contacts", {**state, "clearance": "full"})
    assert head.status_code == 201
    assert (head.json()["owner"], head.json()["clearance"]) == ("state", "full")


def test_another_persons_channel_reads_as_absent_and_cannot_be_touched(region, api):
    owner = api(region.delegate("KGZ"))
    channel = _post(owner, "/contacts", {"kind": "email", "address": "d@kgz.example.org"}).json()
    code = Alert.objects.get(channel__public_id=channel["id"]).facts["code"]
    intruders = [api(p) for p in (region.delegate("TJK"), region.head("TJK"), region.secretariat)]
    before = _rows()
    for client in intruders:
        assert channel["id"] not in {
            c["id"] for c in client.get("/api/v1/contacts").json()["items"]
        }
        verify = _post(client, f"/contacts/{channel['id']}/verify", {"code": code})
        removed = client.delete(f"/api/v1/contacts/{channel['id']}")
        absent = client.delete("/api/v1/contacts/no-such-channel")
        assert verify.status_code == removed.status_code == absent.status_code == 404
        assert removed.json() == absent.json()
    assert _rows() == before
    assert Channel.objects.get(public_id=channel["id"]).verified_at is None


def test_bad_input_is_refused_with_a_sentence(region, api):
    client = api(region.head("KGZ"))
    before = _rows()
    cases = [
        ({"kind": "email", "address": "not an address"}, "is not an e-mail address"),
        ({"kind": "webhook", "address": "ftp://example.org/x"}, "a webhook is an https:// URL"),
        ({"kind": "webhook", "address": "https://127.0.0.1/hook"}, "is not a public address"),
        (
            {"kind": "email", "address": "a@example.org", "time_zone": "Mars/Olympus"},
            "is not an IANA time zone",
        ),
    ]
    for body, sentence in cases:
        answer = _post(client, "/contacts", body)
        assert answer.status_code == 422, body
        assert sentence in answer.json()["detail"]
    assert _rows() == before


def test_a_duty_officer_cannot_turn_off_the_hotline_but_may_mute_revisions(region, api):
    client = api(region.delegate("KGZ"))
    before = _rows()
    refused = _put(client, "/contacts/preferences", {"trigger": "hotline", "mode": "off"})
    assert refused.status_code == 422
    assert "cannot be set to off" in refused.json()["detail"]
    assert _rows() == before
    muted = _put(client, "/contacts/preferences", {"trigger": "revision_issued", "mode": "off"})
    assert muted.status_code == 200
    listed = {p["trigger"]: p for p in client.get("/api/v1/contacts/preferences").json()["items"]}
    assert listed["hotline"] == {"trigger": "hotline", "mode": "immediate", "fixed": True}
    assert listed["revision_issued"] == {
        "trigger": "revision_issued",
        "mode": "off",
        "fixed": False,
    }


def test_the_state_sees_each_alerts_delivery_state_and_attempts(region, api, smtp: SmtpServer):
    verified_email(region.delegate("KGZ"), "duty@kgz.example.org")
    settle_verifications()
    send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body="Urgent.")
    head = api(region.head("KGZ"))
    [queued] = head.get("/api/v1/contacts/alerts").json()["items"]
    assert (queued["trigger"], queued["status"], queued["recipient"]) == (
        "hotline",
        "queued",
        "kgz-delegate",
    )
    worker.drain()
    [delivered] = head.get("/api/v1/contacts/alerts").json()["items"]
    assert delivered["status"] == "delivered" and delivered["delivered_at"]
    attempts = head.get(f"/api/v1/contacts/alerts/{delivered['id']}/attempts").json()["items"]
    assert [(a["outcome"], a["detail"]) for a in attempts] == [("delivered", "SMTP accepted")]
    # Another state's head reads it as absent.
    other = api(region.head("TJK"))
    assert other.get("/api/v1/contacts/alerts").json()["items"] == []
    hidden = other.get(f"/api/v1/contacts/alerts/{delivered['id']}/attempts")
    absent = other.get("/api/v1/contacts/alerts/no-such-alert/attempts")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()


def test_a_muted_trigger_queues_nothing_for_that_person(region, api, smtp: SmtpServer):
    from accord.alerts import services

    head = region.head("UZB")
    verified_email(head, "head@uzb.example.org")
    services.set_preference(actor=head, trigger="bilateral_requested", mode="off")
    services.set_preference(actor=head, trigger="floor_given", mode="digest")
    before = Alert.objects.count()
    from django.db import transaction
    from django.utils import timezone

    from accord.alerts.outbox import Cause, enqueue
    from accord.domain.alerts import Trigger
    from accord.domain.visibility import Audience, Visibility

    with transaction.atomic():
        for trigger in (Trigger.BILATERAL_REQUESTED, Trigger.FLOOR_GIVEN):
            cause = Cause(
                key=f"test:{trigger}",
                trigger=trigger,
                audience=Audience(Visibility.MEMBERS),
                object_type="",
                object_id="",
                caused_at=timezone.now(),
            )
            enqueue(cause, people=[head])
    [digest] = Alert.objects.all()[: Alert.objects.count() - before]
    assert (digest.trigger, digest.mode) == ("floor_given", "digest")
    assert digest.next_attempt_at > digest.caused_at  # held for the next 07:00 digest

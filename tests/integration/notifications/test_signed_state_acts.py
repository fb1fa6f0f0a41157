"""Acknowledgements and hotline messages of a state under its roster are signed by the person
making them, over the server's challenge (issue 12); anything else is refused and changes
nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from accord.domain import signing
from accord.domain.errors import DomainError
from accord.ledger.models import LedgerEntry
from accord.members import rosters
from accord.members import services as member_services
from accord.notifications import hotline, services, signed_acts
from accord.notifications.models import Delivery, HotlineMessage


@pytest.fixture
def notice(region: Any, exercise: Any, capitals: Any) -> Any:
    capitals.accede("KAZ", "KGZ")
    return services.send_notification(
        actor=region.delegate("TJK"), type_key="exercise_notice", content=exercise()
    )


def refused(changes: Any, call: Any) -> str:
    before = changes()
    with pytest.raises(DomainError) as error:
        call()
    assert changes() == before, "a refused act changed something"
    return error.value.code


def ack_signed(capitals: Any, actor: Any, notification: Any, **kw: Any) -> dict[str, Any]:
    issued = signed_acts.issue_acknowledgement_challenge(actor=actor, notification=notification)
    return capitals.sign_over(actor, issued, **kw)


def test_a_signed_acknowledgement_is_kept_and_on_the_ledger(
    region: Any, notice: Any, capitals: Any
) -> None:
    officer = region.delegate("KAZ")
    signed = ack_signed(capitals, officer, notice)
    assert signed["act"]["notification_id"] == notice.public_id
    assert signed["act"]["content_sha256"] == services.content_digest(notice.content)
    delivery = services.acknowledge(actor=officer, notification_id=notice.pk, signed=signed)
    assert delivery.acknowledgement_signed == signed
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.payload["signed"]) == ("notification.acknowledged", signed)
    # A state without a root key acknowledges as before.
    plain = services.acknowledge(actor=region.delegate("UZB"), notification_id=notice.pk)
    assert plain.acknowledgement_signed is None


def test_unsigned_forged_replayed_and_foreign_acknowledgements_are_refused(
    region: Any, notice: Any, capitals: Any, exercise: Any, changes: Any
) -> None:
    officer = region.delegate("KAZ")
    assert (
        refused(changes, lambda: services.acknowledge(actor=officer, notification_id=notice.pk))
        == "act-signature"
    )
    # The secretariat makes a person for KAZ: not on KAZ's roster.
    impostor = member_services.add_person(
        actor=region.secretariat, username="kaz-officer", password="x" * 20, role="delegate",
        state_code="KAZ",
    )  # fmt: skip
    assert (
        refused(
            changes,
            lambda: signed_acts.issue_acknowledgement_challenge(
                actor=impostor, notification=notice
            ),
        )
        == "act-not-on-roster"
    )
    real = ack_signed(capitals, officer, notice)
    forged = signing.sign_act(dict(real["act"], person="kaz-officer"), Ed25519PrivateKey.generate())
    assert (
        refused(
            changes,
            lambda: services.acknowledge(actor=impostor, notification_id=notice.pk, signed=forged),
        )
        == "act-not-on-roster"
    )
    # A challenge for another notification does not acknowledge this one.
    other = services.send_notification(
        actor=region.delegate("TJK"), type_key="exercise_notice",
        content=exercise(exercise_name="Another exercise"),
    )  # fmt: skip
    elsewhere = ack_signed(capitals, officer, other)
    assert (
        refused(
            changes,
            lambda: services.acknowledge(
                actor=officer, notification_id=notice.pk, signed=elsewhere
            ),
        )
        == "act-subject"
    )
    # Signed by a key that is not this person's on the roster.
    wrong = ack_signed(capitals, officer, notice, key=capitals.people["kaz-head"])
    assert (
        refused(
            changes,
            lambda: services.acknowledge(actor=officer, notification_id=notice.pk, signed=wrong),
        )
        == "act-not-on-roster"
    )
    # The real officer's act, sent by the head of KAZ: the challenge was issued to another.
    assert (
        refused(
            changes,
            lambda: services.acknowledge(
                actor=region.head("KAZ"), notification_id=notice.pk, signed=real
            ),
        )
        == "act-challenge"
    )
    services.acknowledge(actor=officer, notification_id=notice.pk, signed=real)


def test_a_replayed_acknowledgement_challenge_is_refused(
    region: Any, notice: Any, capitals: Any, changes: Any
) -> None:
    officer = region.delegate("KGZ")
    signed = ack_signed(capitals, officer, notice)
    services.acknowledge(actor=officer, notification_id=notice.pk, signed=signed)
    Delivery.objects.filter(notification=notice, state_id="KGZ").update(acknowledged_at=None)
    assert (
        refused(
            changes,
            lambda: services.acknowledge(actor=officer, notification_id=notice.pk, signed=signed),
        )
        == "act-replayed"
    )


def hotline_signed(capitals: Any, actor: Any, to: str, text: str, **kw: Any) -> dict[str, Any]:
    issued = signed_acts.issue_hotline_challenge(actor=actor, to_state=to)
    return capitals.sign_over(actor, issued, message_sha256=signed_acts.message_digest(text), **kw)


def test_a_signed_hotline_message_is_kept_and_on_the_ledger(
    region: Any, notice: Any, capitals: Any
) -> None:
    officer, text = region.delegate("KAZ"), "Unscheduled flight near the border at 04:10 UTC."
    signed = hotline_signed(capitals, officer, "KGZ", text)
    assert signed["act"]["channel"] == "KAZ>KGZ"
    # A browser's form sends CRLF line ends: the message is kept, and signed, with LF.
    message = hotline.send_hotline_message(
        actor=officer, to_state="KGZ", body=f"  {text}\r\n", signed=signed
    )
    assert (message.body, message.signed) == (text, signed)
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.payload["signed"]) == ("hotline.message_sent", signed)


def test_hotline_messages_not_signed_as_sent_are_refused(
    region: Any, notice: Any, capitals: Any, changes: Any
) -> None:
    officer, text = region.delegate("KAZ"), "Please confirm the launch window."
    send = hotline.send_hotline_message
    assert refused(changes, lambda: send(actor=officer, to_state="KGZ", body=text)) == (
        "act-signature"
    )
    # Signed over one text, sent with another: the host cannot change what was said.
    signed = hotline_signed(capitals, officer, "KGZ", text)
    assert (
        refused(
            changes, lambda: send(actor=officer, to_state="KGZ", body=text + " Now.", signed=signed)
        )
        == "act-mismatch"
    )
    # A challenge for the channel to KGZ does not send to TJK.
    assert (
        refused(changes, lambda: send(actor=officer, to_state="TJK", body=text, signed=signed))
        == "act-subject"
    )
    send(actor=officer, to_state="KGZ", body=text, signed=signed)
    assert (
        refused(changes, lambda: send(actor=officer, to_state="KGZ", body=text, signed=signed))
        == "act-replayed"
    )
    # A duty officer the secretariat made for KAZ speaks for no one.
    impostor = member_services.add_person(
        actor=region.secretariat, username="kaz-watch", password="x" * 20, role="delegate",
        state_code="KAZ", is_duty_officer=True,
    )  # fmt: skip
    assert (
        refused(
            changes, lambda: signed_acts.issue_hotline_challenge(actor=impostor, to_state="KGZ")
        )
        == "act-not-on-roster"
    )
    assert HotlineMessage.objects.count() == 1


def test_a_revoked_key_sends_nothing_on_the_hotline(
    region: Any, notice: Any, capitals: Any, changes: Any
) -> None:
    officer, text = region.delegate("KGZ"), "Confirmed."
    key = capitals.people["kgz-delegate"]
    revocation = signing.Revocation(
        "KGZ", signing.fingerprint(key.public_key()), "left-office",
        timezone.now() - timedelta(seconds=1),
    )  # fmt: skip
    rosters.submit_key_statement(
        actor=region.secretariat, state_code="KGZ",
        signed=signing.sign_revocation(revocation, capitals.roots["KGZ"]),
    )  # fmt: skip
    signed = hotline_signed(capitals, officer, "KAZ", text)
    assert (
        refused(
            changes,
            lambda: hotline.send_hotline_message(
                actor=officer, to_state="KAZ", body=text, signed=signed
            ),
        )
        == "key-revoked"
    )


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "ru",
            "Акт от имени государства KAZ должен быть подписан лицом из его списка "
            "уполномоченных лиц, его собственным ключом.",
        ),
        ("zh-hans", "代表KAZ国的行为必须由其授权人员名册上的人员用本人密钥签名。"),
    ],
)
def test_the_refusal_is_a_translated_sentence(
    region: Any, notice: Any, changes: Any, language: str, sentence: str
) -> None:
    from django.utils import translation

    with translation.override(language), pytest.raises(DomainError) as error:
        hotline.send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body="Test.")
    assert (error.value.code, error.value.message) == ("act-signature", sentence)

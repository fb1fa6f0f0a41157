"""One state, one act per stage (issue 11): an act repeated — a head clicking twice, a form
sent twice, a script retrying — is refused with a sentence that says so, and nothing is
recorded twice. A different act by the same state replaces its earlier one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.domain import signing
from accord.domain.errors import RuleViolation
from accord.ledger.models import LedgerEntry
from accord.negotiation import selectors, services
from accord.negotiation.models import AdoptionAct, Amendment, Signature


def ledger_and(model: Any) -> tuple[int, int]:
    return LedgerEntry.objects.count(), model.objects.count()


@pytest.fixture
def in_adoption(region: Any, draft: Any) -> Any:
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    return document


def test_a_second_approval_is_refused_through_the_api_and_records_nothing(region, in_adoption, api):
    client = api(region.head("KGZ"))
    url = f"/api/v1/documents/{in_adoption.public_id}/adoption/acts"
    assert client.post(url, {"act": "approve"}, content_type="application/json").status_code == 200
    before = ledger_and(AdoptionAct)
    again = client.post(url, {"act": "approve"}, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["detail"] == "KGZ has already approved this text; its approval stands."
    assert ledger_and(AdoptionAct) == before


def test_two_heads_of_one_state_approve_once_between_them(region, in_adoption):
    from accord.members import services as members

    second_head = members.add_person(
        actor=region.secretariat,
        username="kgz-head-2",
        password="correct horse battery staple",
        role="head",
        state_code="KGZ",
    )
    services.approve(actor=region.head("KGZ"), document_id=in_adoption.pk)
    before = ledger_and(AdoptionAct)
    with pytest.raises(RuleViolation, match="KGZ has already approved"):
        services.approve(actor=second_head, document_id=in_adoption.pk)
    assert ledger_and(AdoptionAct) == before


def test_an_identical_ad_referendum_approval_is_refused_and_a_new_deadline_replaces(
    region, in_adoption
):
    head, confirm_by = region.head("TJK"), timezone.now() + timedelta(days=3)
    services.approve_ad_referendum(actor=head, document_id=in_adoption.pk, confirm_by=confirm_by)
    before = ledger_and(AdoptionAct)
    with pytest.raises(RuleViolation, match="already approved this text ad referendum"):
        services.approve_ad_referendum(
            actor=head, document_id=in_adoption.pk, confirm_by=confirm_by
        )
    assert ledger_and(AdoptionAct) == before
    later = confirm_by + timedelta(days=1)
    services.approve_ad_referendum(actor=head, document_id=in_adoption.pk, confirm_by=later)
    assert AdoptionAct.objects.filter(state_id="TJK").count() == 2


def test_an_identical_explanation_is_refused_and_a_new_one_replaces(region, in_adoption):
    head = region.head("UZB")
    services.approve(actor=head, document_id=in_adoption.pk)
    services.attach_explanation(actor=head, document_id=in_adoption.pk, text="We join.")
    before = ledger_and(AdoptionAct)
    with pytest.raises(RuleViolation, match="UZB has already attached this explanation"):
        services.attach_explanation(actor=head, document_id=in_adoption.pk, text="We join.")
    assert ledger_and(AdoptionAct) == before
    services.attach_explanation(
        actor=head, document_id=in_adoption.pk, text="We join, and dissociate.",
        dissociate_from=["OP1"],
    )  # fmt: skip
    for code in ("KAZ", "KGZ", "TJK"):
        services.approve(actor=region.head(code), document_id=in_adoption.pk)
    record = in_adoption.procedures.get().record
    assert [(e["state"], e["text"]) for e in record["explanations"]] == [
        ("UZB", "We join, and dissociate.")
    ]


def test_supporting_an_amendment_twice_is_refused_and_opposing_replaces(region, draft):
    document = draft()
    amendment = services.propose_amendment(
        actor=region.delegate("KGZ"), document_id=document.pk, against=1,
        kind="replace-span", paragraph_id=2, quote="welcome", text="warmly welcome",
    )  # fmt: skip
    supporter = region.delegate("TJK")
    services.support_amendment(actor=supporter, document_id=document.pk, code=amendment.code)
    before = LedgerEntry.objects.count()
    with pytest.raises(RuleViolation, match=f"TJK already supports amendment {amendment.code}"):
        services.support_amendment(actor=supporter, document_id=document.pk, code=amendment.code)
    assert LedgerEntry.objects.count() == before
    services.oppose_amendment(actor=supporter, document_id=document.pk, code=amendment.code)
    with pytest.raises(RuleViolation, match="TJK already opposes"):
        services.oppose_amendment(actor=supporter, document_id=document.pk, code=amendment.code)
    stances = list(Amendment.objects.get(pk=amendment.pk).stances.values_list("state", "stance"))
    assert stances == [("TJK", "oppose")]


def test_the_same_amendment_proposed_twice_stands_once(region, draft):
    document = draft()
    proposal: dict[str, Any] = {
        "actor": region.delegate("KGZ"), "document_id": document.pk, "against": 1,
        "kind": "replace-span", "paragraph_id": 2, "quote": "welcome", "text": "warmly welcome",
    }  # fmt: skip
    first = services.propose_amendment(**proposal)
    before = ledger_and(Amendment)
    with pytest.raises(
        RuleViolation, match=rf"KGZ has already proposed this amendment \({first.code}\)"
    ):
        services.propose_amendment(**proposal)
    assert ledger_and(Amendment) == before
    # Another wording is another amendment.
    services.propose_amendment(**{**proposal, "text": "strongly welcome"})


def sign(region: Any, keys: Any, document: Any, code: str, moment: datetime) -> dict[str, Any]:
    bundle = selectors.get_bundle(region.head(code), document.pk)
    signed = signing.sign_bundle(bundle, keys[code], code, moment)
    return dict(services.signature_from(signed, region.head(code)))


def test_the_same_signature_submitted_twice_is_recorded_once(region, keys, adopted):
    head, moment = region.head("KAZ"), timezone.now()
    signature = sign(region, keys, adopted, "KAZ", moment)
    services.submit_signature(actor=head, document_id=adopted.pk, signature=signature)
    before = ledger_and(Signature)
    with pytest.raises(RuleViolation, match="KAZ has already signed this text"):
        services.submit_signature(actor=head, document_id=adopted.pk, signature=signature)
    assert ledger_and(Signature) == before


def test_the_same_concern_raised_twice_stands_once(region):
    from accord.dialogue import services as dialogue
    from accord.dialogue.models import Concern

    concern = {
        "actor": region.head("UZB"), "title": "Glacier melt", "summary": "Rivers.",
        "category": "climate", "visibility": "members",
    }  # fmt: skip
    dialogue.raise_concern(**concern)
    before = ledger_and(Concern)
    with pytest.raises(RuleViolation, match="UZB has already raised an open concern titled"):
        dialogue.raise_concern(
            **{**concern, "actor": region.delegate("UZB"), "title": "glacier MELT"}
        )
    assert ledger_and(Concern) == before
    # Another state raising the same worry is its own voice.
    dialogue.raise_concern(**{**concern, "actor": region.head("TJK")})


def test_the_same_bilateral_requested_twice_stands_once(region, world):
    from accord.dialogue import services as dialogue
    from accord.dialogue.models import Bilateral

    at = datetime(2030, 5, 10, 13, 0, tzinfo=UTC)
    request = {
        "actor": region.head("TJK"), "meeting_id": world.plenary.pk, "counterpart": "UZB",
        "subject": "Water", "slots": [(at, at + timedelta(minutes=30))],
    }  # fmt: skip
    dialogue.request_bilateral(**request)
    before = ledger_and(Bilateral)
    with pytest.raises(RuleViolation, match="TJK has already asked UZB for this bilateral"):
        dialogue.request_bilateral(**request)
    assert ledger_and(Bilateral) == before


def test_the_same_intervention_sent_twice_is_delivered_once(region, world):
    from accord.dialogue import services as dialogue
    from accord.dialogue.models import Intervention

    meeting = dialogue.convene_meeting(
        actor=region.chair, title="Water talks", kind="consultation",
        starts_at=datetime(2030, 6, 1, 9, tzinfo=UTC), ends_at=datetime(2030, 6, 1, 12, tzinfo=UTC),
        venue="Dushanbe", participants=["KAZ", "TJK", "UZB"],
    )  # fmt: skip
    said = {
        "actor": region.head("TJK"), "meeting_id": meeting.pk, "kind": "statement",
        "text": "We propose a joint gauge network.", "language": "en",
    }  # fmt: skip
    dialogue.deliver_intervention(**said)
    before = ledger_and(Intervention)
    with pytest.raises(RuleViolation, match="already been delivered"):
        dialogue.deliver_intervention(**said)
    assert ledger_and(Intervention) == before
    # Saying something else is another intervention.
    dialogue.deliver_intervention(**{**said, "text": "And shared flood warnings."})


def test_the_same_notification_sent_twice_stands_once(region):
    from accord.notifications import services as notifications
    from accord.notifications.models import Delivery, Notification

    notice = {
        "actor": region.head("KAZ"), "type_key": "exercise_notice", "recipients": ["KGZ"],
        "content": {
            "exercise_name": "Steppe Shield", "starts_on": "2030-09-11", "ends_on": "2030-09-25",
            "area": [{"lat": 54.9, "lon": 61.4}, {"lat": 55.1, "lon": 61.9},
                     {"lat": 54.7, "lon": 62.0}],
            "forces": {"personnel": 4000}, "purpose": "Command-post training.",
        },
    }  # fmt: skip
    notifications.send_notification(**notice)
    before = (*ledger_and(Notification), Delivery.objects.count())
    with pytest.raises(RuleViolation, match="KAZ has already sent this notification"):
        notifications.send_notification(**notice)
    assert (*ledger_and(Notification), Delivery.objects.count()) == before
    # The same notice to other states, or a different one, is sent.
    notifications.send_notification(**{**notice, "recipients": ["TJK"]})

"""The challenges and signed acts of the other acts that speak for a state, through HTTP
(issue 12): `POST /notifications/{id}/acknowledgements/challenge`, `POST /hotline/challenge`,
`POST /documents/{id}/signatures/challenge`, and the acts submitted with them."""

from __future__ import annotations

import json
from typing import Any

from accord.domain import signing
from accord.negotiation import services as negotiation
from accord.notifications import services
from accord.notifications.models import Delivery, HotlineMessage
from fixtures.negotiation import PARAGRAPHS
from fixtures.notifications import exercise_content


def post(client: Any, url: str, body: Any = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def sign(capitals: Any, person: str, issued: dict[str, Any], **added: Any) -> dict[str, Any]:
    statement = signing.state_act_statement(issued["challenge"], **added)
    return signing.sign_act(statement, capitals.people[person])


def test_an_acknowledgement_and_a_hotline_message_signed_through_the_api(
    region: Any, api: Any, capitals: Any
) -> None:
    capitals.accede("KAZ", "KGZ")
    notice = services.send_notification(
        actor=region.delegate("TJK"), type_key="exercise_notice", content=exercise_content()
    )
    officer = api(region.delegate("KAZ"))
    base = f"/api/v1/notifications/{notice.public_id}/acknowledgements"
    unsigned = post(officer, base)
    assert (unsigned.status_code, unsigned.json()["code"]) == (403, "act-signature")
    issued = post(officer, f"{base}/challenge")
    assert issued.status_code == 201, issued.content
    assert issued.json()["challenge"]["purpose"] == "accord-acknowledgement/1"
    signed = sign(capitals, "kaz-delegate", issued.json())
    answer = post(officer, base, {"signed": signed})
    assert answer.status_code == 201, answer.content
    assert Delivery.objects.get(notification=notice, state_id="KAZ").acknowledgement_signed == (
        signed
    )
    replay = post(officer, base, {"signed": signed})
    assert replay.status_code == 409  # acknowledged already: nothing more to sign

    # A state without a root key asks for no challenge.
    plain = post(api(region.delegate("UZB")), f"{base}/challenge")
    assert (plain.status_code, plain.json()["code"]) == (409, "no-root-key")

    text = "Unscheduled flight near the border at 04:10 UTC."
    issued = post(officer, "/api/v1/hotline/challenge", {"to": "KGZ"})
    assert issued.status_code == 201, issued.content
    signed = sign(
        capitals, "kaz-delegate", issued.json(), message_sha256=signing.sha256_hex(text.encode())
    )
    changed = post(
        officer, "/api/v1/hotline/messages", {"to": "KGZ", "body": text + "!", "signed": signed}
    )
    assert (changed.status_code, changed.json()["code"]) == (422, "act-mismatch")
    sent = post(officer, "/api/v1/hotline/messages", {"to": "KGZ", "body": text, "signed": signed})
    assert sent.status_code == 201, sent.content
    again = post(officer, "/api/v1/hotline/messages", {"to": "KGZ", "body": text, "signed": signed})
    assert (again.status_code, again.json()["code"]) == (409, "act-replayed")
    assert HotlineMessage.objects.count() == 1


def test_a_head_signs_the_adopted_text_through_the_api(
    region: Any, api: Any, capitals: Any
) -> None:
    members = ("KAZ", "KGZ", "TJK", "UZB")
    capitals.accede(*members)
    document = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement", paragraphs=PARAGRAPHS,
        visibility="participants",
    )  # fmt: skip
    negotiation.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in members:
        head = region.head(code)
        negotiation.approve(
            actor=head,
            document_id=document.pk,
            signed=capitals.signed(head, document.pk, "approve"),
        )
    client = api(region.head("KAZ"))
    url = f"/api/v1/documents/{document.public_id}/signatures"
    issued = post(client, f"{url}/challenge")
    assert issued.status_code == 201, issued.content
    challenge = issued.json()["challenge"]
    assert (challenge["purpose"], challenge["revision"]) == ("accord-text-signature/1", 1)
    delegate = post(api(region.delegate("KAZ")), f"{url}/challenge")
    assert delegate.status_code == 403
    answer = post(client, url, sign(capitals, "kaz-head", issued.json()))
    assert answer.status_code == 201, answer.content
    assert (answer.json()["state"], answer.json()["person"]) == ("KAZ", "kaz-head")

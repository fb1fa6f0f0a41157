"""The roster and signed-act endpoints (issue 12): `/members/{code}/roster`, root key, key
statements, `POST /documents/{id}/adoption/challenge` and signed acts through the API."""

from __future__ import annotations

import json
from typing import Any

from accord.domain import signing


def post(client: Any, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_root_is_registered_once_by_the_secretariat_and_rosters_take_effect_signed(
    region: Any, api: Any, capitals: Any
) -> None:
    root = signing.generate_private_key()
    public = signing.public_key_b64(root.public_key())
    head, secretariat = api(region.head("KAZ")), api(region.secretariat)
    answer = post(head, "/api/v1/members/KAZ/root-key", {"public_key": public})
    assert answer.status_code == 403
    answer = post(secretariat, "/api/v1/members/KAZ/root-key", {"public_key": public})
    assert answer.status_code == 201, answer.content
    again = post(secretariat, "/api/v1/members/KAZ/root-key", {"public_key": public})
    assert again.status_code == 409 and again.json()["code"] == "root-registered"
    capitals.roots["KAZ"] = root
    capitals.people.update(
        {"kaz-head": signing.generate_private_key(), "kaz-delegate": signing.generate_private_key()}
    )
    proposal = post(
        secretariat,
        "/api/v1/members/KAZ/roster/proposals",
        {"roster": capitals.roster("KAZ").to_dict()},
    )
    assert proposal.status_code == 201 and proposal.json()["in_force"] is None
    forged = signing.sign_roster(capitals.roster("KAZ"), signing.generate_private_key())
    refused = post(secretariat, "/api/v1/members/KAZ/roster", forged)
    assert refused.status_code == 422 and refused.json()["code"] == "roster-signature"
    # The root's registration time is now: a roster must take effect after it.
    from dataclasses import replace

    from django.utils import timezone

    roster = replace(capitals.roster("KAZ"), effective_at=timezone.now())
    taken = post(head, "/api/v1/members/KAZ/roster", signing.sign_roster(roster, root))
    assert taken.status_code == 201, taken.content
    seen = api(region.delegate("TJK")).get("/api/v1/members/KAZ/roster").json()
    assert seen["in_force"]["sequence"] == roster.sequence
    assert seen["root_keys"][0]["fingerprint"] == signing.fingerprint(root.public_key())
    assert len(seen["proposals"]) == 1


def test_acts_through_the_api_are_signed_over_a_single_use_challenge(
    region: Any, api: Any, capitals: Any, draft: Any
) -> None:
    from accord.negotiation import services

    capitals.accede("KAZ")
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    head = api(region.head("KAZ"))
    url = f"/api/v1/documents/{document.public_id}/adoption"
    unsigned = post(head, f"{url}/acts", {"act": "approve"})
    assert unsigned.status_code == 403 and unsigned.json()["code"] == "act-signature"
    issued = post(head, f"{url}/challenge", {})
    assert issued.status_code == 201
    challenge = issued.json()["challenge"]
    assert challenge["person"] == "kaz-head" and challenge["revision"] == 1
    signed = signing.sign_act(
        signing.act_statement(challenge, act="approve"), capitals.people["kaz-head"]
    )
    accepted = post(head, f"{url}/acts", {"act": "approve", "signed": signed})
    assert accepted.status_code == 200, accepted.content
    replayed = post(head, f"{url}/acts", {"act": "approve", "signed": signed})
    assert replayed.status_code == 409 and replayed.json()["code"] == "act-replayed"
    impostor = post(api(region.delegate("KAZ")), f"{url}/challenge", {})
    assert impostor.status_code == 403
    malformed = post(head, f"{url}/acts", {"act": "approve", "signed": {"act": [1]}})
    assert malformed.status_code == 422 and malformed.json()["code"] == "act-signature"

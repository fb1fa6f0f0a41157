"""`/account/signing-key/`: what the roster says of me, and the demo's enrolment (issue 12)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from accord.domain import signing
from accord.members import demo_rosters, rosters
from page_clients import signed_in


def test_the_page_shows_the_roster_and_the_demo_enrols_a_browser_key(region: Any) -> None:
    head = region.head("KAZ")
    client = signed_in(head)
    page = client.get("/account/signing-key/").content.decode()
    assert "has not registered a root key" in page
    people = [head, region.delegate("KAZ")]
    demo_rosters.enrol_state(
        demo_rosters.keys_dir(), region.secretariat, "KAZ", people, timezone.now()
    )
    page = client.get("/account/signing-key/").content.decode()
    assert 'id="roster-keys"' in page and 'id="demo-enrol"' in page
    browser_key = signing.public_key_b64(signing.generate_private_key().public_key())
    answer = client.post("/account/signing-key/", {"public_key": browser_key})
    assert answer.status_code == 302
    roster = rosters.current_roster("KAZ")
    assert roster is not None and roster.sequence == 2
    person = roster.person("kaz-head")
    assert person is not None and browser_key in person.public_keys
    # A delegate cannot enrol, and what is not a key changes nothing.
    delegate = Client()
    delegate.force_login(region.delegate("KAZ"))
    delegate.post("/account/signing-key/", {"public_key": browser_key})
    client.post("/account/signing-key/", {"public_key": "not a key"})
    assert rosters.current_roster("KAZ").sequence == 2  # type: ignore[union-attr]
    outsider = signed_in(region.head("KGZ"))
    assert 'id="demo-enrol"' not in outsider.get("/account/signing-key/").content.decode()

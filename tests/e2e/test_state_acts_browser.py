"""A head signs the adopted text in Chromium, and a duty officer sends a hotline message, each
with the Ed25519 key held in the browser, over the server's challenge (issue 12).

The page shows what is signed (document, revision, text and record hashes; the channel)
before the person confirms; the test, playing the ministry, puts the browser's key on the
state's roster. The downloaded bundle passes `accord verify` with every signature required;
changing the head's signature in it fails `act-signature`.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_signed_act_browser import CHROMIUM, _sign_in

from fixtures.negotiation import PARAGRAPHS, witness_the_log

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
SHOTS = Path("/tmp/shots/acts")
MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")


def enrol_browser_key(page: Any, base: str, region: Any, capitals: Any, person: str) -> str:
    """The browser makes its key; the ministry puts it on the roster, signed by the root."""
    from accord.domain import signing
    from accord.members import rosters

    page.goto(f"{base}/account/signing-key/")
    page.locator("#signing-fingerprint").filter(has_text=re.compile("[0-9a-f]{4} ")).wait_for()
    public_key = page.inner_text("#signing-public-key").strip()
    code = person.split("-")[0].upper()
    roster = capitals.roster(code)
    persons = tuple(
        signing.RosterPerson(p.person, p.role, (public_key,)) if p.person == person else p
        for p in roster.persons
    )
    rosters.submit_roster(
        actor=region.secretariat,
        state_code=code,
        signed=signing.sign_roster(replace(roster, persons=persons), capitals.roots[code]),
    )
    return public_key


def sign_in_delegate(chromium: Any, base: str, user: Any) -> Any:
    """A delegate signs in with a password (a second factor is the heads' duty)."""
    from test_signed_act_browser import PASSWORD

    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/sign-in/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/sign-in/" not in page.url, page.url
    return page


def shots(chromium: Any, page: Any, url: str, name: str, check: Any) -> None:
    """The page at 390 and 1280 px, looked at for overflow; screenshots for a person."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        context = chromium.new_context(
            viewport={"width": width, "height": 900}, storage_state=page.context.storage_state()
        )
        view = context.new_page()
        view.goto(url)
        check(view)
        assert view.evaluate("document.documentElement.scrollWidth") <= width
        view.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        context.close()


def test_a_head_signs_the_adopted_text_in_the_browser_and_the_bundle_verifies(
    transactional_db: Any,
    region: Any,
    capitals: Any,
    keys: Any,
    live_server: Any,
    plain_http: None,
    browser: Any,
    tmp_path: Path,
) -> None:
    from accord.ledger.trust import trust_document
    from accord.negotiation import services
    from accord.negotiation.signing_cli import verify_command

    base = live_server.url
    capitals.accede(*MEMBERS)
    head = _sign_in(browser, base, region.head("KAZ"))
    enrol_browser_key(head, base, region, capitals, "kaz-head")
    document = services.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement", paragraphs=PARAGRAPHS,
        visibility="participants",
    )  # fmt: skip
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in ("KGZ", "TJK", "UZB"):
        person = region.head(code)
        services.approve(
            actor=person,
            document_id=document.pk,
            signed=capitals.signed(person, document.pk, "approve"),
        )
    head.goto(f"{base}/documents/{document.public_id}/adoption/confirm/?act=approve")
    head.click("#confirm-button")
    head.wait_for_url(f"**/documents/{document.public_id}/adoption/console/")
    document.refresh_from_db()
    assert document.status == "adopted"
    text_hash = document.procedures.get().text_sha256

    url = f"{base}/documents/{document.public_id}/sign/"
    shots(browser, head, url, "sign-text", lambda v: v.locator("#act-signing").wait_for())
    head.goto(url)
    box = head.inner_text("#act-signing")
    assert text_hash in box and "Signature of the adopted text" in box
    head.click("#submit-signature")
    head.wait_for_url(f"**/documents/{document.public_id}/")
    row = document.signatures.get(state_id="KAZ")
    assert (row.person, row.key_id) == ("kaz-head", None)
    assert row.signed["act"]["text_sha256"] == text_hash
    for code in ("KGZ", "TJK", "UZB"):
        person = region.head(code)
        services.submit_signature(
            actor=person,
            document_id=document.pk,
            signature=capitals.text_signature(person, document.pk),
        )

    witness_the_log(region, keys)
    bundle = head.request.get(f"{base}/documents/{document.public_id}/bundle.json").json()
    path, trust = tmp_path / "bundle.json", tmp_path / "trust.json"
    path.write_text(json.dumps(bundle))
    trust.write_text(json.dumps(trust_document()))
    out, err = io.StringIO(), io.StringIO()
    assert verify_command(path, out, err, trust=trust) == 0, err.getvalue()
    assert "4 signature(s) of the text by a head on the roster" in out.getvalue()

    kaz = next(s for s in bundle["signed_acts"]["signatures"] if s["state"] == "KAZ")
    kaz["signed"]["act"]["at"] = kaz["signed"]["act"]["at"][:-8] + "000000Z"
    path.write_text(json.dumps(bundle))
    out, err = io.StringIO(), io.StringIO()
    assert verify_command(path, out, err, trust=trust) == 1
    assert "FAIL act-signature" in err.getvalue()


def test_a_duty_officer_signs_a_hotline_message_in_the_browser(
    transactional_db: Any,
    region: Any,
    capitals: Any,
    live_server: Any,
    plain_http: None,
    browser: Any,
) -> None:
    from accord.ledger.models import LedgerEntry
    from accord.notifications.models import HotlineMessage

    base = live_server.url
    capitals.accede("KAZ", "KGZ")
    officer = sign_in_delegate(browser, base, region.delegate("KAZ"))
    enrol_browser_key(officer, base, region, capitals, "kaz-delegate")
    url = f"{base}/hotline/?with=KGZ"
    shots(browser, officer, url, "hotline", lambda v: v.locator("#act-signing").wait_for())
    officer.goto(url)
    assert "KAZ>KGZ" in officer.inner_text("#act-signing")
    officer.fill("#hotline-reply textarea[name=body]", "Unscheduled flight at 04:10 UTC.\nConfirm?")
    # The page signs, then posts the form and comes back to the same address.
    with officer.expect_navigation(url="**/hotline/?with=KGZ", wait_until="load"):
        officer.click("#hotline-send")
    officer.locator(".messages, [role=status]").first.wait_for()
    message = HotlineMessage.objects.get()
    assert message.body == "Unscheduled flight at 04:10 UTC.\nConfirm?"
    assert (message.signed["act"]["person"], message.signed["act"]["channel"]) == (
        "kaz-delegate",
        "KAZ>KGZ",
    )
    entry = LedgerEntry.objects.filter(action="hotline.message_sent").get()
    assert entry.payload["signed"] == message.signed

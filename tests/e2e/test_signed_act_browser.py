"""A head approves in Chromium with the Ed25519 key held in the browser (issue 12).

The browser makes the key (WebCrypto, not extractable, in IndexedDB) and shows its public
half; the test, playing the ministry, puts it on KAZ's roster and signs the roster with KAZ's
root key. The head then approves on the confirmation page, which signs the act over the
server's challenge; the other heads approve with their own keys. The downloaded bundle passes
`accord verify`; changing one act in it fails with `act-signature`.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from fixtures.browser import CHROMIUM
from fixtures.negotiation import PARAGRAPHS, witness_the_log

PASSWORD = "correct horse battery staple"  # the region fixture's password (tests/conftest.py)
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


def _sign_in(
    browser: Any, base: str, user: Any, width: int = 1280, browser_zone: str | None = None
) -> Any:
    import pyotp
    from django.utils import timezone

    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    context = browser.new_context(
        viewport={"width": width, "height": 900}, timezone_id=browser_zone
    )
    page = context.new_page()
    page.goto(f"{base}/sign-in/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/sign-in/code/")
    page.fill("input[name=code]", pyotp.TOTP(user.totp_secret).now())
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def _enrol_on_kaz_roster(public_key: str, capitals: Any, region: Any) -> None:
    """The ministry enrols the browser's key for kaz-head: a new roster, signed by KAZ's root."""
    from dataclasses import replace

    from accord.domain import signing
    from accord.members import rosters

    roster = capitals.roster("KAZ")
    persons = tuple(
        signing.RosterPerson(p.person, p.role, (public_key,)) if p.person == "kaz-head" else p
        for p in roster.persons
    )
    rosters.submit_roster(
        actor=region.secretariat,
        state_code="KAZ",
        signed=signing.sign_roster(replace(roster, persons=persons), capitals.roots["KAZ"]),
    )


def test_a_head_signs_an_approval_in_the_browser_and_the_bundle_verifies(
    transactional_db: Any,
    region: Any,
    capitals: Any,
    keys: Any,
    live_server: Any,
    plain_http: None,
    browser: Any,
    tmp_path: Path,
) -> None:
    from accord.domain import signing
    from accord.negotiation import services
    from accord.negotiation.signing_cli import verify_command

    base = live_server.url
    capitals.accede("KAZ", "KGZ", "TJK", "UZB")
    head = _sign_in(browser, base, region.head("KAZ"))
    head.goto(f"{base}/account/signing-key/")
    head.locator("#signing-fingerprint").filter(has_text=re.compile("[0-9a-f]{4} ")).wait_for()
    public_key = head.inner_text("#signing-public-key").strip()
    fingerprint = head.inner_text("#signing-fingerprint").strip()
    assert fingerprint == signing.fingerprint(signing.decode_b64(public_key, 32, "key"))
    assert head.locator("#not-on-roster").count() == 0  # kaz-head is on roster 1 (another key)
    _enrol_on_kaz_roster(public_key, capitals, region)
    document = services.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement", paragraphs=PARAGRAPHS,
        visibility="participants",
    )  # fmt: skip
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in ("KGZ", "TJK", "UZB"):
        other = region.head(code)
        services.approve(
            actor=other,
            document_id=document.pk,
            signed=capitals.signed(other, document.pk, "approve"),
        )

    for width in (390, 1280):  # the 1280 px page, in the head's own browser, is the one used
        page = head
        if width == 390:
            narrow = browser.new_context(
                viewport={"width": 390, "height": 900}, storage_state=head.context.storage_state()
            )
            page = narrow.new_page()
        page.goto(f"{base}/documents/{document.public_id}/adoption/confirm/?act=approve")
        assert page.locator("#act-signing").is_visible()
        assert document.procedures.get().text_sha256 in page.inner_text("#act-signing")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(tmp_path / f"act-signing-{width}.png"), full_page=True)
    head.click("#confirm-button")
    head.wait_for_url(f"**/documents/{document.public_id}/adoption/console/")
    document.refresh_from_db()
    assert document.status == "adopted", head.content()[:2000]

    witness_the_log(region, keys)  # the states' witnesses cosign the log with the adoption
    answer = head.request.get(f"{base}/documents/{document.public_id}/bundle.json")
    bundle = answer.json()
    kaz = next(a for a in bundle["signed_acts"]["acts"] if a["state"] == "KAZ")
    assert kaz["signed"]["act"]["person"] == "kaz-head"
    path, trust = tmp_path / "bundle.json", tmp_path / "trust.json"
    path.write_text(json.dumps(bundle))
    from accord.ledger.trust import trust_document

    trust.write_text(json.dumps(trust_document()))  # the roots, witness keys and log key
    out, err = io.StringIO(), io.StringIO()
    code = verify_command(path, out, err, trust=trust, allow_unsigned=True)
    assert code == 0, err.getvalue()
    assert "4 signed act(s) of 4 produce the adoption record" in out.getvalue()

    kaz["signed"]["act"]["at"] = kaz["signed"]["act"]["at"][:-8] + "000000Z"  # one act altered
    path.write_text(json.dumps(bundle))
    out, err = io.StringIO(), io.StringIO()
    assert verify_command(path, out, err, trust=trust, allow_unsigned=True) == 1
    assert "FAIL act-signature" in err.getvalue()


def test_an_ad_referendum_deadline_is_signed_in_the_viewers_zone_not_the_browsers(
    transactional_db: Any,
    region: Any,
    capitals: Any,
    live_server: Any,
    plain_http: None,
    browser: Any,
) -> None:
    """The head reads and types times in the zone chosen for the site (Moscow here) while the
    laptop's clock runs on Tokyo time: the deadline signed must be the one the server reads
    from the same form, else the act is refused as act-mismatch (as it was)."""
    from datetime import UTC, datetime

    from accord.negotiation import services
    from accord.negotiation.models import AdoptionAct

    base = live_server.url
    capitals.accede("KAZ", "KGZ", "TJK", "UZB")
    head = _sign_in(browser, base, region.head("KAZ"), browser_zone="Asia/Tokyo")
    head.context.add_cookies([{"name": "accord_time_zone", "value": "Europe/Moscow", "url": base}])
    head.goto(f"{base}/account/signing-key/")
    head.locator("#signing-fingerprint").filter(has_text=re.compile("[0-9a-f]{4} ")).wait_for()
    _enrol_on_kaz_roster(head.inner_text("#signing-public-key").strip(), capitals, region)
    document = services.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement", paragraphs=PARAGRAPHS,
        visibility="participants",
    )  # fmt: skip
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")

    head.goto(f"{base}/documents/{document.public_id}/adoption/confirm/?act=approve-ad-referendum")
    assert head.get_attribute("#confirm_by", "data-zone") == "Europe/Moscow"
    head.fill("#confirm_by", "2030-01-15T12:00")
    head.click("#confirm-button")
    head.wait_for_url(f"**/documents/{document.public_id}/adoption/console/")
    act = AdoptionAct.objects.get(procedure__document=document, state_id="KAZ")
    # 12:00 in Moscow (UTC+3) is 09:00 UTC; Tokyo's reading would have been 03:00 UTC.
    assert (act.act, act.confirm_by) == (
        "approve-ad-referendum",
        datetime(2030, 1, 15, 9, 0, tzinfo=UTC),
    )

"""A head adds a passkey on the account page and signs in with it, in Chromium (issue 12).

The passkey lives in Chromium's virtual authenticator (the DevTools protocol's `WebAuthn`
domain, a test tool standing in for a phone or security key): the browser makes the
credential and the assertion itself, and the server verifies both with py_webauthn. WebAuthn
needs a secure context: the live server is reached as http://localhost (the relying-party id).
"""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.browser import CHROMIUM, SHOTS

PASSWORD = "correct horse battery staple"  # the region fixture's password (tests/conftest.py)
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


def _virtual_authenticator(page: Any) -> tuple[Any, str]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    made = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }})  # fmt: skip
    return cdp, made["authenticatorId"]


def _password(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")


def _fits(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_head_adds_a_passkey_signs_out_and_signs_in_with_it(
    transactional_db: Any, region: Any, live_server: Any, plain_http: None, browser: Any
) -> None:
    import pyotp
    from django.utils import timezone

    from accord.members.models import Passkey

    base = live_server.url
    assert base.startswith("http://localhost:"), base  # a secure context, the rp id
    head = region.head("KAZ")
    head.totp_secret = pyotp.random_base32()
    head.totp_confirmed_at = timezone.now()
    head.save(update_fields=["totp_secret", "totp_confirmed_at"])
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp, authenticator = _virtual_authenticator(page)
    _password(page, base, "kaz-head")
    page.wait_for_url("**/sign-in/code/")
    page.fill("input[name=code]", pyotp.TOTP(head.totp_secret).now())
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/account/")
    assert page.inner_text("#passkeys tbody") == "No passkeys."
    page.fill("#passkey_name", "Virtual key")
    page.click("#passkey-add button")
    page.locator("#passkeys tbody td", has_text="Virtual key").wait_for()
    key = Passkey.objects.get()
    assert key.user == head and key.name == "Virtual key"
    held = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(held) == 1
    page.locator("#passkeys").screenshot(path=str(SHOTS / "passkeys-account-1280.png"))
    narrow = browser.new_context(
        viewport={"width": 390, "height": 900}, storage_state=context.storage_state()
    )
    small = narrow.new_page()
    small.goto(f"{base}/account/")
    _fits(small, 390)
    small.locator("#passkeys").screenshot(path=str(SHOTS / "passkeys-account-390.png"))
    narrow.close()

    page.click('form[action="/sign-out/"] button')  # sign out
    page.wait_for_url("**/sign-in/")
    _password(page, base, "kaz-head")
    page.wait_for_url("**/sign-in/passkey/")
    assert page.locator("#use-code").is_visible()  # codes stay a fallback (KAZ's choice)
    page.screenshot(path=str(SHOTS / "passkeys-sign-in-1280.png"), full_page=True)
    page.click("#passkey-button")
    page.wait_for_url(f"{base}/")
    assert page.locator('form[action="/sign-out/"]').count() == 1  # signed in
    key.refresh_from_db()
    assert key.last_used_at is not None and key.sign_count >= 1
    page.goto(f"{base}/account/")
    assert page.locator("#passkeys tbody td", has_text="Virtual key").is_visible()

    phone = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    _password(phone, base, "kaz-head")
    phone.wait_for_url("**/sign-in/passkey/")
    _fits(phone, 390)
    phone.screenshot(path=str(SHOTS / "passkeys-sign-in-390.png"), full_page=True)

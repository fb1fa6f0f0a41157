"""The negotiation flow in Debian's Chromium against a live server: a delegate proposes an
amendment, the chair issues Rev.2 with a bracket and Rev.3 resolving it, the silence
procedure runs out, the heads sign, and the public page shows the signatures."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

import pytest

from fixtures.browser import CHROMIUM

PASSWORD = "correct horse battery staple"  # the region fixture's password (tests/conftest.py)
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


@pytest.fixture
def state_keys(region: Any) -> dict[str, Any]:
    """Each member's private key, kept "on its own machine"; the public half registered."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.utils import timezone

    from accord.members import services

    made = {}
    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        private = Ed25519PrivateKey.generate()
        public = private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        services.register_signing_key(
            actor=region.secretariat, state_code=code, public_key=public.decode(),
            valid_from=timezone.now() - timedelta(days=1),
        )  # fmt: skip
        made[code] = private
    return made


def _second_factor(users: list[Any]) -> dict[str, str]:
    import pyotp
    from django.utils import timezone

    secrets = {}
    for user in users:
        user.totp_secret = pyotp.random_base32()
        user.totp_confirmed_at = timezone.now()
        user.save(update_fields=["totp_secret", "totp_confirmed_at"])
        secrets[user.username] = user.totp_secret
    return secrets


def _sign_in(browser: Any, base: str, username: str, secret: str | None) -> Any:
    import pyotp

    page = browser.new_context().new_page()
    page.goto(f"{base}/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    if secret is not None:
        page.wait_for_url("**/sign-in/code/")
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{base}/", page.content()[:3000]
    return page


def test_a_joint_statement_goes_from_amendment_to_published_signatures(
    transactional_db: Any,
    region: Any,
    state_keys: Any,
    live_server: Any,
    plain_http: None,
    browser: Any,
) -> None:
    from django.utils import timezone

    from accord.domain import signing
    from accord.negotiation import selectors, services, tick
    from accord.negotiation.models import Document

    base = live_server.url
    heads = [region.head(code) for code in ("KAZ", "KGZ", "TJK", "UZB")]
    secrets = _second_factor([region.chair, *heads])
    document = services.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement of the dialogue",
        visibility="public", paragraphs=[
            {"kind": "preambular", "text": "Recalling the Guilin talks,"},
            {"kind": "operative", "text": "The participants welcome the dialogue."},
        ],
    )  # fmt: skip
    url = f"{base}/documents/{document.public_id}/"

    delegate = _sign_in(browser, base, "kgz-delegate", None)
    delegate.goto(url)
    delegate.select_option("#am-kind", "replace-span")
    delegate.select_option("#am-paragraph", "2")
    delegate.fill("#am-quote", "welcome")
    delegate.fill("#am-text", "warmly welcome")
    delegate.click("#propose-button")
    delegate.wait_for_selector("#amendment-A1")

    chair = _sign_in(browser, base, "chair", secrets["chair"])
    chair.goto(url)
    chair.select_option("#decision-A1", "bracketed")
    chair.click("#issue-button")
    chair.wait_for_selector("#revision-label:has-text('Rev.2')")
    assert "[welcome / warmly welcome" in chair.inner_text("#p2")
    chair.select_option("select[id^=resolve-]", "1")
    chair.click("#issue-button")
    chair.wait_for_selector("#revision-label:has-text('Rev.3')")
    assert chair.inner_text("#p2").startswith("OP1 The participants warmly welcome the dialogue.")

    # The open must reach the server before the deadline: a loaded machine may take seconds
    # to select, fill and click, so the deadline is well past that.
    deadline = timezone.now().replace(microsecond=0) + timedelta(seconds=12)
    chair.select_option("#procedure-kind", "silence")
    chair.fill("#deadline", deadline.strftime("%Y-%m-%dT%H:%M:%S"))
    chair.click("#open-adoption-button")
    chair.wait_for_selector("#adoption-outcome:has-text('pending')")
    while timezone.now() <= deadline:  # the silence runs out
        time.sleep(0.1)
    tick.run(timezone.now())
    assert Document.objects.get(pk=document.pk).status == "adopted"

    # Each ministry signs offline; KAZ submits through the signing page, the others by API.
    for number, head in enumerate(heads):
        code = head.state_id
        bundle = selectors.get_bundle(head, document.pk)
        signed = signing.sign_bundle(bundle, state_keys[code], code, timezone.now())
        if number == 0:
            page = _sign_in(browser, base, head.username, secrets[head.username])
            page.goto(f"{url}sign/")
            page.fill("#signed", json.dumps(signed))
            page.click("#submit-signature")
            page.wait_for_url(url)
            assert "accepted" in page.inner_text(".messages")
        else:
            services.submit_signature(
                actor=head, document_id=document.pk, signature=services.signature_from(signed, head)
            )

    public = browser.new_context().new_page()
    public.goto(f"{base}/public/documents/{document.public_id}/")
    signatures = public.inner_text("#public-signatures")
    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        assert f"({code})" in signatures
    assert public.get_attribute("#public-bundle-link", "href") == (
        f"/public/documents/{document.public_id}/bundle.json"
    )

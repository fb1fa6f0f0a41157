"""A three-language text from verification to a verified bundle, in Chromium (issue 19).

The Russian reviewer verifies the Russian version on the language versions page (the
English and Chinese reviewers have verified theirs); each head then makes an Ed25519 key
in the browser, which the test, playing the ministry, puts on the state's roster signed by
its root, and approves on the confirmation page, which signs the act over the server's
challenge, as the adoption console does. The bundle downloaded by a head holds the three
versions and passes `accord verify` against the ministry's trust file; the same bundle with
one word changed in the Chinese version fails `language-version`, naming zh. Screenshots
at 1280 and 390 px go to $ACCORD_SCREENSHOTS (see test_console_pages.py).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from fixtures.browser import CHROMIUM, SHOTS, look, session_for
from fixtures.negotiation import MEMBERS, PARAGRAPHS, witness_the_log

PASSWORD = "correct horse battery staple"  # the region fixture's password (tests/conftest.py)
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
ZH = ["回顾2021年7月15日的塔什干会议，", "各方欢迎对话。", "各方将在一年内再次会晤。"]
# Each state's roster names its legal-linguistic reviewer for one language.
REVIEWS = {"KAZ": {"kaz-delegate": ("en",)}, "KGZ": {"kgz-delegate": ("zh",)},
           "UZB": {"uzb-delegate": ("ru",)}}  # fmt: skip
RU = [
    "ссылаясь на встречу в Ташкенте 15 июля 2021 года,",
    "Участники приветствуют диалог.",
    "Участники вновь встретятся в течение года.",
]


def _sign_in(browser: Any, base: str, user: Any) -> Any:
    """A page signed in as `user` through both sign-in steps, as a head signs in."""
    import pyotp
    from django.utils import timezone

    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/sign-in/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/sign-in/code/")
    page.fill("input[name=code]", pyotp.TOTP(user.totp_secret).now())
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def _three_language_draft(region: Any) -> Any:
    from accord.languages import services
    from accord.negotiation import services as negotiation

    document = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement",
        paragraphs=PARAGRAPHS, visibility="participants",
    )  # fmt: skip
    services.set_languages(actor=region.chair, document_id=document.pk, working_language="en",
                           languages=["en", "zh", "ru"])  # fmt: skip
    for language, title, texts in (("zh", "联合声明", ZH), ("ru", "Совместное заявление", RU)):
        services.submit_version(actor=region.secretariat, document_id=document.pk, number=1,
                                language=language, title=title, paragraphs=texts)  # fmt: skip
    for language, username in (("en", "kaz-delegate"), ("zh", "kgz-delegate")):
        services.verify_version(actor=region.people[username], document_id=document.pk,
                                number=1, language=language)  # fmt: skip
    return document


def _reviewer_verifies_russian(browser: Any, base: str, region: Any, document: Any) -> None:
    from accord.languages.models import VersionVerification

    page = session_for(browser, base, region.people["uzb-delegate"])
    page.goto(f"{base}/documents/{document.public_id}/versions/?left=en&right=ru")
    assert "Участники приветствуют диалог." in page.inner_text("table.versions")
    assert page.locator("#verify-zh").count() == 0  # not the Chinese reviewer
    look(page, "versions-before-verification")
    page.click("#verify-ru")
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text().strip() == "You verified the Russian version."
    assert "Every language version is there and verified" in page.inner_text("#readiness + p")
    assert page.locator("#verify-ru").count() == 0
    look(page, "versions-verified")
    row = VersionVerification.objects.get(revision__document=document, language="ru")
    assert row.reviewer.username == "uzb-delegate"


def _enrol_browser_key(capitals: Any, region: Any, code: str, page: Any, base: str) -> None:
    """The head's browser makes its key; the ministry puts it on the roster, root-signed."""
    from accord.domain import signing
    from accord.members import rosters

    page.goto(f"{base}/account/signing-key/")
    page.locator("#signing-fingerprint").filter(has_text=re.compile("[0-9a-f]{4} ")).wait_for()
    public_key = page.inner_text("#signing-public-key").strip()
    head = f"{code.lower()}-head"
    roster = capitals.roster(code, REVIEWS.get(code))
    persons = tuple(
        signing.RosterPerson(p.person, p.role, (public_key,)) if p.person == head else p
        for p in roster.persons
    )
    rosters.submit_roster(
        actor=region.secretariat, state_code=code,
        signed=signing.sign_roster(replace(roster, persons=persons), capitals.roots[code]),
    )  # fmt: skip


def _verify(path: Path, trust: Path) -> tuple[int, str, str]:
    from accord.negotiation.signing_cli import verify_command

    out, err = io.StringIO(), io.StringIO()
    code = verify_command(path, out, err, trust=trust, allow_unsigned=True)
    return code, out.getvalue(), err.getvalue()


def test_a_three_language_text_is_verified_adopted_with_browser_keys_and_its_bundle_verifies(
    transactional_db: Any, region: Any, capitals: Any, keys: Any, live_server: Any,
    plain_http: None, browser: Any, tmp_path: Path,
) -> None:  # fmt: skip
    from accord.ledger.trust import trust_document
    from accord.negotiation import services

    base = live_server.url
    capitals.accede(*MEMBERS)
    for code, reviews in REVIEWS.items():
        capitals.put_in_force(code, reviews=reviews)
    document = _three_language_draft(region)
    _reviewer_verifies_russian(browser, base, region, document)

    heads = {code: _sign_in(browser, base, region.head(code)) for code in MEMBERS}
    for code, page in heads.items():
        _enrol_browser_key(capitals, region, code, page, base)
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code, page in heads.items():
        page.goto(f"{base}/documents/{document.public_id}/adoption/confirm/?act=approve")
        assert document.procedures.get().text_sha256 in page.inner_text("#act-signing")
        assert "各方欢迎对话。" in page.inner_text("main details.card")  # it signs every version
        if code == MEMBERS[-1]:
            look(page, "three-language-approval")
        page.click("#confirm-button")
        page.wait_for_url(f"**/documents/{document.public_id}/adoption/console/")
    document.refresh_from_db()
    assert document.status == "adopted"

    witness_the_log(region, keys)  # the states' witnesses cosign the log with the adoption
    kaz = heads["KAZ"]
    kaz.goto(f"{base}/documents/{document.public_id}/export/html/")
    assert kaz.locator("section.language-version").count() == 3
    assert kaz.locator("#text-zh").inner_text().count("各方") == 2
    look(kaz, "three-language-export")

    bundle = kaz.request.get(f"{base}/documents/{document.public_id}/bundle.json").json()
    assert [v["language"] for v in bundle["text"]["versions"]] == ["zh", "ru"]
    signers = sorted(a["signed"]["act"]["person"] for a in bundle["signed_acts"]["acts"])
    assert signers == [f"{code.lower()}-head" for code in MEMBERS]
    path, trust = tmp_path / "bundle.json", tmp_path / "trust.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    trust.write_text(json.dumps(trust_document()))  # the roots, witness keys and log key
    code, out, err = _verify(path, trust)
    assert code == 0, err
    assert "versions in en, zh, ru" in out
    assert "4 signed act(s) of 4 produce the adoption record" in out

    bundle["text"]["versions"][0]["paragraphs"][1]["text"] = "各方不欢迎对话。"  # a negation added
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    code, out, err = _verify(path, trust)
    assert code == 1
    assert "FAIL language-version" in err
    assert "the zh version differs from the version that was adopted" in err
    print(f"screenshots in {SHOTS}")

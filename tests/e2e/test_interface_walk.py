"""The browser walk: a delegate, a head, the chair, the secretariat and an observer open the
main pages in Chromium against a live server, in English, Chinese and Russian. On every page
axe-core (from npm, installed by scripts/test.sh into a cache directory and injected by
playwright; nothing is fetched at test time) must find no WCAG 2.2 AA violation, and at 390 px
the page must not scroll sideways. Screenshots at 1280 and 390 px go to ACCORD_ARTIFACTS
(default: a temporary directory); a handful are committed under docs/screenshots/.

The hotline part: a head types a reply, a message arrives from the counterpart; the thread
shows it without a reload and the half-typed reply is untouched. The live server is Django's
threaded WSGI server, which cannot hold the event stream open (it consumes the stream's async
iterator in another thread, away from the test database), so the stream is cut in the browser
and the event it would carry is dispatched on the page the way accord.js re-dispatches it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from fixtures.browser import CHROMIUM

AXE = Path(
    os.environ.get(
        "ACCORD_AXE_JS", Path.home() / ".cache/accord-axe/node_modules/axe-core/axe.min.js"
    )
)
PASSWORD = "correct horse battery staple"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core: scripts/test.sh installs it"),
]
LANGUAGES = ("en", "zh-hans", "ru")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LONG_WORD = "Ultra" + "x" * 180 + "Statement"  # 190 characters without a space
ROLES = ("kaz-delegate", "kgz-head", "chair", "secretariat", "mng-head")


@pytest.fixture
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("ACCORD_ARTIFACTS")
    path = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


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

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Injected by the DevTools protocol before any page script: the CSP stays as served.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.route("**/api/v1/events*", lambda route: route.abort())
    page.goto(f"{base}/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    if secret is not None:
        page.wait_for_url("**/sign-in/code/")
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{base}/", page.content()[:2000]
    return page


def _seed(region: Any) -> None:
    from accord.dialogue import services as dialogue
    from accord.negotiation import services as negotiation
    from accord.notifications import hotline

    negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement of the dialogue",
        visibility="public", paragraphs=[
            {"kind": "preambular", "text": "Recalling the Guilin talks,"},
            {"kind": "operative", "text": "The participants welcome the dialogue."},
        ],
    )  # fmt: skip
    negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title=LONG_WORD, visibility="public",
        paragraphs=[{"kind": "operative", "text": LONG_WORD + " is a very long word."}],
    )  # fmt: skip
    dialogue.raise_concern(
        actor=region.delegate("KAZ"), title="Border incident at the river crossing",
        summary="Shots were heard at night; we ask for an explanation.", category="crime",
    )  # fmt: skip
    hotline.send_hotline_message(actor=region.head("KAZ"), to_state="KGZ", body="Please call.")


def _pages(page: Any, base: str) -> list[str]:
    """The walk: the main list pages, the first document and concern, the hotline, the
    account, and a page that does not exist."""
    paths = ["/", "/concerns/", "/meetings/", "/documents/", "/notifications/"]
    paths += ["/consultations/", "/hotline/", "/account/", "/no/such/page/"]
    paths += ["/bilaterals/", "/calendar/", "/duty/", "/search/?q=border", "/account/two-factor/"]
    paths += ["/ledger/"]
    page.goto(f"{base}/documents/")
    links = page.eval_on_selector_all(
        "main a[href^='/documents/']", "els => els.map(e => e.getAttribute('href'))"
    )
    paths += sorted({h for h in links if h.rstrip("/").split("/")[-1] not in ("documents", "new")})[
        :2
    ]
    page.goto(f"{base}/concerns/")
    concerns = page.eval_on_selector_all(
        "main a[href^='/concerns/']", "els => els.map(e => e.getAttribute('href'))"
    )
    paths += [h for h in concerns if h.rstrip("/") != "/concerns"][:1]
    return paths


def _audit(page: Any) -> list[dict[str, Any]]:
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:4]}
        for v in result["violations"]
    ]


def _overflow(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def test_every_page_of_the_walk_passes_axe_and_fits_390_px_in_three_languages(
    transactional_db: Any, region: Any, live_server: Any, plain_http: None, browser: Any,
    artifacts: Path,
) -> None:  # fmt: skip
    base = live_server.url
    _seed(region)
    secrets = _second_factor([region.chair, region.head("KGZ"), region.observer])
    violations: dict[str, list[dict[str, Any]]] = {}
    overflowing: dict[str, int] = {}
    audited = 0
    for role in ROLES:
        page = _sign_in(browser, base, role, secrets.get(role))
        paths = _pages(page, base)
        for language in LANGUAGES:
            page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            for path in paths:
                page.set_viewport_size({"width": 1280, "height": 900})
                page.goto(base + path)
                page.wait_for_load_state()
                key = f"{role} {language} {path}"
                found = _audit(page)
                audited += 1
                if found:
                    violations[key] = found
                name = f"{role}-{language}-{path.strip('/').replace('/', '_') or 'home'}"
                if language == "en":
                    page.screenshot(path=str(artifacts / f"{name}-1280.png"), full_page=True)
                page.set_viewport_size({"width": 390, "height": 844})
                if _overflow(page) > 0:
                    overflowing[key] = _overflow(page)
                if language == "en" or key in overflowing:
                    page.screenshot(path=str(artifacts / f"{name}-390.png"), full_page=True)
        page.context.close()
    (artifacts / "axe.json").write_text(
        json.dumps(
            {"audited": audited, "violations": violations, "overflow": overflowing}, indent=1
        )
    )
    assert audited >= len(ROLES) * len(LANGUAGES) * 10
    assert violations == {}, json.dumps(violations, indent=1, ensure_ascii=False)[:6000]
    assert overflowing == {}


def test_a_hotline_message_arrives_without_touching_the_half_typed_reply(
    transactional_db: Any, region: Any, live_server: Any, plain_http: None, browser: Any,
) -> None:  # fmt: skip
    from accord.notifications import hotline

    base = live_server.url
    secrets = _second_factor([region.head("KGZ")])
    hotline.send_hotline_message(actor=region.head("KAZ"), to_state="KGZ", body="First word.")
    page = _sign_in(browser, base, "kgz-head", secrets["kgz-head"])
    page.goto(f"{base}/hotline/?with=KAZ")
    page.evaluate("window.__notReloaded = true")
    page.fill("textarea[name=body]", "We are checking the reports and will")
    hotline.send_hotline_message(actor=region.head("KAZ"), to_state="KGZ", body="Second word.")
    # What accord.js does with the stream's message: an accord:event on document (the old
    # duty.js reloaded the page on it) and accord:<kind> on body for htmx.
    page.evaluate(
        """() => {
        const detail = {kind: "hotline.message_sent", data: {from: "KAZ", to: "KGZ"}};
        document.dispatchEvent(new CustomEvent("accord:event", {detail}));
        htmx.trigger(document.body, "accord:hotline.message_sent", detail);
    }"""
    )
    page.wait_for_selector("#hotline-thread :text('Second word.')")
    assert page.evaluate("window.__notReloaded") is True
    assert page.input_value("textarea[name=body]") == "We are checking the reports and will"
    page.wait_for_selector("#hotline-indicator .count:has-text('2')")

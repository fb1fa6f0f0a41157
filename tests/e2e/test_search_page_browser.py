"""The search page in Chromium (issue 19): a delegate searches in English, Chinese and
Russian, with the interface in each of the three languages, and finds the concern, the
intervention and the document — by the words of any of its language versions, and by its
registry symbol — the document under the title of its version in the interface's
language. Every page passes axe-core (WCAG 2.2 AA) and fits 390 px; screenshots at 1280
and 390 px go to ACCORD_ARTIFACTS (default: a temporary directory)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_interface_walk import AXE, CHROMIUM, LANGUAGES, _audit, _overflow, _sign_in, artifacts  # noqa: F401

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core: scripts/test.sh installs it"),
]

SYMBOL = "RSD/MIN/2021/DOC/3"
# A word of the text in each of its three languages: each finds the concern, the
# intervention and the document.
QUERIES = ("river", "河流", "реки")
TITLES = {
    "en": "Joint statement on rivers", "zh-hans": "关于河流的联合声明",
    "ru": "Совместное заявление о реках",
}  # fmt: skip


def _seed(region: Any) -> None:
    from accord.dialogue import services as dialogue
    from accord.languages import services as languages
    from accord.negotiation import services as negotiation
    from accord.registry import services as registry

    document = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement on rivers",
        paragraphs=[{"kind": "operative", "text": "The participants will share river data."}],
    )  # fmt: skip
    languages.set_languages(actor=region.chair, document_id=document.pk,
                            working_language="en", languages=["en", "zh", "ru"])  # fmt: skip
    for language, title, text in (
        ("zh", "关于河流的联合声明", "与会方将共享河流数据。"),
        ("ru", "Совместное заявление о реках", "Участники будут обмениваться данными о реках."),
    ):
        languages.submit_version(actor=region.chair, document_id=document.pk, number=1,
                                 language=language, title=title, paragraphs=[text])  # fmt: skip
    registry.register_document(
        actor=region.secretariat, document_id=document.pk, symbol=SYMBOL,
        original_language="en", distribution="general",
    )  # fmt: skip
    dialogue.raise_concern(
        actor=region.delegate("KAZ"), title="Rivers of the region",
        summary="河流 — реки региона мелеют.", category="climate",
    )  # fmt: skip
    start = datetime.now(UTC) - timedelta(hours=1)
    meeting = dialogue.convene_meeting(
        actor=region.secretariat, title="Plenary on water", kind="ministerial",
        starts_at=start, ends_at=start + timedelta(hours=10), venue="Tashkent",
        participants=["KAZ", "KGZ", "TJK", "UZB"],
    )  # fmt: skip
    dialogue.deliver_intervention(
        actor=region.delegate("UZB"), meeting_id=meeting.pk, kind="statement",
        text="Реки региона — 河流 — the rivers of the region need a common register.",
        language="ru",
    )  # fmt: skip


def test_the_search_page_finds_every_kind_in_three_languages(
    transactional_db: Any, region: Any, live_server: Any, plain_http: None,
    browser: Any, artifacts: Path,  # noqa: F811
) -> None:  # fmt: skip
    _seed(region)
    base = live_server.url
    page = _sign_in(browser, base, "kaz-delegate", None)
    problems: dict[str, Any] = {}
    for language in LANGUAGES:
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        for query in (*QUERIES, SYMBOL):
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(f"{base}/search/")
            page.fill("#q", query)
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
            main = page.locator("main").inner_text()
            assert TITLES[language] in main, (language, query)  # the version in the reader's
            if query != SYMBOL:
                assert "Rivers of the region" in main, (language, query)
                assert page.locator("main a[href^='/meetings/']").count() == 1
            assert SYMBOL in main
            key = f"{language} {query}"
            if found := _audit(page):
                problems[f"axe {key}"] = found
            name = f"search-{language}-{'symbol' if query == SYMBOL else query}"
            page.screenshot(path=str(artifacts / f"{name}-1280.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 844})
            if _overflow(page) > 0:
                problems[f"overflow {key}"] = _overflow(page)
            page.screenshot(path=str(artifacts / f"{name}-390.png"), full_page=True)
    page.context.close()
    assert problems == {}

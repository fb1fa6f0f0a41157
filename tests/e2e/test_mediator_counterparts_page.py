"""The mediator's paragraph page in Chromium (issue 19): the chair asks on a bracket of a
text negotiated in Chinese, and each suggested wording shows its English and Russian
counterparts, labelled by language, in the three interface languages; axe-core finds no
WCAG 2.2 AA violation and nothing overflows at 390 px. Screenshots go to
$ACCORD_SCREENSHOTS (see test_console_pages.py)."""

from __future__ import annotations

from typing import Any

import pytest
from test_interface_walk import AXE, WCAG

from fixtures.browser import CHROMIUM, SHOTS, look, session_for
from fixtures.mediator import trilingual_chinese

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core: scripts/test.sh installs it"),
]
HEADINGS = {
    "en": "The same wording in the other language versions of Rev.1:",
    "zh-hans": "Rev.1 其他语文本中的同一措辞：",
    "ru": "Та же формулировка в текстах Rev.1 на других языках:",
}


def test_the_chair_reads_each_wordings_counterparts_in_three_interface_languages(
    transactional_db: Any, region: Any, live_server: Any, plain_http: None,
    browser: Any, offline_mediator: None,
) -> None:  # fmt: skip
    document = trilingual_chinese(region)
    page = session_for(browser, live_server.url, region.chair)
    page.context.add_init_script(path=str(AXE))
    url = f"{live_server.url}/mediator/documents/{document.public_id}/paragraphs/1/"
    page.goto(url)
    page.get_by_role("button", name="Ask for suggestions").click()
    first = page.locator("#suggestion-1 .counterparts")
    russian = "выступают против гонки вооружений в космосе"
    assert first.locator("dd[lang=ru]").inner_text() == russian
    assert first.locator("dd[lang=en]").inner_text() == "oppose an arms race in outer space"
    for language, heading in HEADINGS.items():
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto(url)
        assert heading in page.locator("#suggestion-1").inner_text()
        violations = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => r.violations.map(v => v.id))",
            WCAG,
        )
        assert violations == [], (language, violations)
        look(page, f"mediator-counterparts-{language}")
    print(f"screenshots in {SHOTS}")

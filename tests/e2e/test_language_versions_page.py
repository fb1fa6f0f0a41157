"""The language versions page in Chromium, in English and in Russian: two versions side by
side with the paragraphs aligned, what adoption waits for, and no overflow at 390 px.
Screenshots go to $ACCORD_SCREENSHOTS (see test_console_pages.py)."""

from __future__ import annotations

from typing import Any

import pytest

from accord.languages import services
from fixtures.browser import CHROMIUM, SHOTS, look, session_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
ZH = ["回顾2021年7月15日的塔什干会议，", "各方欢迎对话。", "各方将在一年内再次会晤。"]
RU = [
    "ссылаясь на встречу в Ташкенте 15 июля,",
    "Участники приветствуют диалог.",
    "Участники вновь встретятся в течение года.",
]


def test_two_versions_side_by_side_in_two_interface_languages(
    transactional_db: Any, region: Any, live_server: Any, plain_http: None, browser: Any,
) -> None:  # fmt: skip
    from accord.negotiation import services as negotiation

    document = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement", paragraphs=[
            {"kind": "preambular", "text": "Recalling the Tashkent meeting of 15 July 2021,"},
            {"kind": "operative", "text": "The participants welcome the dialogue."},
            {"kind": "operative", "text": "The participants will meet again within a year."},
        ], visibility="participants",
    )  # fmt: skip
    services.set_languages(actor=region.chair, document_id=document.pk, working_language="en",
                           languages=["en", "zh", "ru"])  # fmt: skip
    for language, texts in (("zh", ZH), ("ru", RU)):
        services.submit_version(actor=region.secretariat, document_id=document.pk, number=1,
                                language=language, title="t", paragraphs=texts)  # fmt: skip
    page = session_for(browser, live_server.url, region.delegate("KGZ"))
    page.goto(f"{live_server.url}/documents/{document.public_id}/versions/?left=en&right=ru")
    assert page.locator("table.versions tbody tr").count() == 3
    assert "Участники приветствуют диалог." in page.locator("table.versions").inner_text()
    assert page.locator("text=Concordance findings").count() == 1
    look(page, "language-versions-en")
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/documents/{document.public_id}/versions/?left=zh&right=en")
    assert "各方欢迎对话。" in page.locator("table.versions").inner_text()
    look(page, "language-versions-zh")
    print(f"screenshots in {SHOTS}")

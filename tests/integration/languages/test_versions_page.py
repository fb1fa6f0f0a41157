"""The language versions page: two versions side by side, aligned, and what adoption waits for."""

from __future__ import annotations

from typing import Any

from django.test import Client

from accord.languages import services

ZH = ["回顾2021年7月15日的塔什干会议，", "各方欢迎对话。", "各方将在一年内再次会晤。"]


def test_the_page_shows_two_versions_aligned_and_what_is_missing(region: Any, draft: Any) -> None:
    document = draft()
    services.set_languages(actor=region.chair, document_id=document.pk, working_language="en",
                           languages=["en", "zh", "ru"])  # fmt: skip
    services.submit_version(actor=region.secretariat, document_id=document.pk, number=1,
                            language="zh", title="联合声明", paragraphs=ZH)  # fmt: skip
    client = Client()
    client.force_login(region.delegate("TJK"))
    page = client.get(f"/documents/{document.public_id}/versions/?left=en&right=zh&revision=x")
    assert page.status_code == 200
    html = page.content.decode()
    assert "各方欢迎对话。" in html and "The participants welcome the dialogue." in html
    assert '<th scope="row">OP1</th>' in html
    assert "No version yet: Russian." in html
    hidden = draft(visibility="restricted", states=["KAZ", "KGZ"])
    assert client.get(f"/documents/{hidden.public_id}/versions/").status_code == 404

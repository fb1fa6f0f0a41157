"""More lists a page at a time in Chromium (issue 18): the document page's amendments, the
consultation page's agreement by group, the register and the summary record, each followed
by its next link to the page after. Screenshots at 1280 and 390 px (no sideways overflow)
go to $ACCORD_SCREENSHOTS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from test_announcements_live import asgi_server  # noqa: F401

from fixtures.browser import CHROMIUM, look, session_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")


def test_the_document_page_links_to_its_next_amendments(
    region: Any, asgi_server: str, plain_http: None, browser: Any, draft: Any,  # noqa: F811
) -> None:  # fmt: skip
    from accord.negotiation import services

    document = draft()
    for n in range(5):
        services.propose_amendment(
            actor=region.delegate(MEMBERS[n % 4]), document_id=document.pk, against=1,
            kind="insert-paragraph", text=f"The participants note point number {n}.",
            paragraph_kind="operative",
        )  # fmt: skip
    page = session_for(browser, asgi_server, region.delegate("TJK"))
    page.goto(f"{asgi_server}/documents/{document.public_id}/?limit=3")
    assert page.locator("#amendments li.amendment").count() == 3
    look(page, "lists-amendments-first")
    page.get_by_role("link", name="More amendments to this revision").click()
    page.wait_for_load_state()
    shown = page.locator("#amendments li.amendment")
    assert [shown.nth(n).get_attribute("id") for n in range(shown.count())] == [
        "amendment-A4", "amendment-A5",
    ]  # fmt: skip
    assert page.get_by_role("link", name="More amendments to this revision").count() == 0
    look(page, "lists-amendments-next")


def test_the_register_and_the_record_link_to_their_next_pages(
    region: Any, asgi_server: str, plain_http: None, browser: Any, draft: Any,  # noqa: F811
) -> None:  # fmt: skip
    from django.utils import timezone

    from accord.dialogue import services as dialogue
    from accord.proceedings import records
    from accord.registry import services as registry

    for n in range(1, 5):
        registry.register_document(
            actor=region.secretariat, document_id=draft(title=f"Statement {n}").pk,
            symbol=f"RSD/MIN/2030/DOC/{n}", original_language="en", distribution="general",
        )  # fmt: skip
    start = datetime(2030, 5, 10, 8, tzinfo=UTC)
    meeting = dialogue.convene_meeting(
        actor=region.secretariat, title="Plenary on water", kind="ministerial",
        starts_at=start, ends_at=start + timedelta(hours=10), venue="Tashkent",
        participants=list(MEMBERS),
    )  # fmt: skip
    for n in range(4):
        dialogue.deliver_intervention(
            actor=region.delegate(MEMBERS[n % 4]), meeting_id=meeting.pk, kind="statement",
            text=f"Statement number {n} on the rivers.", language="en",
        )  # fmt: skip
    records.issue_draft(actor=region.secretariat, meeting_id=meeting.pk, now=timezone.now())
    page = session_for(browser, asgi_server, region.delegate("UZB"))
    page.goto(f"{asgi_server}/register/?limit=3")
    assert page.locator("table.register tbody tr").count() == 3
    look(page, "lists-register-first")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_load_state()
    assert page.locator("table.register tbody tr").count() == 1
    assert "RSD/MIN/2030/DOC/4" in page.locator("table.register tbody tr").inner_text()
    page.goto(f"{asgi_server}/meetings/{meeting.public_id}/record/?limit=3")
    assert page.locator("article.record-entry").count() == 3
    look(page, "lists-record-first")
    page.get_by_role("link", name="More of the record").click()
    page.wait_for_load_state()
    assert "Statement number 3 on" in page.locator("article.record-entry").inner_text()
    look(page, "lists-record-next")


def test_the_consultation_page_links_to_its_next_statements(
    region: Any, asgi_server: str, plain_http: None, browser: Any, settings: Any,  # noqa: F811
) -> None:  # fmt: skip
    from accord.consultations import recompute, services

    settings.ACCORD_ANALYSIS_MODE = "sync"
    recompute.forget_models()
    made = services.create_consultation(
        actor=region.secretariat, title="Positions on the region", kind="state",
        visibility="members", statements=[f"Statement on point {n}." for n in range(5)],
    )  # fmt: skip
    for n, code in enumerate(MEMBERS):
        services.cast_votes(
            actor=region.head(code), consultation_id=made.pk,
            votes=[services.VoteIn(s, ("agree", "disagree")[(s + n) % 2]) for s in range(1, 6)],
        )  # fmt: skip
    recompute.recompute(made.pk)  # the map, with its bars (None: already computed on commit)
    page = session_for(browser, asgi_server, region.delegate("KGZ"))
    page.goto(f"{asgi_server}/consultations/{made.public_id}/?limit=3")
    assert page.locator("table.agreement tbody tr").count() == 3
    look(page, "lists-consultation-first")
    page.get_by_role("link", name="More statements").click()
    page.wait_for_load_state()
    assert page.locator("table.agreement tbody tr").count() == 2
    look(page, "lists-consultation-next")

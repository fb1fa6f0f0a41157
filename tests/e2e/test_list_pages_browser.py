"""The lists a page at a time in Chromium (issue 18): the meeting page shows the latest fifty
interventions, a new one appears at its end without a reload (the live stream), and the
link to the earlier ones leads to them; the concerns page links to its next page.
Screenshots at 1280 and 390 px (no sideways overflow) go to $ACCORD_SCREENSHOTS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from test_announcements_live import _stream_open, asgi_server  # noqa: F401

from accord.dialogue import services
from fixtures.browser import CHROMIUM, look, session_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


def _plenary_with(region: Any, spoken: int) -> Any:
    start = datetime.now(UTC) - timedelta(hours=1)
    meeting = services.convene_meeting(
        actor=region.secretariat, title="Plenary on water", kind="ministerial",
        starts_at=start, ends_at=start + timedelta(hours=10), venue="Tashkent",
        participants=["KAZ", "KGZ", "TJK", "UZB"],
    )  # fmt: skip
    for n in range(spoken):
        services.deliver_intervention(
            actor=region.delegate(("KAZ", "KGZ", "TJK", "UZB")[n % 4]), meeting_id=meeting.pk,
            kind="statement", text=f"Statement number {n} on the rivers.", language="en",
        )  # fmt: skip
    return meeting


def test_the_meeting_page_shows_the_latest_page_appends_live_and_links_to_the_earlier(
    region: Any, asgi_server: str, plain_http: None, browser: Any,  # noqa: F811
) -> None:  # fmt: skip
    meeting = _plenary_with(region, 52)
    page = session_for(browser, asgi_server, region.delegate("TJK"))
    page.goto(f"{asgi_server}/meetings/{meeting.public_id}/")
    statements = page.locator("#interventions article.intervention")
    assert statements.count() == 50
    assert "Statement number 2 on" in statements.first.inner_text()
    _stream_open(page)
    services.deliver_intervention(
        actor=region.delegate("KGZ"), meeting_id=meeting.pk, kind="statement",
        text="A new statement, delivered while the page is open.", language="en",
    )  # fmt: skip
    page.wait_for_selector("#interventions article:has-text('delivered while the page is open')")
    assert "delivered while the page is open" in statements.last.inner_text()
    assert statements.count() == 50
    look(page, "lists-meeting-latest")

    page.get_by_role("link", name="Earlier interventions").click()
    page.wait_for_load_state()
    earlier = page.locator("#interventions article.intervention")
    assert [earlier.nth(n).inner_text().count("Statement number") for n in range(3)] == [1, 1, 1]
    assert "Statement number 0 on" in earlier.first.inner_text()
    assert page.get_by_role("link", name="The latest interventions").count() == 1
    look(page, "lists-meeting-earlier")


def test_the_concerns_page_links_to_its_next_page(
    region: Any, asgi_server: str, plain_http: None, browser: Any,  # noqa: F811
) -> None:  # fmt: skip
    for n in range(53):
        services.raise_concern(
            actor=region.head(("KAZ", "KGZ", "TJK", "UZB")[n % 4]), title=f"Concern number {n}",
            summary="Why it matters.", category="climate",
        )  # fmt: skip
    page = session_for(browser, asgi_server, region.delegate("UZB"))
    page.goto(f"{asgi_server}/concerns/")
    assert page.locator("table.concerns tbody tr").count() == 50
    look(page, "lists-concerns-first")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_load_state()
    rows = page.locator("table.concerns tbody tr")
    assert [rows.nth(n).inner_text().split("\t")[0] for n in range(3)] == [
        "Concern number 2", "Concern number 1", "Concern number 0",
    ]  # fmt: skip
    assert page.get_by_role("link", name="Next page").count() == 0
    look(page, "lists-concerns-next")

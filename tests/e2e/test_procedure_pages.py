"""The chair's console, the speaker's countdown, the summary record and the implementation
matrix in Chromium: one click gives the floor to the next in the order of the floor, the
speaker's page counts down, and no page overflows at 390 px. Screenshots go to
$ACCORD_SCREENSHOTS (default: a temporary directory) at 1280 and 390 px."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fixtures.browser import CHROMIUM, look, session_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


def test_the_chair_gives_the_floor_in_one_click_and_the_speaker_sees_the_countdown(
    transactional_db: Any, region: Any, ministerial: Any, items: list[Any], live_server: Any,
    plain_http: None, browser: Any, text_at_meeting: Any,
) -> None:  # fmt: skip
    from accord.dialogue import services as dialogue
    from accord.negotiation import services as negotiation
    from accord.proceedings import floor, follow_up, records

    base, meeting, item = live_server.url, ministerial, items[0]
    floor.inscribe(actor=region.delegate("KGZ"), meeting_id=meeting.pk, item_id=item.pk)
    floor.inscribe(
        actor=region.head("UZB"), meeting_id=meeting.pk, item_id=item.pk,
        on_behalf_of="the Central Asian states",
    )  # fmt: skip
    floor.inscribe(actor=region.people["mng-head"], meeting_id=meeting.pk, item_id=item.pk)
    chair = session_for(browser, base, region.chair)
    chair.goto(f"{base}/meetings/{meeting.public_id}/console/")
    look(chair, "procedure-console-queue")
    chair.get_by_role("button", name="Next speaker").click()
    chair.wait_for_selector("[data-ends-at]")
    assert "Uzbekistan" in chair.locator(".floor-holder").inner_text()
    look(chair, "procedure-console-floor")
    speaker = session_for(browser, base, region.head("UZB"))
    speaker.goto(f"{base}/meetings/{meeting.public_id}/console/")
    assert "Your delegation has the floor." in speaker.inner_text("#floor")
    timer = speaker.locator("[data-ends-at]").inner_text()
    assert timer.startswith("4:") or timer == "5:00"
    look(speaker, "procedure-speaker-countdown")
    dialogue.deliver_intervention(
        actor=region.head("UZB"), meeting_id=meeting.pk, kind="statement",
        text="Uzbekistan, for the group, welcomes the dialogue.", language="en", item_id=item.pk,
    )  # fmt: skip
    records.issue_draft(actor=region.secretariat, meeting_id=meeting.pk)
    speaker.goto(f"{base}/meetings/{meeting.public_id}/record/")
    look(speaker, "procedure-record-draft")
    document = text_at_meeting()
    negotiation.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        negotiation.approve(actor=region.head(code), document_id=document.pk)
    follow_up.add_commitment(
        actor=region.secretariat, document_id=document.pk, paragraph="OP2",
        description="Meet again within a year", lead_states=["UZB"], due=date(2021, 7, 1),
    )  # fmt: skip
    speaker.goto(f"{base}/documents/{document.public_id}/implementation/")
    assert "overdue" in speaker.inner_text("table")
    look(speaker, "procedure-matrix")
    chair.goto(f"{base}/chair/handover/")
    look(chair, "procedure-handover")
    chair.goto(f"{base}/rules/")
    look(chair, "procedure-rules")
    for language, words in (("zh-hans", "发言名单"), ("ru", "Список ораторов")):
        chair.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        chair.goto(f"{base}/meetings/{meeting.public_id}/console/")
        assert words in chair.inner_text("#floor")
        look(chair, f"procedure-console-{language}")

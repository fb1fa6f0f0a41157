"""The chair speaks as the chair everywhere: the meeting page, search, the home feed and
the summary record credit the Chair, never the chair's own state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from page_clients import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def chaired(region):
    from accord.dialogue import services

    start = timezone.now() - timedelta(hours=1)
    meeting = services.convene_meeting(
        actor=region.chair, title="Senior officials", kind="senior_officials",
        starts_at=start, ends_at=start + timedelta(hours=8),
        participants=["KAZ", "KGZ", "TJK", "UZB"], venue="Bishkek",
    )  # fmt: skip
    services.deliver_intervention(
        actor=region.chair, meeting_id=meeting.pk, kind="statement", language="en",
        text="I open the meeting and welcome the delegations.", as_chair=True,
    )  # fmt: skip
    return meeting


def test_search_credits_the_chair(region, chaired) -> None:
    page = signed_in(region.delegate("KGZ")).get("/search/?q=welcome").content.decode()
    line = page[page.index("I open the meeting") - 200 : page.index("I open the meeting")]
    assert "The Chair:" in line and "Kazakhstan" not in line


def test_the_feed_and_the_summary_record_credit_the_chair(region, chaired) -> None:
    client = signed_in(region.delegate("KGZ"))
    home = client.get("/").content.decode()
    assert "The Chair spoke at “Senior officials”." in home
    assert "Kazakhstan spoke" not in home
    summary = client.get(f"/meetings/{chaired.public_id}/summary/").content.decode()
    assert "<strong>The Chair</strong>" in summary


def test_the_chair_speaks_as_chair_unless_it_says_otherwise(region, chaired) -> None:
    page = signed_in(region.chair).get(f"/meetings/{chaired.public_id}/").content.decode()
    assert '<input type="checkbox" name="as_chair" checked>' in page

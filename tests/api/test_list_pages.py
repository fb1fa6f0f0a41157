"""The list pages a page at a time (issue 18): the concerns page with its next link, the
meeting page with its latest interventions first and a link to the earlier ones, a changed
cursor as a 422 page; and the query budgets of the first page, the same at 3 rows as at 60."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from accord.dialogue import services
from accord.dialogue.models import Intervention

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<a href="(?P<url>[^"]+)" rel="next">')


def page_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def raise_concerns(region: Any, count: int) -> list:
    return [
        services.raise_concern(
            actor=region.head("KAZ"),
            title=f"Concern number {n}",
            summary="Why it matters.",
            category="terrorism",
        )
        for n in range(count)
    ]


def plenary(region: Any) -> Any:
    start = datetime(2030, 5, 10, 8, tzinfo=UTC)
    return services.convene_meeting(
        actor=region.secretariat, title="Plenary", kind="ministerial", starts_at=start,
        ends_at=start + timedelta(hours=10), venue="Astana",
        participants=["KAZ", "KGZ", "TJK", "UZB"],
    )  # fmt: skip


def speak(region: Any, meeting: Any, count: int, first: int = 0) -> list:
    return [
        services.deliver_intervention(
            actor=region.delegate(("KAZ", "KGZ", "TJK", "UZB")[n % 4]),
            meeting_id=meeting.pk,
            kind="statement",
            text=f"Statement number {n}.",
            language="en",
        )
        for n in range(first, first + count)
    ]


def shown(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def test_the_concerns_page_shows_a_page_and_links_to_the_next(region):
    raise_concerns(region, 5)
    client = page_client(region.delegate("KGZ"))
    first = client.get("/concerns/?limit=2").content.decode()
    assert shown(first, r"Concern number (\d)") == ["4", "3"]
    link = NEXT.search(first)
    assert link is not None
    second = client.get(link.group("url").replace("&amp;", "&")).content.decode()
    assert shown(second, r"Concern number (\d)") == ["2", "1"]


def test_a_changed_cursor_on_a_page_is_a_422_page_that_links_to_the_first(region):
    raise_concerns(region, 3)
    client = page_client(region.delegate("KGZ"))
    link = NEXT.search(client.get("/concerns/?limit=1").content.decode())
    assert link is not None
    url = link.group("url").replace("&amp;", "&")
    response = client.get(url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "This cursor was not given by this list, or it was changed" in html
    assert '<a href="/concerns/">' in html
    assert "Concern number" not in html


def test_the_meeting_page_shows_the_latest_interventions_and_links_to_the_earlier(region):
    meeting = plenary(region)
    spoken = speak(region, meeting, 53)
    client = page_client(region.delegate("KGZ"))
    html = client.get(f"/meetings/{meeting.public_id}/").content.decode()
    # The latest fifty, in the order they were delivered.
    assert shown(html, r"Statement number (\d+)\.") == [str(n) for n in range(3, 53)]
    link = NEXT.search(html)
    assert link is not None and "Earlier interventions" in html
    earlier = client.get(link.group("url").replace("&amp;", "&")).content.decode()
    assert shown(earlier, r"Statement number (\d+)\.") == ["0", "1", "2"]
    assert "The latest interventions" in earlier
    assert 'hx-trigger="accord:intervention.delivered' not in earlier  # an old page stays
    # The live fragment: still the latest page, now with the newest at its end.
    speak(region, meeting, 1, first=53)
    fragment = client.get(f"/meetings/{meeting.public_id}/interventions/").content.decode()
    assert shown(fragment, r"Statement number (\d+)\.")[-2:] == ["52", "53"]
    assert len(shown(fragment, r"Statement number (\d+)\.")) == 50
    assert Intervention.objects.count() == len(spoken) + 1


def test_the_api_first_page_of_concerns_costs_the_same_at_3_and_at_60(region, api, assert_queries):
    client = api(region.delegate("KGZ"))
    raise_concerns(region, 3)
    client.get("/api/v1/concerns")  # the token is read and kept
    with assert_queries(4) as few:
        assert len(client.get("/api/v1/concerns").json()["items"]) == 3
    services.raise_concern(actor=region.head("UZB"), title="Water", summary="Rivers.",
                           category="terrorism")  # fmt: skip
    raise_concerns_more(region, 56)
    with assert_queries(4) as many:
        assert len(client.get("/api/v1/concerns").json()["items"]) == 50
    assert len(many) == len(few)


def raise_concerns_more(region: Any, count: int) -> None:
    for n in range(count):
        services.raise_concern(
            actor=region.head("TJK"), title=f"More {n}", summary="Why.", category="terrorism"
        )


def test_the_concerns_and_meeting_pages_cost_the_same_at_3_and_at_60(region, assert_queries):
    meeting = plenary(region)
    speak(region, meeting, 3)
    raise_concerns(region, 3)
    client = page_client(region.delegate("KGZ"))
    # A first visit of each page in the process also reads its public ids' keys (kept after).
    client.get("/concerns/")
    client.get(f"/meetings/{meeting.public_id}/")
    with assert_queries(9) as few_concerns:
        client.get("/concerns/")
    with assert_queries(13) as few_interventions:
        client.get(f"/meetings/{meeting.public_id}/")
    speak(region, meeting, 57, first=3)
    raise_concerns_more(region, 57)
    with assert_queries(9) as many_concerns:
        client.get("/concerns/")
    with assert_queries(13) as many_interventions:
        client.get(f"/meetings/{meeting.public_id}/")
    assert len(many_concerns) == len(few_concerns)
    assert len(many_interventions) == len(few_interventions)

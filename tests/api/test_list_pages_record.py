"""The summary record page a page at a time (issue 18): its entries in the record's order
with a `next` link to the end, every entry once, the corrections shown on whichever page
their entry falls; a changed cursor, or one of another meeting's record, a 422 page; the
query count of its first page the same at 3 entries as at 30."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accord.dialogue import services
from accord.proceedings import records

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<a href="(?P<url>[^"]+)" rel="next">(?P<label>[^<]+)</a>')
ENTRY = re.compile(r"<p>(?:Statement|Corrected) number (\d+)\.</p>")
MORE = "More of the record"


def page_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def meeting_with_record(region: Any, count: int) -> Any:
    start = datetime(2030, 5, 10, 8, tzinfo=UTC)
    meeting = services.convene_meeting(
        actor=region.secretariat, title="Plenary", kind="ministerial", starts_at=start,
        ends_at=start + timedelta(hours=10), venue="Astana",
        participants=["KAZ", "KGZ", "TJK", "UZB"],
    )  # fmt: skip
    speak(region, meeting, range(count))
    records.issue_draft(actor=region.secretariat, meeting_id=meeting.pk, now=timezone.now())
    return meeting


def speak(region: Any, meeting: Any, numbers: range) -> list:
    return [
        services.deliver_intervention(
            actor=region.delegate(("KAZ", "KGZ", "TJK", "UZB")[n % 4]),
            meeting_id=meeting.pk,
            kind="statement",
            text=f"Statement number {n}.",
            language="en",
        )
        for n in numbers
    ]


def links(html: str) -> dict[str, str]:
    return {m.group("label"): m.group("url").replace("&amp;", "&") for m in NEXT.finditer(html)}


def walk(client: Client, url: str) -> list[list[int]]:
    pages: list[list[int]] = []
    following: str | None = url
    while following is not None:
        response = client.get(following)
        assert response.status_code == 200, response.content[:500]
        html = response.content.decode()
        pages.append([int(n) for n in ENTRY.findall(html)])
        following = links(html).get(MORE)
    return pages


def test_the_record_comes_a_page_at_a_time_with_its_corrections_to_the_end(region):
    meeting = meeting_with_record(region, 7)
    ref = records.get_record(region.secretariat, meeting.pk).row.entries[4]["ref"]
    records.submit_correction(
        actor=region.delegate("KAZ"), meeting_id=meeting.pk, ref=ref, text="Corrected number 4."
    )
    client = page_client(region.delegate("KGZ"))
    url = f"/meetings/{meeting.public_id}/record/?limit=3"
    assert walk(client, url) == [[0, 1, 2], [3, 4, 5], [6]]
    second = client.get(links(client.get(url).content.decode())[MORE]).content.decode()
    assert "<p>Corrected number 4.</p>" in second and "<del>Statement number 4.</del>" in second


def test_a_changed_cursor_or_another_records_on_the_record_page_is_a_422_page(region):
    meeting, other = meeting_with_record(region, 3), meeting_with_record(region, 3)
    client = page_client(region.delegate("KGZ"))
    base = f"/meetings/{meeting.public_id}/record/"
    url = links(client.get(f"{base}?limit=1").content.decode())[MORE]
    elsewhere = links(client.get(f"/meetings/{other.public_id}/record/?limit=1").content.decode())
    changed = url[:-2] + ("AA" if not url.endswith("AA") else "BB")
    theirs = base + "?" + elsewhere[MORE].split("?", 1)[1]
    for address in (changed, theirs, f"{base}?limit=0"):
        response = client.get(address)
        assert response.status_code == 422, address
        html = response.content.decode()
        assert f'<a href="{base}">' in html and "Statement number" not in html


def test_the_record_page_costs_the_same_at_3_entries_and_at_30(region, assert_queries):
    few_meeting, many_meeting = meeting_with_record(region, 3), meeting_with_record(region, 30)
    client = page_client(region.delegate("KGZ"))
    # A first visit of each page in the process also reads its public ids' keys (kept after).
    for meeting in (few_meeting, many_meeting):
        client.get(f"/meetings/{meeting.public_id}/record/?limit=2")
    with assert_queries(12) as few:
        client.get(f"/meetings/{few_meeting.public_id}/record/?limit=2")
    with assert_queries(12) as many:
        html = client.get(f"/meetings/{many_meeting.public_id}/record/?limit=2").content.decode()
    assert ENTRY.findall(html) == ["0", "1"]
    assert len(many) == len(few)

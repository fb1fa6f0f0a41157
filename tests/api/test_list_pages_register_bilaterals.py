"""The register page and a meeting's bilaterals a page at a time (issue 18): the register by
symbol with its `next` link to the end (it stopped at 500 before), the meeting page's
bilaterals with a link to the next page of them on the bilaterals page, every row once and
in order; a changed cursor a 422 page; query counts that do not grow with the rows."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from accord.dialogue import services as dialogue
from accord.registry import services as registry

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<a href="(?P<url>[^"]+)" rel="next">(?P<label>[^<]+)</a>')
SYMBOL = re.compile(r'<span class="symbol">RSD/<wbr>DOC/<wbr>(\d+)</span>')
BILATERAL = re.compile(r"Border talk (\d+)")
START = datetime(2030, 5, 10, 8, tzinfo=UTC)


def page_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def links(html: str) -> dict[str, str]:
    return {m.group("label"): m.group("url").replace("&amp;", "&") for m in NEXT.finditer(html)}


def walk(client: Client, url: str, rows: re.Pattern[str], label: str) -> list[list[int]]:
    pages: list[list[int]] = []
    following: str | None = url
    while following is not None:
        response = client.get(following)
        assert response.status_code == 200, response.content[:500]
        html = response.content.decode()
        pages.append([int(n) for n in rows.findall(html)])
        following = links(html).get(label)
    return pages


def register(region: Any, draft: Any, numbers: range) -> None:
    for n in numbers:
        registry.register_document(
            actor=region.secretariat, document_id=draft(title=f"Statement {n}").pk,
            symbol=f"RSD/DOC/{n}", original_language="en", distribution="general",
        )  # fmt: skip


def test_the_register_comes_a_page_at_a_time_by_symbol_to_the_end(region, draft):
    register(region, draft, range(1, 8))
    client = page_client(region.delegate("KGZ"))
    pages = walk(client, "/register/?limit=3", SYMBOL, "Next page")
    assert pages == [[1, 2, 3], [4, 5, 6], [7]]


def test_a_changed_cursor_on_the_register_is_a_422_page(region, draft):
    register(region, draft, range(1, 4))
    client = page_client(region.delegate("KGZ"))
    url = links(client.get("/register/?limit=1").content.decode())["Next page"]
    changed = url[:-2] + ("AA" if not url.endswith("AA") else "BB")
    for address in (changed, "/register/?limit=0", "/register/?cursor=x"):
        response = client.get(address)
        assert response.status_code == 422, address
        html = response.content.decode()
        assert '<a href="/register/">' in html and "RSD/" not in html


def test_the_register_page_costs_the_same_at_3_rows_and_at_12(region, draft, assert_queries):
    register(region, draft, range(1, 4))
    client = page_client(region.delegate("KGZ"))
    client.get("/register/?limit=2")
    with assert_queries(10) as few:
        client.get("/register/?limit=2")
    register(region, draft, range(4, 13))
    with assert_queries(10) as many:
        html = client.get("/register/?limit=2").content.decode()
    assert SYMBOL.findall(html) == ["1", "10"]  # by symbol, as text
    assert len(many) == len(few)


def meeting_with_bilaterals(region: Any, count: int) -> Any:
    meeting = dialogue.convene_meeting(
        actor=region.secretariat, title="Plenary", kind="ministerial", starts_at=START,
        ends_at=START + timedelta(hours=10), venue="Astana",
        participants=["KAZ", "KGZ", "TJK", "UZB"],
        sittings=[("Morning", START, START + timedelta(hours=1))],
    )  # fmt: skip
    for n in range(count):
        dialogue.request_bilateral(
            actor=region.head("KGZ"), meeting_id=meeting.pk, counterpart="KAZ",
            subject=f"Border talk {n}",
            slots=[(START + timedelta(hours=2), START + timedelta(hours=3))],
        )  # fmt: skip
    return meeting


def test_the_meeting_page_links_to_the_next_page_of_its_bilaterals(region):
    meeting = meeting_with_bilaterals(region, 53)
    other = meeting_with_bilaterals(region, 1)  # at another meeting: not on its pages
    client = page_client(region.delegate("KGZ"))
    html = client.get(f"/meetings/{meeting.public_id}/").content.decode()
    shown = [int(n) for n in BILATERAL.findall(html)]
    assert len(shown) == 50
    following = links(html)["More bilaterals"]
    assert following.startswith(f"/bilaterals/?meeting={meeting.public_id}&cursor=")
    rest = walk(client, following, BILATERAL, "Next page")
    seen = shown + [n for page in rest for n in page]
    assert sorted(seen) == list(range(53)) and len(seen) == 53  # each once
    assert seen == sorted(seen, reverse=True)  # the latest first, as on the page
    assert other.public_id not in html


def test_the_bilaterals_page_at_one_meeting_costs_the_same_at_3_and_at_12(region, assert_queries):
    meeting = meeting_with_bilaterals(region, 3)
    client = page_client(region.delegate("KGZ"))
    url = f"/bilaterals/?meeting={meeting.public_id}&limit=2"
    client.get(url)
    with assert_queries(14) as few:
        client.get(url)
    for n in range(9):
        dialogue.request_bilateral(
            actor=region.head("KGZ"), meeting_id=meeting.pk, counterpart="TJK",
            subject=f"Water talk {n}",
            slots=[(START + timedelta(hours=2), START + timedelta(hours=3))],
        )  # fmt: skip
    with assert_queries(14) as many:
        html = client.get(url).content.decode()
    assert len(re.findall(r"Water talk \d+", html)) == 2
    assert len(many) == len(few)
    # A meeting that is not one (or not a meeting's id): no bilaterals, nothing else.
    html = client.get("/bilaterals/?meeting=mtg_nothing").content.decode()
    assert "talk" not in html.split('id="bilaterals"')[1].split("</div>")[0]

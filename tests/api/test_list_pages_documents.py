"""The document page a page of amendments at a time (issue 18): the amendments to the current
revision and those to earlier revisions, each followed by its `next` link to the end, every
amendment once and in the order proposed; a changed cursor or list a 422 page; and a query
budget of the first page that is the same at 3 amendments as at 30."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from accord.negotiation import services
from accord.negotiation.models import Amendment

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<a href="(?P<url>[^"]+)" rel="next">(?P<label>[^<]+)</a>')
PENDING = re.compile(r'<li class="card amendment" id="amendment-(A\d+)">')
EARLIER = re.compile(r"<li>(A\d+) \(Rev\.\d+\)")
INVALID = "This cursor was not given by this list, or it was changed"


def page_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def propose(region: Any, document: Any, count: int, against: int, first: int = 0) -> list[str]:
    return [
        services.propose_amendment(
            actor=region.delegate(("KAZ", "KGZ", "TJK", "UZB")[n % 4]),
            document_id=document.pk,
            against=against,
            kind="insert-paragraph",
            text=f"The participants note point number {n}.",
            paragraph_kind="operative",
        ).code
        for n in range(first, first + count)
    ]


def links(html: str) -> dict[str, str]:
    return {m.group("label"): m.group("url").replace("&amp;", "&") for m in NEXT.finditer(html)}


def walk(client: Client, url: str, rows: re.Pattern[str], label: str) -> list[list[str]]:
    pages: list[list[str]] = []
    following: str | None = url
    while following is not None:
        response = client.get(following)
        assert response.status_code == 200, response.content[:500]
        html = response.content.decode()
        pages.append(rows.findall(html))
        following = links(html).get(label)
    return pages


def test_the_amendments_to_the_revision_come_a_page_at_a_time_to_the_end(region, draft):
    document = draft()
    codes = propose(region, document, 7, against=1)
    client = page_client(region.delegate("KGZ"))
    url = f"/documents/{document.public_id}/?limit=3"
    pages = walk(client, url, PENDING, "More amendments to this revision")
    assert pages == [codes[0:3], codes[3:6], codes[6:7]]
    assert [code for page in pages for code in page] == list(
        Amendment.objects.filter(document=document).order_by("id").values_list("code", flat=True)
    )


def test_the_earlier_amendments_come_a_page_at_a_time_beside_the_first_page_of_the_new(
    region, draft
):
    document = draft()
    earlier = propose(region, document, 5, against=1)
    services.issue_revision(
        actor=region.chair, document_id=document.pk, decisions=dict.fromkeys(earlier, "left-out")
    )
    pending = propose(region, document, 4, against=2, first=5)
    client = page_client(region.delegate("TJK"))
    base = f"/documents/{document.public_id}/"
    first = client.get(f"{base}?limit=2").content.decode()
    # The earlier ones are read only when asked for: a link to them.
    assert PENDING.findall(first) == pending[:2] and EARLIER.findall(first) == []
    assert 'href="?list=earlier#earlier-amendments"' in first
    url = f"{base}?list=earlier&limit=2"
    pages = walk(client, url, EARLIER, "More earlier amendments")
    assert pages == [earlier[0:2], earlier[2:4], earlier[4:5]]
    # On a page of the earlier ones, the amendments to Rev.2 stay at their first page, and
    # their next link leads on from there.
    later = client.get(links(client.get(url).content.decode())["More earlier amendments"])
    html = later.content.decode()
    assert PENDING.findall(html) == pending[:2]
    assert walk(client, links(html)["More amendments to this revision"], PENDING,
                "More amendments to this revision") == [pending[2:4]]  # fmt: skip
    assert walk(client, f"{base}?limit=2", PENDING, "More amendments to this revision") == [
        pending[0:2],
        pending[2:4],
    ]


def test_a_changed_cursor_or_list_on_the_document_page_is_a_422_page(region, draft):
    document = draft()
    propose(region, document, 3, against=1)
    client = page_client(region.delegate("KGZ"))
    base = f"/documents/{document.public_id}/"
    url = links(client.get(f"{base}?limit=1").content.decode())["More amendments to this revision"]
    changed = url[:-2] + ("AA" if not url.endswith("AA") else "BB")
    bad = (changed, f"{base}?cursor=notacursor", f"{base}?list=all", f"{base}?limit=0")
    for address in bad:
        response = client.get(address)
        assert response.status_code == 422, address
        html = response.content.decode()
        assert f'<a href="{base}">' in html
        assert "The participants note point" not in html
    assert INVALID in client.get(changed).content.decode()


def test_the_document_page_costs_the_same_at_3_amendments_and_at_30(region, draft, assert_queries):
    document = draft()
    propose(region, document, 3, against=1)
    client = page_client(region.delegate("KGZ"))
    url = f"/documents/{document.public_id}/?limit=2"
    client.get(url)
    with assert_queries(14) as few:
        client.get(url)
    propose(region, document, 27, against=1, first=3)
    with assert_queries(14) as many:
        html = client.get(url).content.decode()
    assert len(PENDING.findall(html)) == 2
    assert len(many) == len(few)

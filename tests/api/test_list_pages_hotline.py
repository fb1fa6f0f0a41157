"""The hotline thread a page at a time (issue 18): the latest messages, oldest first, with a
link to the earlier ones, followed to the first message, every message once and in order
(it stopped at the last 200 before); an earlier page stays still (no live refresh); a
changed cursor a 422 page; the query count of the thread the same at 3 messages as at 30."""

from __future__ import annotations

import re
from typing import Any

import pytest

from accord.notifications import hotline
from page_clients import signed_in

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<a href="(?P<url>[^"]+)" rel="next">(?P<label>[^<]+)</a>')
MESSAGE = re.compile(r'<p class="message-body">Message number (\d+)\.</p>')
EARLIER = "Earlier messages"


def exchange(region: Any, numbers: range) -> None:
    for n in numbers:
        sender, to = (("KAZ", "KGZ"), ("KGZ", "KAZ"))[n % 2]
        hotline.send_hotline_message(
            actor=region.head(sender), to_state=to, body=f"Message number {n}."
        )


def links(html: str) -> dict[str, str]:
    return {m.group("label"): m.group("url").replace("&amp;", "&") for m in NEXT.finditer(html)}


def test_the_thread_shows_the_latest_and_leads_back_to_the_first_message(region):
    exchange(region, range(7))
    hotline.send_hotline_message(actor=region.head("KAZ"), to_state="UZB", body="To Tashkent.")
    client = signed_in(region.head("KGZ"))
    pages: list[list[int]] = []
    following: str | None = "/hotline/?with=KAZ&limit=3"
    while following is not None:
        response = client.get(following)
        assert response.status_code == 200, response.content[:300]
        html = response.content.decode()
        pages.append([int(n) for n in MESSAGE.findall(html)])
        if len(pages) > 1:  # an earlier page: still, and a way back to the latest
            assert "hx-get=" not in html.split('id="hotline-thread"')[1].split(">")[0]
            assert '<a href="/hotline/?with=KAZ&amp;limit=3">' in html
        following = links(html).get(EARLIER)
    assert pages == [[4, 5, 6], [1, 2, 3], [0]]
    assert "To Tashkent." not in "".join(client.get("/hotline/?with=KAZ").content.decode())


def test_a_changed_cursor_on_the_hotline_is_a_422_page(region):
    exchange(region, range(3))
    client = signed_in(region.head("KGZ"))
    url = links(client.get("/hotline/?with=KAZ&limit=1").content.decode())[EARLIER]
    changed = url[:-2] + ("AA" if not url.endswith("AA") else "BB")
    response = client.get(changed)
    assert response.status_code == 422
    assert "This cursor was not given by this list" in response.content.decode()
    assert "Message number" not in response.content.decode()


def test_the_thread_costs_the_same_at_3_messages_and_at_30(region, assert_queries):
    exchange(region, range(3))
    client = signed_in(region.head("KGZ"))
    client.get("/hotline/with/KAZ/?limit=2")
    with assert_queries(12) as few:
        client.get("/hotline/with/KAZ/")
    exchange(region, range(3, 30))
    client.get("/hotline/with/KAZ/")  # the new messages are delivered on the first read
    with assert_queries(12) as many:
        html = client.get("/hotline/with/KAZ/").content.decode()
    assert len(MESSAGE.findall(html)) == 30
    assert len(many) == len(few)

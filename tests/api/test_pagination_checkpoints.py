"""The ledger's checkpoints a page at a time (issue 18): newest first with a `Link` to the
next page, every checkpoint once, to the end; a changed cursor 422 `invalid_cursor`; the
query count of a page the same at 3 checkpoints as at 12."""

from __future__ import annotations

import re
from typing import Any

import pytest

from accord.dialogue import services
from accord.ledger.checkpoints import publish_checkpoint

pytestmark = pytest.mark.django_db

LINK = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')


def checkpoints(region: Any, count: int, first: int = 0) -> list[int]:
    """`count` checkpoints, each of a tree grown by one concern since the one before."""
    sizes = []
    for n in range(first, first + count):
        services.raise_concern(
            actor=region.head("KAZ"), title=f"Concern {n}", summary="Why.", category="terrorism"
        )
        sizes.append(publish_checkpoint().size)
    return sizes


def walk(client: Any, url: str) -> list[list[int]]:
    pages: list[list[int]] = []
    following: str | None = url
    while following is not None:
        response = client.get(following)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append([c["size"] for c in body["items"]])
        link = response.headers.get("Link")
        match = LINK.match(link) if link else None
        # The envelope's `next` and the `Link` header name the same page.
        assert (match is None) == (body["next"] is None), (link, body["next"])
        following = match.group("url") if match else None
        assert following is None or following.endswith(f"cursor={body['next']}")
    return pages


def test_the_checkpoints_come_a_page_at_a_time_newest_first_to_the_end(region, api):
    sizes = checkpoints(region, 5)[::-1]
    client = api(region.delegate("TJK"))
    assert walk(client, "/api/v1/ledger/checkpoints?limit=2") == [sizes[0:2], sizes[2:4], sizes[4:]]
    assert walk(client, "/api/v1/ledger/checkpoints") == [sizes]  # 20 by default


def test_a_changed_checkpoints_cursor_is_422_invalid_cursor(region, api):
    checkpoints(region, 3)
    client = api(region.delegate("TJK"))
    link = client.get("/api/v1/ledger/checkpoints?limit=1").headers["Link"]
    url = LINK.match(link).group("url")  # type: ignore[union-attr]
    changed = url[:-2] + ("AA" if not url.endswith("AA") else "BB")
    response = client.get(changed)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_cursor"
    assert client.get("/api/v1/ledger/checkpoints?limit=101").status_code == 422


def test_a_page_of_checkpoints_costs_the_same_at_3_and_at_12(region, api, assert_queries):
    checkpoints(region, 3)
    client = api(region.delegate("TJK"))
    client.get("/api/v1/ledger/checkpoints?limit=2")
    with assert_queries(8) as few:
        client.get("/api/v1/ledger/checkpoints?limit=2")
    checkpoints(region, 9, first=3)
    with assert_queries(8) as many:
        assert len(client.get("/api/v1/ledger/checkpoints?limit=2").json()["items"]) == 2
    assert len(many) == len(few)

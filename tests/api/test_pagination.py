"""Cursor pagination of the lists (issue 18), through HTTP: pages in the list's order with a
`Link` to the next, an opaque cursor that a changed byte, another list or a bad limit turns
into 422 `invalid_cursor` with nothing changed, and a cursor replayed by a third state that
gives it its own rows only and tells it nothing of the others'."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django.test import Client

from accord.dialogue import services
from accord.dialogue.models import Concern

pytestmark = pytest.mark.django_db

LINK = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')
INVALID_CURSOR = (
    "This cursor was not given by this list, or it was changed: start again from the first page."
)


def ledger_count() -> int:
    from accord.ledger.models import LedgerEntry

    return LedgerEntry.objects.count()


def raise_concerns(
    region: Any, count: int, *, visibility: str = "members", name: str = "Concern", **extra: Any
) -> list:
    return [
        services.raise_concern(
            actor=region.head("KAZ"),
            title=f"{name} {n}",
            summary="Why it matters.",
            category="terrorism",
            visibility=visibility,
            **extra,
        )
        for n in range(count)
    ]


def follow(client: Client, url: str) -> tuple[list[str], str | None]:
    """The public ids of one page (the envelope's `items`) and the address of the next (None
    on the last): `url` with the envelope's `next` cursor, which the `Link` header gives too."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"items", "next"}, body
    link = response.headers.get("Link")
    match = LINK.match(link) if link else None
    assert link is None or match is not None, link
    if body["next"] is None:
        assert link is None, link
        return [row["id"] for row in body["items"]], None
    assert match is not None and cursor_of(match.group("url")) == body["next"]
    return [row["id"] for row in body["items"]], with_cursor(url, body["next"])


def with_cursor(url: str, cursor: str) -> str:
    """`url` asking for the page after `cursor` (its filters kept, an earlier cursor replaced)."""
    base = re.sub(r"[?&]cursor=[^&]*", "", url)
    return f"{base}{'&' if '?' in base else '?'}cursor={cursor}"


def walk(client: Client, url: str) -> list[list[str]]:
    pages: list[list[str]] = []
    next_url: str | None = url
    while next_url is not None:
        ids, next_url = follow(client, next_url)
        pages.append(ids)
    return pages


def cursor_of(url: str) -> str:
    match = re.search(r"[?&]cursor=([A-Za-z0-9_-]+)", url)
    assert match is not None, url
    return match.group(1)


def test_concerns_come_a_page_at_a_time_newest_first_to_the_last_page(region, api):
    raised = raise_concerns(region, 7)
    pages = walk(api(region.delegate("KGZ")), "/api/v1/concerns?limit=3")
    newest_first = [c.public_id for c in reversed(raised)]
    assert pages == [newest_first[0:3], newest_first[3:6], newest_first[6:7]]


def test_the_first_page_holds_fifty_by_default_and_the_next_link_keeps_the_filters(region, api):
    raised = raise_concerns(region, 52)
    client = api(region.delegate("KGZ"))
    ids, next_url = follow(client, "/api/v1/concerns?status=raised")
    assert ids == [c.public_id for c in reversed(raised)][:50]
    assert next_url is not None and next_url.startswith("/api/v1/concerns?status=raised&cursor=")
    assert follow(client, next_url) == ([raised[1].public_id, raised[0].public_id], None)


def test_a_list_that_fits_one_page_has_no_next_link(region, api):
    raise_concerns(region, 2)
    response = api(region.delegate("KGZ")).get("/api/v1/concerns")
    assert len(response.json()["items"]) == 2
    assert response.json()["next"] is None
    assert "Link" not in response.headers


def test_a_page_size_outside_one_to_five_hundred_is_refused(region, api):
    client = api(region.delegate("KGZ"))
    for limit in ("0", "501", "-1", "many"):
        response = client.get(f"/api/v1/concerns?limit={limit}")
        assert response.status_code == 422, limit
        assert response.json()["errors"][0]["field"] == "limit"


def tampered(cursor: str) -> list[str]:
    """The cursor with one character changed, cut short, lengthened, and nothing like one."""
    flipped = cursor[:10] + ("A" if cursor[10] != "A" else "B") + cursor[11:]
    return [flipped, cursor[:-4], cursor + "AAAA", "AAAA", "A" * 400]


def test_a_changed_or_malformed_cursor_is_refused_and_changes_nothing(region, api):
    raise_concerns(region, 3)
    client = api(region.delegate("KGZ"))
    _, next_url = follow(client, "/api/v1/concerns?limit=1")
    assert next_url is not None
    before = (ledger_count(), Concern.objects.count())
    for cursor in tampered(cursor_of(next_url)):
        response = client.get(f"/api/v1/concerns?limit=1&cursor={cursor}")
        assert response.status_code == 422, cursor
        assert response.json() == {
            "detail": INVALID_CURSOR,
            "code": "invalid_cursor",
            "errors": [{"field": "cursor", "message": INVALID_CURSOR}],
        }
    assert (ledger_count(), Concern.objects.count()) == before


def test_a_cursor_of_one_list_is_refused_by_another(region, api):
    world_meeting = services.convene_meeting(
        actor=region.secretariat, title="Plenary", kind="ministerial",
        starts_at=_at(8), ends_at=_at(18), venue="Astana",
        participants=["KAZ", "KGZ", "TJK", "UZB"],
    )  # fmt: skip
    for n in range(2):
        services.deliver_intervention(
            actor=region.delegate("KGZ"), meeting_id=world_meeting.pk, kind="statement",
            text=f"Statement {n}.", language="en",
        )  # fmt: skip
    client = api(region.delegate("KGZ"))
    path = f"/api/v1/meetings/{world_meeting.public_id}/interventions?limit=1"
    _, next_url = follow(client, path)
    assert next_url is not None
    response = client.get(f"/api/v1/concerns?cursor={cursor_of(next_url)}")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_cursor"


def _at(hour: int) -> Any:
    from datetime import UTC, datetime

    return datetime(2030, 5, 10, hour, tzinfo=UTC)


def test_a_third_state_replaying_a_cursor_gets_only_its_own_rows_and_learns_nothing(region, api):
    """KAZ and UZB share restricted concerns; KAZ's cursor stops just after one of them.
    TJK, replaying it, gets exactly the rows it would get from its own cursor at that
    place (the open concerns older than it), and the cursor carries neither the hidden
    concern's id, key, title nor time."""
    open_old = raise_concerns(region, 2, name="Old")
    secret = raise_concerns(region, 2, visibility="restricted", restricted_to=["UZB"], name="Kept")
    open_new = raise_concerns(region, 1, name="New")
    kaz = api(region.head("KAZ"))
    first, next_url = follow(kaz, "/api/v1/concerns?limit=3")
    assert first == [open_new[0].public_id, secret[1].public_id, secret[0].public_id]
    assert next_url is not None
    cursor = cursor_of(next_url)

    tjk = api(region.head("TJK"))
    replayed = tjk.get(f"/api/v1/concerns?cursor={cursor}")
    assert replayed.status_code == 200
    assert [row["id"] for row in replayed.json()["items"]] == [
        open_old[1].public_id,
        open_old[0].public_id,
    ]
    own = walk(tjk, "/api/v1/concerns?limit=1")
    assert own == [[open_new[0].public_id], [open_old[1].public_id], [open_old[0].public_id]]

    sealed = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    hidden = secret[0]
    for clue in (hidden.public_id, f",{hidden.pk}]", hidden.title, hidden.raised_at.isoformat()):
        assert clue.encode() not in sealed
    assert str(hidden.raised_at.year).encode() not in sealed


def test_every_list_operation_declares_its_cursor_limit_and_next_link(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/concerns"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    cursor = parameters["cursor"]["schema"]["anyOf"][0]
    assert (cursor["maxLength"], cursor["pattern"]) == (512, "^[A-Za-z0-9_-]+$")
    assert parameters["limit"]["schema"]["maximum"] == 500
    assert parameters["limit"]["schema"]["default"] == 50
    assert "Link" in operation["responses"]["200"]["headers"]
    search = document["paths"]["/api/v1/search"]["get"]
    assert "Link" in search["responses"]["200"]["headers"]
    assert "next" in document["components"]["schemas"]["SearchOut"]["required"]


def test_search_results_come_a_page_at_a_time_of_each_kind(region, api):
    raised = raise_concerns(region, 3)
    client = api(region.delegate("KGZ"))
    first = client.get("/api/v1/search?q=Concern&limit=2").json()
    assert [c["id"] for c in first["concerns"]] == [raised[2].public_id, raised[1].public_id]
    assert first["interventions"] == []
    assert first["next"]["interventions"] is None
    more = first["next"]["concerns"]
    assert more.startswith("/api/v1/search?q=Concern&limit=2&kind=concerns&cursor=")
    second = client.get(more).json()
    assert [c["id"] for c in second["concerns"]] == [raised[0].public_id]
    assert second["next"] == {"concerns": None, "interventions": None, "documents": None}
    # A cursor belongs to one kind's results: without `kind` it is refused.
    refused = client.get(f"/api/v1/search?q=Concern&cursor={cursor_of(more)}")
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_cursor"

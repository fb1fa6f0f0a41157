"""Search results come a page at a time (issue 18): following each kind's `next` link from
the first page to the last, a reader sees every hit it may see exactly once — concerns,
interventions and documents, some of each restricted to states the reader is not one of —
and the last page has no `next`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from accord.dialogue import services as dialogue
from accord.negotiation import services as negotiation

KINDS = ("concerns", "interventions", "documents")


def _hits(region: Any) -> dict[str, dict[str, list[str]]]:
    """Seven of each kind hold the word; every third is restricted to KAZ and UZB."""
    seen: dict[str, dict[str, list[str]]] = {"TJK": {k: [] for k in KINDS}}
    seen["UZB"] = {k: [] for k in KINDS}
    meeting = dialogue.convene_meeting(
        actor=region.secretariat, title="Plenary", kind="ministerial",
        starts_at=datetime(2030, 5, 10, 8, tzinfo=UTC),
        ends_at=datetime(2030, 5, 10, 18, tzinfo=UTC),
        participants=["KAZ", "KGZ", "TJK", "UZB"], venue="Astana",
    )  # fmt: skip
    for n in range(7):
        secret = n % 3 == 0
        concern = dialogue.raise_concern(
            actor=region.head("KAZ"), title=f"Glacier melt {n}", summary="Rivers run low.",
            category="climate", visibility="restricted" if secret else "participants",
            restricted_to=["UZB"] if secret else [],
        )  # fmt: skip
        words = dialogue.deliver_intervention(
            actor=region.head("KAZ"), meeting_id=meeting.pk, kind="statement",
            text=f"The glacier {n} feeds our rivers.", language="en",
        )  # fmt: skip
        document = negotiation.create_draft(
            actor=region.chair, kind="joint-statement", title=f"Glacier statement {n}",
            paragraphs=[{"kind": "operative", "text": "The participants protect glaciers."}],
            **({"visibility": "restricted", "states": ["KAZ", "UZB"]} if secret else {}),
        )  # fmt: skip
        for state in ("TJK", "UZB"):
            if state == "UZB" or not secret:
                seen[state]["concerns"].append(concern.public_id)
                seen[state]["documents"].append(document.public_id)
            seen[state]["interventions"].append(words.public_id)
    return seen


def _walk(client: Any, kind: str) -> tuple[list[str], int]:
    """Every id on every page of `kind`, following `next` from the first page."""
    ids: list[str] = []
    url: str | None = "/api/v1/search?q=glacier&limit=2"
    pages = 0
    while url is not None:
        answer = client.get(url)
        assert answer.status_code == 200, answer.content
        body = answer.json()
        ids += [row["id"] for row in body[kind]]
        assert len(body[kind]) <= 2
        url = body["next"][kind]
        pages += 1
    return ids, pages


def test_following_the_cursors_shows_every_hit_exactly_once(region: Any, api: Any) -> None:
    seen = _hits(region)
    for state in ("TJK", "UZB"):
        client = api(region.head(state))
        for kind in KINDS:
            ids, pages = _walk(client, kind)
            expected = list(reversed(seen[state][kind]))  # newest first
            assert ids == expected, (state, kind)
            assert len(set(ids)) == len(ids)
            assert pages == (len(expected) + 1) // 2, (state, kind)

"""DESIGN §2 rule 5 walked through every endpoint of the dialogue, as every role.

For each person of the region (each head and delegate, the observer, the dialogue
partner, the secretariat, the chair) and for an anonymous caller: no list, read, search,
export, calendar or error message carries a secret the person's state is not party to,
and every request about a hidden object answers exactly (status and body) as the same
request about an id that does not exist. Refused writes change nothing.
"""

from __future__ import annotations

import json
import re

import pytest
from dialogue_api_fixtures import SECRETS, at, build

from accord.dialogue.models import Bilateral, Concern, Intervention, Meeting
from accord.ledger.models import LedgerEntry

ABSENT = "zzz_" + "a" * 26  # a well-formed public id that names nothing


def _table_counts() -> dict[str, int]:
    return {
        "concerns": Concern.objects.count(),
        "meetings": Meeting.objects.count(),
        "interventions": Intervention.objects.count(),
        "bilaterals": Bilateral.objects.count(),
        "ledger": LedgerEntry.objects.count(),
    }


def _reads(world) -> list[str]:
    p = world.plenary.public_id
    return [
        "/api/v1/concerns",
        "/api/v1/concerns?status=raised",
        "/api/v1/concerns?member=UZB",
        "/api/v1/concerns?category=borders",
        "/api/v1/meetings",
        "/api/v1/meetings?kind=bilateral",
        "/api/v1/bilaterals",
        f"/api/v1/bilaterals?meeting={p}",
        f"/api/v1/meetings/{p}",
        f"/api/v1/meetings/{p}/agenda",
        f"/api/v1/meetings/{p}/speakers",
        f"/api/v1/meetings/{p}/interventions",
        f"/api/v1/meetings/{p}/documents",
        f"/api/v1/meetings/{p}/summary",
        f"/api/v1/meetings/{p}/summary.md",
        f"/api/v1/meetings/{p}/calendar.ics",
        "/api/v1/search?q=SECRETCONCERN",
        "/api/v1/search?q=SECRETMEETING",
        "/api/v1/search?q=SECRETBILATERAL",
        "/api/v1/search?q=secret",
        "/api/v1/ledger/export",
    ]


def _probes(kind: str, oid: int, world) -> list[tuple[str, str, dict | None]]:
    """Every request that names an object of `kind` by id."""
    if kind == "concern":
        return [
            ("get", f"/api/v1/concerns/{oid}", None),
            ("post", f"/api/v1/concerns/{oid}/co-sponsors", {}),
            ("post", f"/api/v1/concerns/{oid}/status", {"to": "on_agenda"}),
            ("post", f"/api/v1/meetings/{world.plenary.public_id}/agenda", {"concern": oid}),
        ]
    if kind == "meeting":
        reads = [
            "",
            "/agenda",
            "/speakers",
            "/interventions",
            "/documents",
            "/summary",
            "/summary.md",
            "/calendar.ics",
        ]
        return [("get", f"/api/v1/meetings/{oid}{suffix}", None) for suffix in reads] + [
            (
                "post",
                f"/api/v1/meetings/{oid}/interventions",
                {"kind": "statement", "text": "x", "language": "en"},
            ),
            ("post", f"/api/v1/meetings/{oid}/agenda", {"title": "x"}),
            ("post", f"/api/v1/meetings/{oid}/agenda/adopt", {}),
            ("post", f"/api/v1/meetings/{oid}/speakers", {"item": "item_" + "a" * 26}),
            ("post", f"/api/v1/meetings/{oid}/speakers/flr_{'a' * 26}/floor", {}),
            (
                "post",
                f"/api/v1/meetings/{oid}/documents",
                {"title": "x", "language": "en", "body": "x"},
            ),
            (
                "post",
                "/api/v1/bilaterals",
                {
                    "meeting": oid,
                    "counterpart": "KAZ",
                    "subject": "x",
                    "slots": [
                        {
                            "starts_at": at(9, day=12).isoformat(),
                            "ends_at": at(10, day=12).isoformat(),
                        }
                    ],
                },
            ),
        ]
    if kind == "bilateral":
        return [
            ("get", f"/api/v1/bilaterals/{oid}", None),
            ("post", f"/api/v1/bilaterals/{oid}/accept", {"slot": "slot_" + "a" * 26}),
            ("post", f"/api/v1/bilaterals/{oid}/decline", {"reason": ""}),
        ]
    if kind == "intervention":
        return [
            (
                "post",
                f"/api/v1/meetings/{world.plenary.public_id}/interventions",
                {
                    "kind": "reply",
                    "text": "x",
                    "language": "en",
                    "item": world.item.public_id,
                    "in_reply_to": oid,
                },
            ),
        ]
    raise AssertionError(kind)


def _send(client, method: str, path: str, body: dict | None):
    if method == "get":
        return client.get(path)
    return client.post(path, data=json.dumps(body or {}), content_type="application/json")


def _swap(path: str, body: dict | None, oid: str, kind: str) -> tuple[str, dict | None]:
    """The same request, naming an absent id wherever it named `oid`.

    An intervention is named only in the body: the path's meeting id may equal it by
    coincidence (PostgreSQL does not restart ids between tests) and must stay.
    """
    if kind != "intervention":
        path = re.sub(rf"/{oid}(?=/|$|\?|\.)", f"/{ABSENT}", path)
    if body is not None:
        body = {
            k: ABSENT if v == oid and k in ("concern", "meeting", "in_reply_to") else v
            for k, v in body.items()
        }
    return path, body


def test_every_endpoint_as_every_role_hides_what_it_must(region, api):
    world = build(region)
    hidden_objects = {
        "SECRETCONCERN": [("concern", world.secret_concern.public_id)],
        "SECRETMEETING": [
            ("meeting", world.secret_meeting.public_id),
            ("intervention", world.secret_meeting_intervention.public_id),
        ],
        "SECRETBILATERAL": [
            ("bilateral", world.bilateral.public_id),
            ("meeting", world.bilateral.session.public_id),
            ("intervention", world.bilateral_intervention.public_id),
        ],
    }
    callers = [*region.everyone(), None]
    assert len(callers) == 15
    walked = 0
    for user in callers:
        client = api(user)
        state = user.state_id if user is not None else None
        hidden = [s for s, states in SECRETS.items() if state not in states]
        seen = [s for s in SECRETS if s not in hidden]
        who = user.username if user else "anonymous"

        for path in _reads(world):
            response = client.get(path)
            walked += 1
            if user is None:
                assert response.status_code == 401, (who, path)
                continue
            assert response.status_code == 200, (who, path)
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode()
            for secret in hidden:
                assert secret not in body, (who, path, secret)
        if user is not None:
            listing = client.get("/api/v1/search?q=secret").json()
            found = json.dumps(listing)
            for secret in seen:
                assert secret in found, (who, secret)

        before = _table_counts()
        for secret in hidden if user is not None else list(SECRETS):
            for kind, oid in hidden_objects[secret]:
                for method, path, body in _probes(kind, oid, world):
                    answer = _send(client, method, path, body)
                    absent_path, absent_body = _swap(path, body, oid, kind)
                    absent = _send(client, method, absent_path, absent_body)
                    walked += 1
                    assert answer.status_code == absent.status_code, (who, path)
                    assert answer.content == absent.content, (who, path, answer.content)
                    # 404 where the object is named; 401 or 403 when refused before any lookup.
                    assert answer.status_code in (401, 403, 404), (who, path)
                    for other in SECRETS:
                        assert other not in answer.content.decode()
        assert _table_counts() == before, who

        if user is not None:
            # The personal calendar feed: its secret address needs no other credential.
            url = client.post("/api/v1/calendar/feed").json()["url"]
            feed = api(None).get(url.replace("http://testserver", ""))
            assert feed.status_code == 200
            assert feed["Content-Type"].startswith("text/calendar")
            text = feed.content.decode()
            for secret in hidden:
                assert secret not in text, (who, "calendar feed", secret)
            assert ("SECRETBILATERAL" in text) == ("SECRETBILATERAL" in seen)
    assert walked > 600


def test_a_wrong_calendar_address_answers_like_no_address(region, api):
    anonymous = api(None)
    wrong = anonymous.get("/calendar/not-a-token.ics")
    other = anonymous.get("/calendar/also-wrong.ics")
    assert wrong.status_code == other.status_code == 404
    assert wrong.content == other.content


@pytest.mark.parametrize(
    "username", ["tjk-head", "secretariat", "chair", "mng-head", "uno-delegate"]
)
def test_outsiders_see_their_calendar_without_the_bilateral(region, api, username):
    world = build(region)
    user = region.people[username]
    meetings = {m["id"] for m in api(user).get("/api/v1/meetings").json()["items"]}
    assert world.bilateral.session.public_id not in meetings
    assert world.plenary.public_id in meetings

"""Issue 11: a meeting title holding a newline made its calendar answer 500 on every call.
Control characters (line breaks where one line is expected, BEL, ESC, C1) and bidi
overrides are refused wherever text is accepted — the API, the pages, the services behind
the CLI — and multi-line text has its line breaks normalised."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from accord.dialogue import services as dialogue
from accord.dialogue.models import Concern, Meeting
from accord.ledger.models import LedgerEntry

BAD = {
    "newline": "Ministerial\nmeeting",
    "carriage return": "Ministerial\rmeeting",
    "BEL": "Ministerial\x07meeting",
    "ESC": "Ministerial\x1b[31mmeeting",
    "C1 NEL": "Ministerial\x85meeting",
    "right-to-left override": "Ministerial\u202emeeting",
    "first strong isolate": "Ministerial\u2068meeting",
}


def _at(hour: int) -> str:
    return datetime(2031, 3, 22, hour, tzinfo=UTC).isoformat()


def _post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def _meeting(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "kind": "ministerial",
        "starts_at": _at(9),
        "ends_at": _at(17),
        "venue": "Guilin",
        "participants": ["KAZ", "KGZ"],
    }


@pytest.mark.parametrize("title", BAD.values(), ids=BAD.keys())
def test_a_meeting_title_with_a_control_character_is_refused_and_nothing_is_made(
    region, api, title
) -> None:
    client = api(region.secretariat)
    before = (Meeting.objects.count(), LedgerEntry.objects.count())
    response = _post(client, "/api/v1/meetings", _meeting(title))
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["title"]
    assert (Meeting.objects.count(), LedgerEntry.objects.count()) == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/concerns",
            {"title": "Water", "summary": "Rivers\x1b.", "category": "borders"},
            "summary",
        ),
        ("/api/v1/consultations", {"title": "Water\u202d", "kind": "state"}, "title"),
        ("/api/v1/hotline/messages", {"to": "KGZ", "body": "Call\x07 now"}, "body"),
        (
            "/api/v1/documents",
            {
                "kind": "joint-statement",
                "title": "Joint\nstatement",
                "paragraphs": [{"kind": "operative", "text": "Agreed."}],
            },
            "title",
        ),
        (
            "/api/v1/auth/token",
            {"username": "kaz-head\u2066", "password": "x"},
            "username",
        ),
    ],
)
def test_control_characters_are_refused_in_every_kind_of_text(
    region, api, path, body, field
) -> None:
    client = api(region.head("KAZ"))
    before = LedgerEntry.objects.count()
    response = _post(client, path, body)
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert LedgerEntry.objects.count() == before


def test_multi_line_text_keeps_its_lines_with_crlf_made_lf(region, api) -> None:
    response = _post(
        api(region.head("KAZ")),
        "/api/v1/concerns",
        {"title": "Water", "summary": "First line\r\nSecond\rThird\tend", "category": "borders"},
    )
    assert response.status_code == 201, response.content
    assert (
        Concern.objects.get(public_id=response.json()["id"]).summary
        == "First line\nSecond\nThird\tend"
    )


def test_the_services_refuse_them_too_for_the_pages_and_the_cli(region) -> None:
    from accord.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="title: a single line"):
        dialogue.raise_concern(
            actor=region.head("KAZ"),
            title="Water\nrights",
            summary="Rivers.",
            category="borders",
        )


def test_a_page_form_with_a_control_character_is_refused(region) -> None:
    client = Client()
    client.force_login(region.delegate("KAZ"))
    before = Concern.objects.count()
    response = client.post(
        "/concerns/raise/",
        {"title": "Water\x07", "summary": "Rivers.", "category": "borders"},
    )
    assert response.status_code == 400
    assert Concern.objects.count() == before


def test_the_calendar_of_a_legacy_meeting_whose_title_holds_controls_still_renders(
    region, api
) -> None:
    """The row was saved before titles were checked: its calendar must not answer 500."""
    meeting = dialogue.convene_meeting(
        actor=region.secretariat,
        title="Ministerial meeting",
        kind="ministerial",
        starts_at=datetime(2031, 3, 22, 9, tzinfo=UTC),
        ends_at=datetime(2031, 3, 22, 17, tzinfo=UTC),
        venue="Guilin",
        participants=["KAZ", "KGZ"],
        sittings=[("Morning", datetime(2031, 3, 22, 9, tzinfo=UTC), _dt(12))],
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        title="Ministerial\nmeeting\x07 \u202eon water", venue="Guilin\r\nHall 2"
    )
    response = api(region.head("KAZ")).get(f"/api/v1/meetings/{meeting.public_id}/calendar.ics")
    assert response.status_code == 200, response.content
    calendar = Calendar.from_ical(response.content)
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries == [
        "Ministerial\nmeeting on water",
        "Ministerial\nmeeting on water: Morning",
    ]
    # An X- property is read back as written: the line break escaped, as RFC 5545 wants.
    assert b"X-WR-CALNAME:Ministerial\\nmeeting on water\r\n" in response.content
    assert all(b"\x07" not in line and len(line) <= 75 for line in response.content.split(b"\r\n"))


def _dt(hour: int) -> datetime:
    return datetime(2031, 3, 22, hour, tzinfo=UTC)

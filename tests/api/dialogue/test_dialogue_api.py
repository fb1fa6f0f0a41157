"""The dialogue through HTTP: statuses, shapes and error bodies."""

from __future__ import annotations

import json

from dialogue_api_fixtures import at, build
from icalendar import Calendar

from accord.dialogue.models import Concern, Meeting
from accord.ledger.models import LedgerEntry


def _post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_a_delegate_raises_and_the_chair_moves_a_concern(region, api):
    created = _post(
        api(region.delegate("UZB")),
        "/api/v1/concerns",
        {
            "title": "Afghan border",
            "summary": "Crossings.",
            "category": "terrorism",
            "affected_states": ["TJK"],
            "visibility": "participants",
        },
    )
    assert created.status_code == 201
    concern = created.json()
    assert (concern["status"], concern["raised_by_state"], concern["affected_states"]) == (
        "raised",
        "UZB",
        ["TJK"],
    )
    cid = concern["id"]
    assert _post(api(region.head("KGZ")), f"/api/v1/concerns/{cid}/co-sponsors", {}).json()[
        "co_sponsors"
    ] == ["KGZ"]
    moved = _post(api(region.chair), f"/api/v1/concerns/{cid}/status", {"to": "on_agenda"})
    assert moved.json()["status"] == "on_agenda"
    refused = _post(api(region.chair), f"/api/v1/concerns/{cid}/status", {"to": "closed"})
    assert refused.status_code == 409
    assert "cannot go from on_agenda to closed" in refused.json()["detail"]
    forbidden = _post(
        api(region.head("TJK")), f"/api/v1/concerns/{cid}/status", {"to": "under_dialogue"}
    )
    assert forbidden.status_code == 403
    assert Concern.objects.get(public_id=cid).status == "on_agenda"


def test_bad_input_gets_a_clear_4xx_and_changes_nothing(region, api):
    world = build(region)
    chair, kgz = api(region.chair), api(region.head("KGZ"))
    meeting = {
        "title": "x",
        "kind": "summit",
        "starts_at": at(10, day=20).isoformat(),
        "ends_at": at(9, day=20).isoformat(),
        "venue": "Astana",
        "participants": ["KAZ"],
    }
    cases = [
        (chair, "/api/v1/meetings", meeting, 422, "ends before it starts"),
        (
            kgz,
            f"/api/v1/meetings/{world.plenary.public_id}/interventions",
            {"kind": "reply", "text": "No.", "language": "en", "item": world.item.public_id},
            422,
            "names the intervention it answers",
        ),
        (
            chair,
            f"/api/v1/meetings/{world.plenary.public_id}/agenda",
            {"concern": "con_" + "a" * 26},
            404,
            "No such concern",
        ),
        (
            kgz,
            "/api/v1/bilaterals",
            {
                "meeting": world.plenary.public_id,
                "counterpart": "KGZ",
                "subject": "x",
                "slots": [{"starts_at": at(13).isoformat(), "ends_at": at(14).isoformat()}],
            },
            422,
            "with itself",
        ),
        (
            kgz,
            "/api/v1/bilaterals",
            {
                "meeting": world.plenary.public_id,
                "counterpart": "IND",
                "subject": "x",
                "slots": [{"starts_at": at(13).isoformat(), "ends_at": at(14).isoformat()}],
            },
            422,
            "IND is not at this meeting",
        ),
        (
            kgz,
            "/api/v1/bilaterals",
            {
                "meeting": world.plenary.public_id,
                "counterpart": "TJK",
                "subject": "x",
                "slots": [{"starts_at": at(19).isoformat(), "ends_at": at(20).isoformat()}],
            },
            422,
            "outside the meeting",
        ),
        (
            kgz,
            "/api/v1/concerns",
            {"title": "x", "summary": "y", "category": "nope"},
            422,
            "category",
        ),
        (kgz, "/api/v1/concerns", {"title": "x"}, 422, "summary"),
    ]
    for client, path, body, status, named in cases:
        before = (LedgerEntry.objects.count(), Meeting.objects.count(), Concern.objects.count())
        answer = _post(client, path, body)
        assert answer.status_code == status, (path, answer.content)
        assert named in json.dumps(answer.json()), (path, answer.json())
        after = (LedgerEntry.objects.count(), Meeting.objects.count(), Concern.objects.count())
        assert after == before, path


def test_the_chair_can_put_on_the_agenda_a_concern_it_may_not_see_no_more_than_an_absent_one(
    region, api
):
    world = build(region)
    # The chair's state is KAZ, party to the secret concern: use a concern KAZ cannot see.
    hidden = _post(
        api(region.head("UZB")),
        "/api/v1/concerns",
        {
            "title": "t",
            "summary": "s",
            "category": "other",
            "visibility": "restricted",
            "restricted_to": ["TJK"],
        },
    ).json()["id"]
    chair = api(region.chair)
    answer = _post(chair, f"/api/v1/meetings/{world.plenary.public_id}/agenda", {"concern": hidden})
    absent = _post(
        chair, f"/api/v1/meetings/{world.plenary.public_id}/agenda", {"concern": "con_" + "a" * 26}
    )
    assert (answer.status_code, answer.json()) == (absent.status_code, absent.json())
    assert answer.json() == {"detail": "No such concern.", "code": "not_found"}


def test_meeting_agenda_interventions_and_calendar(region, api):
    world = build(region)
    client = api(region.observer)
    agenda = client.get(f"/api/v1/meetings/{world.plenary.public_id}/agenda").json()
    assert agenda["adopted"] is True
    assert [i["title"] for i in agenda["items"]] == ["Glaciers OPENWORD"]
    spoken = client.get(f"/api/v1/meetings/{world.plenary.public_id}/interventions").json()["items"]
    assert [(i["state"], i["kind"], i["language"]) for i in spoken] == [("TJK", "statement", "en")]
    ics = client.get(f"/api/v1/meetings/{world.plenary.public_id}/calendar.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(ics.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert [str(e["summary"]) for e in events] == [
        "Ministerial meeting",
        "Ministerial meeting: Morning",
        "Ministerial meeting: Afternoon",
    ]
    assert events[0].decoded("dtstart").utcoffset().total_seconds() in (5 * 3600, 6 * 3600)
    summary = client.get(f"/api/v1/meetings/{world.plenary.public_id}/summary.md").content.decode()
    assert "Glaciers OPENWORD feed our rivers." in summary


def test_a_bilateral_through_the_api(region, api):
    world = build(region)
    kaz = api(region.head("KAZ"))
    asked = _post(
        kaz,
        "/api/v1/bilaterals",
        {
            "meeting": world.plenary.public_id,
            "counterpart": "TJK",
            "subject": "Transit",
            "slots": [
                {"starts_at": at(13, 30).isoformat(), "ends_at": at(14, 30).isoformat()},
                {"starts_at": at(18).isoformat(), "ends_at": at(18, 45).isoformat()},
            ],
        },
    )
    assert asked.status_code == 201
    bid = asked.json()["id"]
    slot = asked.json()["slots"][1]["id"]
    assert _post(kaz, f"/api/v1/bilaterals/{bid}/accept", {"slot": slot}).status_code == 403
    accepted = _post(
        api(region.delegate("TJK")), f"/api/v1/bilaterals/{bid}/accept", {"slot": slot}
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    session = accepted.json()["session"]
    assert api(region.head("TJK")).get(f"/api/v1/meetings/{session}").json()["kind"] == "bilateral"
    assert api(region.head("UZB")).get(f"/api/v1/meetings/{session}").status_code == 404


def test_search_finds_what_the_caller_may_see(region, api):
    build(region)
    found = api(region.head("TJK")).get("/api/v1/search?q=glaciers").json()
    assert [c["title"] for c in found["concerns"]] == ["Glaciers OPENWORD"]
    assert [i["text"] for i in found["interventions"]] == ["Glaciers OPENWORD feed our rivers."]
    empty = api(region.head("TJK")).get("/api/v1/search?q=")
    assert empty.status_code == 422
    assert [e["field"] for e in empty.json()["errors"]] == ["q"]


def test_anonymous_callers_are_asked_to_sign_in(region, api):
    assert api(None).get("/api/v1/concerns").status_code == 401
    assert api(None).post("/api/v1/concerns").status_code == 401

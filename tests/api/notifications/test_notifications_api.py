"""The notifications and hotline API through HTTP: errors, confidentiality as every role."""

from __future__ import annotations

import json

import pytest

from accord.members.public_ids import new_public_id
from accord.notifications.models import Delivery, HotlineMessage, Notification


def post(client, path, body=None):
    return client.post(f"/api/v1{path}", json.dumps(body or {}), content_type="application/json")


def get(client, path):
    return client.get(f"/api/v1{path}")


@pytest.fixture
def sent(region, api, exercise):
    """A members-level notice from KAZ, a restricted one KAZ→KGZ, a KAZ→KGZ hotline message."""
    kaz = api(region.delegate("KAZ"))
    public = post(kaz, "/notifications", {"type": "exercise_notice", "content": exercise()})
    secret = post(
        kaz,
        "/notifications",
        {
            "type": "exercise_notice",
            "content": exercise(exercise_name="Secret Steppe"),
            "recipients": ["KGZ"],
        },
    )
    line = post(kaz, "/hotline/messages", {"to": "KGZ", "body": "Secret Steppe starts early"})
    assert (public.status_code, secret.status_code, line.status_code) == (201, 201, 201)
    return {"public": public.json(), "secret": secret.json(), "line": line.json()}


def test_the_types_are_listed_with_their_schemas(region, api):
    response = get(api(region.observer), "/notification-types")
    assert response.status_code == 200
    assert response.json()["next"] is None
    by_key = {t["key"]: t for t in response.json()["items"]}
    assert len(by_key) == 7
    assert by_key["explanation_request"]["reply_hours"] == 48
    assert by_key["exercise_notice"]["schema"]["order"] == [["starts_on", "ends_on"]]
    assert get(api(region.observer), "/notification-types/nope").json() == {
        "detail": "No notification type 'nope'.",
        "code": "not_found",
    }


def test_sending_returns_the_notification(region, sent):
    assert sent["public"]["visibility"] == "members"
    assert sent["public"]["recipients"] is None
    assert sent["secret"]["recipients"] == ["KGZ"]
    assert sent["line"]["from_state"] == "KAZ" and sent["line"]["delivered_at"] is None


@pytest.mark.parametrize(
    ("fields", "detail"),
    [
        (
            {"starts_on": "2021-09-25", "ends_on": "2021-09-11"},
            "ends_on: 2021-09-11 is before starts_on (2021-09-25): dates reversed",
        ),
        ({"area": [{"lat": 10, "lon": 200}]}, "area[0].lon: 200 is out of range (-180 to 180)"),
        ({"forces": {"cavalry": 5}}, "forces: unknown force category cavalry"),
    ],
)
def test_content_failing_its_schema_is_422_and_changes_nothing(
    region, api, exercise, changes, fields, detail
):
    client = api(region.delegate("KAZ"))  # issuing its token is itself on the ledger
    before = changes()
    response = post(
        client,
        "/notifications",
        {"type": "exercise_notice", "content": exercise(**fields)},
    )
    assert response.status_code == 422
    assert detail in response.json()["detail"]
    assert changes() == before


def test_acknowledgement_errors_are_clear_and_change_nothing(region, api, sent, changes):
    public = sent["public"]["id"]
    kgz = api(region.delegate("KGZ"))
    assert post(kgz, f"/notifications/{public}/acknowledgements").status_code == 201
    kgz_head, kaz_head = api(region.head("KGZ")), api(region.head("KAZ"))
    before = changes()
    again = post(kgz_head, f"/notifications/{public}/acknowledgements")
    assert again.status_code == 409
    assert again.json()["detail"].startswith(f"KGZ already acknowledged notification {public} on ")
    sender = post(kaz_head, f"/notifications/{public}/acknowledgements")
    assert sender.status_code == 403
    assert sender.json()["detail"].startswith(f"KAZ is not a recipient of notification {public}")
    assert changes() == before


def test_a_hotline_message_to_oneself_is_422_and_changes_nothing(region, api, changes):
    client = api(region.delegate("UZB"))
    before = changes()
    response = post(client, "/hotline/messages", {"to": "UZB", "body": "x"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "to: UZB cannot send a hotline message to itself.",
        "code": "invalid_input",
        "errors": [{"field": "to", "message": "UZB cannot send a hotline message to itself."}],
    }
    assert changes() == before


def test_the_board_is_for_the_sender_and_the_secretariat(region, api, sent):
    path = f"/notifications/{sent['public']['id']}/acknowledgements"
    post(api(region.delegate("TJK")), path)
    for user in (region.delegate("KAZ"), region.secretariat):
        rows = get(api(user), path).json()["items"]
        assert [(r["state"], r["status"]) for r in rows] == [
            ("KGZ", "pending"),
            ("TJK", "acknowledged"),
            ("UZB", "pending"),
        ]
    assert get(api(region.delegate("UZB")), path).status_code == 403


def test_receipts_reach_the_sender(region, api, sent):
    line = sent["line"]["id"]
    kgz = api(region.delegate("KGZ"))
    read = post(kgz, f"/hotline/messages/{line}/receipts", {"receipt": "read"})
    assert read.status_code == 200
    seen = get(api(region.delegate("KAZ")), f"/hotline/messages/{line}").json()
    assert seen["delivered_at"] is not None and seen["read_at"] is not None
    bad = post(kgz, f"/hotline/messages/{line}/receipts", {"receipt": "maybe"})
    assert bad.status_code == 422


def test_the_duty_view_lists_what_awaits_the_state(region, api, sent):
    duty = get(api(region.delegate("KGZ")), "/duty").json()
    assert sorted(n["id"] for n in duty["to_acknowledge"]) == sorted(
        [sent["public"]["id"], sent["secret"]["id"]]
    )
    assert [m["id"] for m in duty["hotline_unread"]] == [sent["line"]["id"]]
    assert get(api(region.delegate("TJK")), "/duty").json()["hotline_unread"] == []


def test_the_exports_are_json_and_icalendar(region, api, sent):
    kgz = api(region.delegate("KGZ"))
    exported = get(kgz, "/notifications/export?format=json").json()["notifications"]
    assert [n["subject"] for n in exported] == ["Secret Steppe", "Peace Mission 2021"]
    calendar = get(kgz, "/notifications/export?format=ics")
    assert calendar["Content-Type"] == "text/calendar; charset=utf-8"
    text = calendar.content.decode()
    assert text.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20210911" in text and "DTEND;VALUE=DATE:20210926" in text


OUTSIDERS = ["tjk-head", "tjk-delegate", "uzb-delegate", "secretariat", "mng-head", "uno-delegate"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_an_outsider_never_meets_the_restricted_notice_or_the_hotline(region, api, sent, who):
    client = api(region.people[who])
    secret, line = sent["secret"]["id"], sent["line"]["id"]
    absent_notice, absent_line = new_public_id("ntf"), new_public_id("hot")
    for path in (
        "/notifications",
        "/notifications?q=Secret",
        "/notifications/export?format=json",
        "/notifications/export?format=ics",
        "/hotline/messages",
        "/duty",
        "/hotline/messages?state=KAZ",
    ):
        response = get(client, path)
        assert response.status_code == 200, path
        assert "Secret Steppe" not in response.content.decode(), (who, path)
    for hidden, absent in (
        (f"/notifications/{secret}", f"/notifications/{absent_notice}"),
        (
            f"/notifications/{secret}/acknowledgements",
            f"/notifications/{absent_notice}/acknowledgements",
        ),
        (f"/notifications/{secret}/replies", f"/notifications/{absent_notice}/replies"),
    ):
        a, b = get(client, hidden), get(client, absent)
        assert a.status_code == b.status_code == 404
        assert a.json() == b.json() == {"detail": "No such notification.", "code": "not_found"}
    a = get(client, f"/hotline/messages/{line}")
    b = get(client, f"/hotline/messages/{absent_line}")
    assert (a.status_code, b.status_code) == (404, 404)
    assert a.json() == {"detail": "No such hotline message.", "code": "not_found"}
    assert b.json() == a.json()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_an_outsiders_writes_on_hidden_objects_are_404_and_change_nothing(
    region, api, sent, changes, who
):
    client = api(region.people[who])
    secret, line = sent["secret"]["id"], sent["line"]["id"]
    before = changes()
    for path, body in (
        (f"/notifications/{secret}/acknowledgements", None),
        (f"/notifications/{secret}/replies", {"content": {"explanation": "x"}}),
        (f"/notifications/{secret}/meeting-request", None),
        (f"/hotline/messages/{line}/receipts", {"receipt": "read"}),
    ):
        assert post(client, path, body).status_code == 404, path
    assert changes() == before
    assert Notification.objects.count() == 2
    assert Delivery.objects.filter(acknowledged_at__isnull=False).count() == 0
    assert HotlineMessage.objects.filter(read_at__isnull=False).count() == 0


@pytest.mark.parametrize("who", ["kaz-head", "kaz-delegate", "kgz-head", "kgz-delegate", "chair"])
def test_the_parties_see_the_restricted_notice_and_the_hotline(region, api, sent, who):
    client = api(region.people[who])
    assert get(client, f"/notifications/{sent['secret']['id']}").status_code == 200
    assert get(client, f"/hotline/messages/{sent['line']['id']}").status_code == 200
    assert "Secret Steppe" in get(client, "/notifications?q=Secret").content.decode()


def test_anonymous_callers_get_401(region, api):
    for path in ("/notifications", "/hotline/messages", "/duty", "/notification-types"):
        assert get(api(None), path).status_code == 401

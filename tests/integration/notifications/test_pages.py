"""The pages: a form drawn from the schema, the duty view, the hotline, rule 5 as 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from accord.members.sign_in import SESSION_VERIFIED_KEY
from accord.notifications import hotline, services
from accord.notifications.models import Notification


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_VERIFIED_KEY] = True  # heads and the chair signed in with their code
    session.save()
    return client


@pytest.fixture
def secret(region, exercise):
    return services.send_notification(
        actor=region.delegate("KAZ"),
        type_key="exercise_notice",
        content=exercise(exercise_name="Secret Steppe"),
        recipients=["KGZ"],
    )


def test_the_form_shows_the_schemas_errors_on_their_fields_and_sends_nothing(region, changes):
    client = client_for(region.delegate("KAZ"))
    before = changes()
    response = client.post(
        "/notifications/new/exercise_notice/",
        {
            "exercise_name": "Steppe Shield",
            "starts_on": "2021-12-20",
            "ends_on": "2021-12-10",
            "area": "54.9, 61.4\n95, 62",
            "forces__personnel": "300",
            "purpose": "Training",
            "send_to": "members",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ends_on: 2021-12-10 is before starts_on (2021-12-20): dates reversed" in page
    assert "area[1].lat: 95 is out of range (-90 to 90)" in page
    assert changes() == before


def test_the_form_sends_to_named_states(region):
    response = client_for(region.delegate("KAZ")).post(
        "/notifications/new/exercise_notice/",
        {
            "exercise_name": "Steppe Shield",
            "starts_on": "2021-12-10",
            "ends_on": "2021-12-20",
            "area": "54.9, 61.4",
            "forces__personnel": "300",
            "purpose": "Training",
            "send_to": "named",
            "recipients": ["KGZ"],
        },
    )
    sent = Notification.objects.get()
    assert response["Location"] == f"/notifications/{sent.public_id}/"
    assert sent.audience.states == frozenset({"KAZ", "KGZ"})
    assert sent.content["forces"] == {"personnel": 300}


def test_the_duty_view_shows_the_hotline_first_and_marks_it_delivered(region, secret):
    message = hotline.send_hotline_message(
        actor=region.delegate("KAZ"), to_state="KGZ", body="Call us now."
    )
    page = client_for(region.delegate("KGZ")).get("/duty/").content.decode()
    assert 'hx-trigger="accord:hotline.message_sent from:body' in page
    assert page.index("Call us now.") < page.index("Secret Steppe")
    message.refresh_from_db()
    assert message.delivered_to == region.delegate("KGZ")
    assert "<script>" not in page and "style=" not in page  # CSP: no inline script or style


@pytest.mark.parametrize("who", ["tjk-delegate", "secretariat", "mng-head", "uno-head"])
def test_outsiders_get_the_plain_404_and_no_trace_in_lists_or_exports(region, secret, who):
    hotline.send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body="Call us now.")
    client = client_for(region.people[who])
    hidden = client.get(f"/notifications/{secret.public_id}/")
    absent = client.get(f"/notifications/{secret.pk + 1000}/")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.content == absent.content
    for path in (
        "/notifications/?q=Secret",
        "/notifications/export.json",
        "/notifications/export.ics",
        "/duty/",
        "/duty/panel/",
        "/hotline/",
    ):
        body = client.get(path).content.decode()
        assert "Secret Steppe" not in body and "Call us now." not in body, path


def test_the_chair_convenes_from_the_request_page(region, request_for_explanation):
    request = services.send_notification(
        actor=region.delegate("KGZ"),
        type_key="explanation_request",
        content=request_for_explanation(),
        recipients=["UZB"],
    )
    services.request_meeting(
        actor=region.delegate("KGZ"),
        notification_id=request.pk,
        now=request.reply_due_at + timedelta(minutes=1),
    )
    chair = client_for(region.chair)
    assert (
        "Convene a meeting with this request"
        in chair.get(f"/notifications/{request.public_id}/").content.decode()
    )
    starts = request.reply_due_at + timedelta(days=3)
    chair.post(
        f"/notifications/{request.public_id}/convene/",
        {
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "venue": "Bishkek",
        },
    )
    request.refresh_from_db()
    assert request.meeting_reference != ""


def test_the_form_takes_a_chinese_full_width_comma_between_latitude_and_longitude(region):
    client_for(region.delegate("KAZ")).post(
        "/notifications/new/exercise_notice/",
        {
            "exercise_name": "Steppe Shield",
            "starts_on": "2021-12-10",
            "ends_on": "2021-12-20",
            "area": "54.9，61.4\n55.1, 61.9",
            "forces__personnel": "300",
            "purpose": "Training",
            "send_to": "members",
        },
    )
    sent = Notification.objects.get()
    assert sent.content["area"] == [{"lat": 54.9, "lon": 61.4}, {"lat": 55.1, "lon": 61.9}]

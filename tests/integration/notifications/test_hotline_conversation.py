"""The hotline page as conversations: a thread per counterpart state, refreshed by htmx into
the thread alone (the reply box is never re-rendered), and nothing of it for a third state."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

from accord.members.sign_in import SESSION_VERIFIED_KEY
from accord.notifications import hotline

DUTY_JS = Path(__file__).parents[3] / "src/accord/notifications/static/notifications/duty.js"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session.save()
    return client


def _exchange(region) -> None:
    hotline.send_hotline_message(actor=region.head("KAZ"), to_state="KGZ", body="To Bishkek.")
    hotline.send_hotline_message(actor=region.head("KGZ"), to_state="KAZ", body="From Bishkek.")
    hotline.send_hotline_message(actor=region.head("KAZ"), to_state="UZB", body="To Tashkent.")


def test_each_counterpart_has_its_own_thread_oldest_first(region):
    _exchange(region)
    kaz = client_for(region.head("KAZ"))
    kgz_thread = kaz.get("/hotline/?with=KGZ").content.decode()
    assert kgz_thread.index("To Bishkek.") < kgz_thread.index("From Bishkek.")
    assert "To Tashkent." not in kgz_thread
    uzb_thread = kaz.get("/hotline/?with=UZB").content.decode()
    assert "To Tashkent." in uzb_thread and "Bishkek" not in uzb_thread
    # The counterparts list names each other member state, newest thread first.
    listing = uzb_thread[uzb_thread.index('id="hotline-counterparts"') :]
    assert listing.index("Uzbekistan") < listing.index("Kyrgyzstan") < listing.index("Tajikistan")


def test_the_thread_refreshes_alone_and_the_reply_box_is_outside_it(region):
    _exchange(region)
    page = client_for(region.head("KAZ")).get("/hotline/?with=KGZ").content.decode()
    thread = page[page.index('<div id="hotline-thread"') : page.index("</ol>\n</div>")]
    assert 'hx-get="/hotline/with/KGZ/"' in thread
    assert 'hx-trigger="accord:hotline.message_sent from:body' in thread
    assert "<textarea" not in thread and "<textarea" in page
    assert page.index("</ol>\n</div>") < page.index("<textarea")
    # The page no longer reloads itself on a hotline event (that wiped a half-typed message).
    assert "location.reload" not in DUTY_JS.read_text()
    partial = client_for(region.head("KAZ")).get("/hotline/with/KGZ/").content.decode()
    assert "From Bishkek." in partial and "<textarea" not in partial


def test_a_reply_goes_to_the_counterpart_of_the_thread(region):
    _exchange(region)
    response = client_for(region.head("KGZ")).post(
        "/hotline/?with=KAZ", {"to": "KAZ", "body": "Understood."}
    )
    assert response.status_code == 302 and response["Location"] == "/hotline/?with=KAZ"
    page = client_for(region.head("KAZ")).get("/hotline/?with=KGZ").content.decode()
    assert page.index("From Bishkek.") < page.index("Understood.")


def test_a_third_state_sees_no_thread_of_others(region):
    _exchange(region)
    tjk = client_for(region.head("TJK"))
    for path in ("/hotline/", "/hotline/?with=KGZ", "/hotline/with/KGZ/", "/hotline/with/KAZ/"):
        body = tjk.get(path).content.decode()
        assert "Bishkek" not in body and "Tashkent." not in body, path
    secretariat = client_for(region.secretariat).get("/hotline/").content.decode()
    assert "open to the delegations of member states only" in secretariat
    assert "Bishkek" not in secretariat

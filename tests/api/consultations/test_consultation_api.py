"""Consultations through HTTP: status codes, bad input changes nothing, confidentiality,
import errors, the analysis endpoint, and the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.consultations import recompute, services
from accord.consultations.models import Statement, Vote
from accord.ledger.models import LedgerEntry

SEEDS = ["Terrorism threatens the region.", "Outer space must stay free of weapons."]


@pytest.fixture(autouse=True)
def _sync_analysis(settings: Any) -> None:
    settings.ACCORD_ANALYSIS_MODE = "sync"
    recompute.forget_models()


def counts() -> tuple[int, int, int]:
    return Vote.objects.count(), Statement.objects.count(), LedgerEntry.objects.count()


def post(client: Any, path: str, body: Any) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def restricted(region: Any) -> Any:
    return services.create_consultation(
        actor=region.head("KAZ"),
        title="Border water",
        kind="state",
        visibility="restricted",
        states=["KAZ", "KGZ"],
        statements=SEEDS,
    )


def test_the_secretariat_creates_a_consultation_and_a_head_votes(region, api):
    created = post(
        api(region.secretariat),
        "/api/v1/consultations",
        {
            "title": "Concerns",
            "kind": "state",
            "visibility": "members",
            "statements": SEEDS,
        },
    )
    assert created.status_code == 201
    cid = created.json()["id"]
    head = api(region.head("UZB"))
    voted = post(head, f"/api/v1/consultations/{cid}/votes", {"statement": 1, "vote": "agree"})
    assert voted.status_code == 201
    assert voted.json() == {"statement": 1, "vote": "agree", "seat": 1, "state": "UZB"}
    again = post(head, f"/api/v1/consultations/{cid}/votes", {"statement": 1, "vote": "pass"})
    assert again.status_code == 201
    assert list(Vote.objects.values_list("value", flat=True)) == [0]
    statements = head.get(f"/api/v1/consultations/{cid}/statements").json()["items"]
    assert [s["number"] for s in statements] == [1, 2]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"statement": 1, "vote": "maybe"}, 422),
        ({"statement": 1}, 422),
        ({"statement": "one", "vote": "agree"}, 422),
        ({"statement": 99, "vote": "agree"}, 422),
        ({"statement": -1, "vote": "agree"}, 422),
    ],
)
def test_bad_votes_are_refused_and_change_nothing(region, api, body, status):
    c = services.create_consultation(
        actor=region.secretariat, title="C", kind="state", visibility="members", statements=SEEDS
    )
    head = api(region.head("UZB"))  # issuing the token is itself on the ledger
    before = counts()
    response = post(head, f"/api/v1/consultations/{c.public_id}/votes", body)
    assert response.status_code == status
    assert counts() == before


def test_a_delegate_not_named_gets_403_and_nothing_changes(region, api):
    c = services.create_consultation(
        actor=region.secretariat, title="C", kind="state", visibility="members", statements=SEEDS
    )
    delegate = api(region.delegate("UZB"))
    before = counts()
    response = post(
        delegate,
        f"/api/v1/consultations/{c.public_id}/votes",
        {"statement": 1, "vote": "agree"},
    )
    assert response.status_code == 403
    assert counts() == before


def test_a_restricted_consultation_is_404_like_absent_for_a_third_state(region, api, restricted):
    third = api(region.head("TJK"))
    assert restricted.pk not in [
        c["id"] for c in third.get("/api/v1/consultations").json()["items"]
    ]
    absent_id = restricted.pk + 1000
    for suffix in ("", "/statements", "/analysis", "/export"):
        hidden = third.get(f"/api/v1/consultations/{restricted.public_id}{suffix}")
        absent = third.get(f"/api/v1/consultations/{absent_id}{suffix}")
        assert (hidden.status_code, hidden.json()) == (absent.status_code, absent.json())
        assert hidden.status_code == 404
    before = counts()
    for path, body in (
        ("votes", {"statement": 1, "vote": "agree"}),
        ("votes/batch", {"votes": [{"statement": 1, "vote": "agree"}]}),
        ("statements", {"text": "Let me in."}),
        ("statements/1/moderation", {"status": "rejected"}),
    ):
        hidden = post(third, f"/api/v1/consultations/{restricted.public_id}/{path}", body)
        absent = post(third, f"/api/v1/consultations/{absent_id}/{path}", body)
        assert hidden.status_code == absent.status_code == 404
        assert hidden.json() == absent.json()
    assert counts() == before
    assert third.get(f"/consultations/{restricted.public_id}/").status_code in (404, 302)


def test_events_of_a_restricted_consultation_do_not_reach_a_third_state(region, restricted):
    from accord.domain.visibility import can_see

    entries = LedgerEntry.objects.filter(object_type="consultations.consultation")
    assert entries.exists()
    third = region.head("TJK").viewer()
    assert not any(can_see(third, e.audience) for e in entries)
    assert all(can_see(region.head("KGZ").viewer(), e.audience) for e in entries)


def test_the_analysis_endpoint_serves_the_latest_map_and_its_staleness(
    region, api, django_capture_on_commit_callbacks
):
    c = services.create_consultation(
        actor=region.secretariat, title="C", kind="state", visibility="members", statements=SEEDS
    )
    head = api(region.head("KAZ"))
    first = head.get(f"/api/v1/consultations/{c.public_id}/analysis").json()
    assert (first["stale"], first["vote_count"], first["result"]) == (False, 0, {})
    with django_capture_on_commit_callbacks(execute=True):
        post(
            head,
            f"/api/v1/consultations/{c.public_id}/votes/batch",
            {"votes": [{"statement": 1, "vote": "agree"}, {"statement": 2, "vote": "disagree"}]},
        )
    body = head.get(f"/api/v1/consultations/{c.public_id}/analysis").json()
    assert (body["stale"], body["vote_count"], body["result"]["participants"]) == (False, 2, 1)


def test_an_import_with_a_bad_row_names_file_line_and_column(region, api):
    c = services.create_consultation(
        actor=region.secretariat, title="Imported", kind="open", visibility="participants"
    )
    comments = (
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "1,a,0,0,0,0,1,First\n"
    )
    votes = "timestamp,datetime,comment-id,voter-id,vote\n10,x,0,0,1\n11,x,0,1,2\n"
    secretariat = api(region.secretariat)
    before = counts()
    response = secretariat.post(
        f"/api/v1/consultations/{c.public_id}/import",
        {
            "comments": SimpleUploadedFile("comments.csv", comments.encode()),
            "votes": SimpleUploadedFile("votes.csv", votes.encode()),
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("votes.csv, line 3, column 'vote'")
    assert counts() == before


def test_the_consultation_page_renders_the_vote_card_and_the_map(region, client):
    from accord.domain.visibility import Visibility

    c = services.create_consultation(
        actor=region.secretariat,
        title="Page",
        kind="state",
        visibility=Visibility.MEMBERS,
        statements=SEEDS,
    )
    services.cast_vote(actor=region.head("KGZ"), consultation_id=c.pk, statement=1, vote="agree")
    recompute.recompute(c.pk)
    client.force_login(region.delegate("UZB"))
    page = client.get(f"/consultations/{c.public_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-vote-card" in html
    assert "accord:consultation.analysis_updated from:body" in html
    assert "<circle" in html
    assert " style=" not in html
    fragment = client.get(f"/consultations/{c.public_id}/map/")
    assert fragment.status_code == 200


@pytest.mark.parametrize("username", ["kgz-delegate", "no-such-person"])
def test_an_outsider_inviting_to_a_hidden_consultation_learns_nothing_of_user_names(
    region, api, restricted, username
):
    """Issue 16: the user name was looked up before the consultation's access was checked,
    so a third state learned which names exist (422) from a consultation it cannot see."""
    outsider = api(region.head("TJK"))
    absent = post(outsider, "/api/v1/consultations/999999/invitations", {"username": username})
    before = counts()
    hidden = post(
        outsider,
        f"/api/v1/consultations/{restricted.public_id}/invitations",
        {"username": username},
    )
    assert (hidden.status_code, absent.status_code) == (404, 404)
    assert hidden.json()["code"] == absent.json()["code"] == "not_found"
    assert counts() == before

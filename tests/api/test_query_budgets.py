"""Query budgets of the hot paths, through HTTP as deployed (issue 18): bearer tokens and the
chair kept per process (Redis holds the credentials epoch), one read of each row per request.

The ledger append is two statements on PostgreSQL (the head's move rides on the entry's
INSERT) and three on SQLite, which has no UPDATE inside WITH: budgets name PostgreSQL's and
allow SQLite that one more on writes. BEGIN/COMMIT are not counted (`assert_queries`)."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from accord.members import token_cache

REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture(autouse=True)
def kept_credentials(settings: Any) -> Any:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    settings.REDIS_URL = REDIS_URL
    token_cache.tokens.clear()
    yield
    token_cache.tokens.clear()


def budget(postgres: int, sqlite: int) -> int:
    """The budget on this database. On PostgreSQL the ledger append is two statements (the
    head's move and the tree's new nodes ride on the entry's INSERT), the vote's upsert one
    (the consultation's mark rides on it) and a public id's key is kept per process once
    read; SQLite has no UPDATE inside WITH, and keeps no key found inside a transaction
    (every test runs in one), so it is allowed those few more."""
    return postgres if connection.vendor == "postgresql" else sqlite


def post(client: Client, path: str, body: Any, status: int = 201) -> Any:
    response = client.post(path, data=json.dumps(body), content_type="application/json")
    assert response.status_code == status, response.content
    return response.json()


def test_casting_one_vote_takes_at_most_five_queries_with_the_ledger(region, api, assert_queries):
    from accord.consultations import services
    from accord.ledger.models import LedgerEntry

    consultation = services.create_consultation(
        actor=region.secretariat, title="Outer space", kind="open", visibility="participants",
        statements=["No arms race in outer space.", "Dialogue first."],
    )  # fmt: skip
    expert = region.delegate("UNO")
    services.invite(actor=region.secretariat, consultation_id=consultation.pk, user=expert)
    client = api(expert)
    votes = f"/api/v1/consultations/{consultation.public_id}/votes"
    post(client, votes, {"statement": 1, "vote": "agree"})  # the token is read and kept
    before = LedgerEntry.objects.count()
    # The ballot (the consultation, the statement and the seat), the head's lock, the tree's
    # siblings of the new leaf, the entry with its head and nodes, the vote with the
    # consultation's mark (issue 18; 6 and the tree's 2 before).
    with assert_queries(budget(5, 9)):
        cast = post(client, votes, {"statement": 2, "vote": "disagree"})
    assert cast == {"statement": 2, "vote": "disagree", "seat": 1, "state": None}
    assert LedgerEntry.objects.count() == before + 1


def test_delivering_an_intervention_takes_at_most_seven_queries(region, api, assert_queries):
    from accord.dialogue import services

    starts = timezone.now() + timedelta(days=1)
    meeting = services.convene_meeting(
        actor=region.secretariat, title="Senior officials", kind="senior_officials",
        starts_at=starts, ends_at=starts + timedelta(hours=6), venue="Tashkent",
        participants=["KAZ", "KGZ", "TJK", "UZB"],
    )  # fmt: skip
    client = api(region.delegate("KGZ"))
    speak = f"/api/v1/meetings/{meeting.public_id}/interventions"
    post(client, speak, {"kind": "statement", "text": "First.", "language": "en"})
    # The meeting, the states at it, its agenda, the check that the same words were not
    # delivered twice already, the intervention, the ledger (two), the tree's siblings.
    with assert_queries(budget(7, 11)):
        spoken = post(client, speak, {"kind": "statement", "text": "Second.", "language": "en"})
    assert (spoken["state"], spoken["text"]) == ("KGZ", "Second.")


def test_an_adoption_act_takes_at_most_nine_queries_with_the_ledger(
    region, api, assert_queries, draft
):
    from accord.negotiation import services

    documents = [draft(title=f"Joint statement {n}") for n in range(2)]
    for document in documents:
        services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    head = api(region.head("KGZ"))
    acts = "/api/v1/documents/{}/adoption/acts"
    post(head, acts.format(documents[0].public_id), {"act": "approve"}, 200)
    # The document's key (a new document: not kept yet), the document, its procedure, the
    # acts (read once, for the rules and the answer), the state's root key, the act, the
    # ledger (two), the tree's siblings.
    with assert_queries(budget(9, 12)):
        answered = post(head, acts.format(documents[1].public_id), {"act": "approve"}, 200)
    assert [(a["state"], a["act"]) for a in answered["acts"]] == [("KGZ", "approve")]
    assert answered["outcome"] == "pending"


def page_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get("/").status_code in (200, 302)  # the session read once
    return client


def test_the_document_page_takes_at_most_fourteen_queries(region, assert_queries, draft):
    from accord.negotiation import services

    document = draft()
    services.propose_amendment(
        actor=region.delegate("KGZ"), document_id=document.pk, against=1, kind="replace-paragraph",
        paragraph_id=2, text="The participants warmly welcome the dialogue.",
    )  # fmt: skip
    in_adoption = draft(title="Another")
    services.open_adoption(actor=region.chair, document_id=in_adoption.pk, kind="consensus")
    services.approve(actor=region.head("UZB"), document_id=in_adoption.pk)
    client = page_client(region.delegate("TJK"))
    for shown in (document, in_adoption):
        # The states' names, read once, for the amendments' backers; the header's count of
        # unread hotline messages (on every page); the document's key by its public id; its
        # language versions, for the amendment form's wording in each (rule 8).
        with assert_queries(13):
            page = client.get(f"/documents/{shown.public_id}/")
        assert page.status_code == 200
    page = client.get(f"/documents/{document.public_id}/").content.decode()
    assert "<ins>warmly </ins>welcome" in page


def test_the_meeting_page_takes_at_most_twelve_queries(region, assert_queries):
    from accord.dialogue import services

    starts = timezone.now() + timedelta(days=1)
    meeting = services.convene_meeting(
        actor=region.secretariat, title="Ministerial", kind="ministerial", starts_at=starts,
        ends_at=starts + timedelta(hours=6), venue="Tashkent",
        participants=["KAZ", "KGZ", "TJK", "UZB"], observers=["MNG"],
    )  # fmt: skip
    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        services.deliver_intervention(
            actor=region.delegate(code), meeting_id=meeting.pk, kind="statement",
            text=f"The delegation of {code} speaks.", language="en",
        )  # fmt: skip
    client = page_client(region.delegate("TJK"))
    # The eleventh: the header's count of unread hotline messages; the twelfth: the
    # meeting's key by its public id (issue 11).
    with assert_queries(12):
        page = client.get(f"/meetings/{meeting.public_id}/")
    assert page.status_code == 200
    assert page.content.decode().count("speaks.") == 4


def _voted_state_consultation(region: Any, statements: int) -> Any:
    """A state consultation of the four members on `statements` statements, every state
    having voted on each, and its opinion map computed."""
    from accord.consultations import recompute, services

    consultation = services.create_consultation(
        actor=region.secretariat, title="Water", kind="state", visibility="members",
        statements=[f"Statement {n} on shared rivers." for n in range(1, statements + 1)],
    )  # fmt: skip
    stances = ("agree", "disagree", "pass")
    for s, code in enumerate(("KAZ", "KGZ", "TJK", "UZB")):
        services.cast_votes(
            actor=region.head(code), consultation_id=consultation.pk,
            votes=[services.VoteIn(n, stances[(n + s) % 3]) for n in range(1, statements + 1)],
        )  # fmt: skip
    recompute.forget_models()
    recompute.recompute(consultation.pk)  # as the worker does once the votes commit
    return consultation


@pytest.mark.parametrize("statements", [3, 12])
def test_the_consultation_page_takes_as_many_queries_whatever_its_size(
    region, assert_queries, statements
):
    """The page with its state grid and opinion map, and the map alone (what the live page
    reloads): the same budgets for 3 statements as for 12, so that a query per statement,
    per state or per vote fails here. The page's 17: the session and the user, the
    consultation's key by its public id, the consultation and the states it names, the
    statements, the reader's seat, next statement and votes, the analysis, the map's seat
    labels, the grid's seats and votes, the header's unread hotline messages; of those the
    consultation is read three times, the statements twice and the seats four times
    (selectors that take an id, not the row in hand): the room left to win."""
    consultation = _voted_state_consultation(region, statements)
    client = page_client(region.delegate("TJK"))
    with assert_queries(budget(16, 17)):
        page = client.get(f"/consultations/{consultation.public_id}/")
    assert page.status_code == 200
    assert page.content.decode().count("on shared rivers.") >= statements
    with assert_queries(budget(12, 13)):
        shown = client.get(f"/consultations/{consultation.public_id}/map/")
    assert shown.status_code == 200
    assert shown.content.decode().count("<circle") == 4  # one point a state

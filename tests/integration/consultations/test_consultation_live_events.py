"""Live events of a consultation reach the experts invited to it, whatever their state, and
nobody else beyond its audience; what awaits moderation is never broadcast."""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient

from accord.consultations import recompute, services
from accord.consultations.models import Consultation
from accord.domain.visibility import PUBLIC
from accord.events.bus import Event, get_broker
from accord.ledger.models import LedgerEntry, LedgerHead
from accord.members import services as member_services
from accord.members.models import User

PASSWORD = "correct horse battery staple"
SEEDS = ["Water security matters.", "Outer space needs rules.", "Border posts need hotlines."]


@pytest.fixture(autouse=True)
def _no_analysis_thread(settings: Any) -> None:
    settings.ACCORD_ANALYSIS_MODE = "sync"
    recompute.forget_models()


def expert(region: Any, name: str) -> User:
    """An expert from the UN, a dialogue partner: outside the consultation's audience."""
    return member_services.add_person(
        actor=region.secretariat,
        username=name,
        password=PASSWORD,
        role="participant",
        state_code="UNO",
        full_name=name.title(),
    )


def restricted_open_consultation(region: Any) -> Consultation:
    """Restricted to KAZ and KGZ: without an invitation, the UN's experts could not see it."""
    return services.create_consultation(
        actor=region.head("KAZ"),
        title="Track 2 on water",
        kind="open",
        visibility="restricted",
        states=["KAZ", "KGZ"],
        statements=SEEDS,
    )


def parse(chunk: bytes) -> dict:
    lines = dict(line.split(": ", 1) for line in chunk.decode().strip().splitlines())
    return {"id": int(lines["id"]), **json.loads(lines["data"])}


def replay(user: User, after: int) -> list[dict]:
    """What `user`'s stream replays after ledger entry `after`, up to the issuing of the
    token it connects with (the last entry, and one the user sees)."""
    _, token = member_services.issue_api_token(user=user)
    last = LedgerHead.objects.get(id=1).seq

    async def read() -> list[dict]:
        response = await AsyncClient().get(
            "/api/v1/events",
            headers={"Authorization": f"Bearer {token}", "Last-Event-ID": str(after)},
        )
        stream = aiter(response.streaming_content)
        assert await anext(stream) == b"retry: 3000\n: connected\n\n"
        events = [parse(await asyncio.wait_for(anext(stream), 5))]
        while events[-1]["id"] != last:
            events.append(parse(await asyncio.wait_for(anext(stream), 5)))
        await stream.aclose()
        return events[:-1]

    return async_to_sync(read)()


def test_an_invited_expert_from_outside_the_audience_follows_the_consultation_live(
    region, django_capture_on_commit_callbacks
):
    invited, outsider = (expert(region, n) for n in ("invited", "outsider"))
    consultation = restricted_open_consultation(region)
    services.invite(actor=region.head("KAZ"), consultation_id=consultation.pk, user=invited)
    tokens = {
        "invited": member_services.issue_api_token(user=invited)[1],
        "outsider": member_services.issue_api_token(user=outsider)[1],
    }

    def writes() -> None:
        # Each service's events are published when its transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            services.cast_vote(
                actor=invited, consultation_id=consultation.pk, statement=1, vote="agree"
            )
        with django_capture_on_commit_callbacks(execute=True):
            services.invite(
                actor=region.head("KAZ"), consultation_id=consultation.pk, user=outsider
            )
        with django_capture_on_commit_callbacks(execute=True):
            services.moderate_statement(
                actor=region.head("KAZ"),
                consultation_id=consultation.pk,
                number=3,
                status="rejected",
            )

    async def scenario() -> dict[str, list[dict]]:
        streams = {}
        for name, token in tokens.items():
            response = await AsyncClient().get(
                "/api/v1/events", headers={"Authorization": f"Bearer {token}"}
            )
            streams[name] = aiter(response.streaming_content)
            assert await anext(streams[name]) == b"retry: 3000\n: connected\n\n"
        await sync_to_async(writes)()
        get_broker().publish(Event(10**9, "end.of.test", "test.object", "1", PUBLIC, {}))
        received: dict[str, list[dict]] = {name: [] for name in streams}
        for name, stream in streams.items():
            while not received[name] or received[name][-1]["kind"] != "end.of.test":
                chunk = await asyncio.wait_for(anext(stream), 5)
                if chunk.startswith(b"id: "):
                    received[name].append(parse(chunk))
            await stream.aclose()
        return received

    received = async_to_sync(scenario)()
    kinds = [e["kind"] for e in received["invited"]]
    assert kinds == [
        "consultation.vote_cast",
        "consultation.analysis_updated",
        "consultation.statement_moderated",
        "consultation.analysis_updated",
        "end.of.test",
    ]  # not who else was invited
    assert received["invited"][0]["data"] == {
        "consultation": consultation.public_id,
        "statement": 1,
        "vote": "agree",
    }
    # The outsider's stream opened before the invitation: it follows nothing of it.
    assert [e["kind"] for e in received["outsider"]] == ["end.of.test"]


def test_a_reconnecting_expert_catches_up_on_the_consultation_but_not_on_invitations(region):
    invited, other = (expert(region, n) for n in ("invited", "other"))
    consultation = restricted_open_consultation(region)
    services.invite(actor=region.head("KAZ"), consultation_id=consultation.pk, user=invited)
    start = LedgerHead.objects.get(id=1).seq
    services.invite(actor=region.head("KAZ"), consultation_id=consultation.pk, user=other)
    services.cast_votes(
        actor=other,
        consultation_id=consultation.pk,
        votes=[services.VoteIn(1, "agree"), services.VoteIn(2, "pass")],
    )
    assert [(e["kind"], e["object_id"]) for e in replay(invited, start)] == [
        ("consultation.votes_cast", consultation.public_id)
    ]
    # The same catch-up for an expert of the same state never invited: what the UN's people
    # see (the invited expert's token, the outsider joining), nothing of the consultation.
    outsider = expert(region, "outsider")
    assert [e["kind"] for e in replay(outsider, start)] == ["token.issued", "person.added"]


def test_a_statement_awaiting_moderation_is_recorded_by_its_digest_not_its_text(region):
    consultation = restricted_open_consultation(region)
    author = expert(region, "author")
    services.invite(actor=region.head("KAZ"), consultation_id=consultation.pk, user=author)
    text = "An inflammatory remark the moderator will reject."
    services.submit_statement(actor=author, consultation_id=consultation.pk, text=text)
    entry = LedgerEntry.objects.filter(action="consultation.statement_submitted").get()
    assert entry.payload == {
        "consultation": consultation.public_id,
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "status": "pending",
    }
    assert text not in json.dumps(entry.payload)

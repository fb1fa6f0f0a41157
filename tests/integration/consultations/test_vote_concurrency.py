"""Votes cast at the same moment on PostgreSQL: every vote lands once, a state still has one
seat and one voice, the ledger stays one verifiable chain with an entry per request, and the
votes' ledger order is the order the live analysis reads them in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from accord.consultations import recompute, services
from accord.consultations.models import Consultation, Participant, Vote
from accord.ledger.models import LedgerEntry
from accord.ledger.selectors import verify_live_chain
from accord.members import services as member_services
from concurrent_writers import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

STATEMENTS = [f"Statement {n} on regional security." for n in range(1, 11)]


@pytest.fixture(autouse=True)
def _postgres_only(settings: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL's row locks (run with DATABASE_URL=postgres://…)")
    settings.ACCORD_ANALYSIS_MODE = "off"  # the race is about ingestion, not the map
    recompute.forget_models()


def test_a_states_head_and_named_delegate_voting_at_once_share_one_seat(region: Any) -> None:
    consultation = services.create_consultation(
        actor=region.secretariat,
        title="Regional security",
        kind="state",
        visibility="members",
        statements=STATEMENTS,
    )
    member_services.name_vote_delegate(actor=region.head("KAZ"), delegate=region.delegate("KAZ"))
    voters = [region.head("KAZ"), region.delegate("KAZ"), region.head("KGZ"), region.head("UZB")]

    def first_votes(voter: Any) -> Callable[[], object]:
        return lambda: services.cast_votes(
            actor=voter,
            consultation_id=consultation.pk,
            votes=[services.VoteIn(n, "agree") for n in range(1, len(STATEMENTS) + 1)],
        )

    assert run_at_once([first_votes(v) for v in voters]) == []

    seats = Participant.objects.filter(consultation=consultation)
    assert sorted(seats.values_list("state_id", flat=True)) == ["KAZ", "KGZ", "UZB"]
    assert sorted(seats.values_list("number", flat=True)) == [1, 2, 3]
    # One state, one voice: KAZ's two voters wrote into the same seat, one vote a statement.
    assert Vote.objects.filter(consultation=consultation).count() == 3 * len(STATEMENTS)
    assert verify_live_chain(viewer=None).ok


def test_parallel_expert_batches_each_land_whole_with_one_ledger_entry(region: Any) -> None:
    consultation = services.create_consultation(
        actor=region.secretariat,
        title="Track 2",
        kind="open",
        visibility="participants",
        statements=STATEMENTS,
    )
    experts = []
    for n in range(8):
        person = member_services.add_person(
            actor=region.secretariat,
            username=f"expert-{n}",
            password="correct horse battery staple",
            role="participant",
            state_code="UNO",
            full_name=f"Expert {n}",
        )
        services.invite(actor=region.secretariat, consultation_id=consultation.pk, user=person)
        experts.append(person)
    entries_before = LedgerEntry.objects.count()

    def batches(person: Any, index: int) -> Callable[[], object]:
        def job() -> None:
            for round_ in range(3):  # the third round replaces the first two
                value = ("agree", "disagree", "pass")[(index + round_) % 3]
                services.cast_votes(
                    actor=person,
                    consultation_id=consultation.pk,
                    votes=[services.VoteIn(n, value) for n in range(1, len(STATEMENTS) + 1)],
                )

        return job

    assert run_at_once([batches(p, i) for i, p in enumerate(experts)]) == []

    entries = LedgerEntry.objects.filter(seq__gt=entries_before).order_by("seq")
    assert [e.action for e in entries] == ["consultation.votes_cast"] * (3 * len(experts))
    assert verify_live_chain(viewer=None).ok
    votes = Vote.objects.filter(consultation=consultation)
    assert votes.count() == len(experts) * len(STATEMENTS)
    for index, person in enumerate(experts):
        mine = votes.filter(participant__user=person)
        expected = (1, -1, 0)[(index + 2) % 3]
        assert set(mine.values_list("value", flat=True)) == {expected}
        # Each batch landed whole: every vote of the seat carries its last batch's entry.
        last_entry = entries.filter(actor=person.get_username()).last()
        assert last_entry is not None
        assert set(mine.values_list("seq", flat=True)) == {last_entry.seq}
    # The live analysis reads "votes after seq N": the consultation's mark is the last entry.
    assert Consultation.objects.get(pk=consultation.pk).changed_seq == entries.last().seq

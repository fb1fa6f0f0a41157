"""Votes on statements, one state's seat at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, transaction
from django.utils import timezone

from accord.consultations import recompute
from accord.consultations.models import Consultation, Participant, Statement, Vote
from accord.consultations.selectors import Ballot, get_ballot, get_consultation
from accord.domain import published
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.ledger import canonical_digest
from accord.ledger.services import record
from accord.members.models import Delegation, User

from .checks import _next_number

VOTE_VALUES: dict[str, int] = {"agree": 1, "disagree": -1, "pass": 0}


VOTE_NAMES: dict[int, str] = {value: name for name, value in VOTE_VALUES.items()}


MAX_BATCH = 1000


@dataclass(frozen=True)
class VoteIn:
    statement: int  # the statement's number in its consultation
    vote: str  # agree, disagree or pass


def _may_vote_for_state(actor: User) -> bool:
    """One state, one voice: the head (not the chair holder, whose office is separate) or
    the one delegate the head named."""
    if actor.state is None or not actor.state.is_member:
        return False
    if actor.is_head and not actor.is_chair:
        return True
    return Delegation.objects.filter(state_id=actor.state_id, vote_delegate=actor).exists()


def _seat(actor: User, consultation: Consultation) -> Participant:
    """The seat `actor` votes in, or NotPermitted. Creates a state's seat on its first vote.

    Precondition for the creation: the ledger head lock is held.
    """
    if consultation.is_state_consultation:
        if not _may_vote_for_state(actor):
            raise NotPermitted("a state's vote is cast by its head or the delegate the head named")
        seat, _ = Participant.objects.get_or_create(
            consultation=consultation,
            state_id=actor.state_id,
            defaults={"number": _next_number(Participant, consultation)},
        )
        return seat
    found = Participant.objects.filter(consultation=consultation, user=actor).first()
    if found is None:
        raise NotPermitted("only invited participants vote in this consultation")
    return found


def _parse_votes(votes: Sequence[VoteIn]) -> dict[int, int]:
    """Statement number → value; the last of two votes on one statement wins (a repeated
    vote replaces the earlier one)."""
    if not votes:
        raise InvalidInput("votes: at least one")
    if len(votes) > MAX_BATCH:
        raise InvalidInput(f"votes: at most {MAX_BATCH} in one request")
    parsed: dict[int, int] = {}
    for index, item in enumerate(votes):
        value = VOTE_VALUES.get(item.vote)
        if value is None:
            raise InvalidInput(f"votes[{index}].vote: one of agree, disagree, pass")
        parsed[item.statement] = value
    return parsed


@transaction.atomic
def cast_votes(*, actor: User, consultation_id: int, votes: Sequence[VoteIn]) -> list[Vote]:
    """Cast one or more votes of the actor's seat, as one write with one ledger entry.

    The entry carries the digest of every vote in the batch (statement, value), so the
    chain still fixes each vote while ingestion pays one head lock per request, not per
    vote. Refused as a whole — nothing changed — when any vote is refused.
    """
    ballot, parsed = check_ballot(actor=actor, consultation_id=consultation_id, votes=votes)
    return do_cast_votes(actor=actor, ballot=ballot, parsed=parsed)


def check_ballot(
    *, actor: User, consultation_id: int, votes: Sequence[VoteIn]
) -> tuple[Ballot, dict[int, int]]:
    """Every refusal of `cast_votes`, in its order, in as few queries as it takes; writes
    nothing and takes no lock. Returns the ballot and the parsed votes."""
    try:
        parsed = _parse_votes(votes)
    except InvalidInput:
        get_consultation(actor, consultation_id)  # a hidden consultation is not found first
        raise
    # The consultation, the statements and the seat in one query: every query saved here is
    # CPU on every vote.
    ballot = get_ballot(actor, consultation_id, parsed)
    consultation, statements, seat = ballot.consultation, ballot.statements, ballot.seat
    if not consultation.is_open:
        raise RuleViolation("the consultation is closed")
    for number in parsed:
        statement = statements.get(number)
        if statement is None:
            raise InvalidInput(f"statement: no statement {number} in this consultation")
        if statement.status not in (Statement.Status.ACCEPTED, Statement.Status.META):
            raise RuleViolation(f"statement {number} is not open for votes ({statement.status})")
    # Permission and the seat before the ledger: a refused vote must not take the head
    # lock, and every query saved inside the lock (held until commit) is platform-wide
    # throughput.
    if consultation.is_state_consultation:
        if not _may_vote_for_state(actor):
            raise NotPermitted("a state's vote is cast by its head or the delegate the head named")
    elif seat is None:
        raise NotPermitted("only invited participants vote in this consultation")
    return ballot, parsed


def do_cast_votes(*, actor: User, ballot: Ballot, parsed: dict[int, int]) -> list[Vote]:
    """Record the batch, number a state's seat, write the votes, schedule the recompute.

    Lock: the ledger head, taken by `record` and held until commit (so everything after it is
    kept short); call inside the caller's transaction.
    """
    consultation, statements, seat = ballot.consultation, ballot.statements, ballot.seat
    items = sorted(parsed.items())
    entry = record(actor=actor, obj=consultation, event=_cast(actor, consultation, items))
    if seat is None:  # a state's first vote: its seat is numbered under the head lock
        seat = _seat(actor, consultation)
    now = timezone.now()
    rows = [
        Vote(
            consultation=consultation,
            participant=seat,
            statement=statements[number],
            value=value,
            cast_by=actor,
            cast_at=now,
            seq=entry.seq,
        )
        for number, value in items
    ]
    _write_votes(rows, consultation.pk, entry.seq)
    recompute.schedule_on_commit(consultation.pk)
    return rows


_VOTE_COLUMNS = (
    "consultation_id",
    "participant_id",
    "statement_id",
    "value",
    "cast_by_id",
    "cast_at",
    "seq",
)


def _write_votes(rows: list[Vote], consultation_key: int, seq: int) -> None:
    """Upsert `rows` (a repeated vote replaces the earlier one) and mark the consultation
    changed at `seq`: one statement on PostgreSQL (the consultation's UPDATE in a WITH
    clause of the INSERT), two on SQLite; SQL made once per process and batch size, not
    compiled by the ORM on every vote (issue 18)."""
    connection = connections[Vote.objects.db]
    cast_at = Vote._meta.get_field("cast_at").get_db_prep_save(rows[0].cast_at, connection)
    params: list[Any] = [seq, consultation_key] if connection.vendor == "postgresql" else []
    for row in rows:
        params += [
            row.consultation_id, row.participant_id, row.statement_id, row.value,
            row.cast_by_id, cast_at, row.seq,
        ]  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(_BUMP_SQL, [seq, consultation_key])
        cursor.execute(_votes_sql(connection.vendor, len(rows)), params)


_BUMP_SQL = 'UPDATE "consultations_consultation" SET "changed_seq" = %s WHERE "id" = %s'
_votes_sqls: dict[tuple[str, int], str] = {}


def _votes_sql(vendor: str, count: int) -> str:
    sql = _votes_sqls.get((vendor, count))
    if sql is not None:
        return sql
    columns = ", ".join(f'"{name}"' for name in _VOTE_COLUMNS)
    row = f"({', '.join(['%s'] * len(_VOTE_COLUMNS))})"
    unique = '"consultation_id", "participant_id", "statement_id"'
    replaced = ", ".join(f'"{name}" = EXCLUDED."{name}"' for name in _VOTE_COLUMNS[3:])
    sql = (
        f'INSERT INTO "consultations_vote" ({columns}) VALUES {", ".join([row] * count)}'
        f" ON CONFLICT ({unique}) DO UPDATE SET {replaced}"
    )
    if vendor == "postgresql":
        sql = f"WITH bumped AS ({_BUMP_SQL} RETURNING 1) {sql}"
    if count <= 64:
        _votes_sqls[(vendor, count)] = sql
    return sql


def _cast(
    actor: User, consultation: Consultation, items: list[tuple[int, int]]
) -> published.ConsultationVoteCast | published.ConsultationVotesCast:
    """The event of a batch of votes: one vote named, or several by their digest."""
    audience, public_id = consultation.audience, consultation.public_id
    state = actor.state_id if consultation.is_state_consultation else None
    if len(items) == 1:
        ((statement, value),) = items
        return published.ConsultationVoteCast(
            audience=audience,
            consultation=public_id,
            state=state,
            statement=statement,
            vote=VOTE_NAMES[value],
        )
    return published.ConsultationVotesCast(
        audience=audience,
        consultation=public_id,
        state=state,
        count=len(items),
        votes_digest=canonical_digest(items),
    )


def cast_vote(*, actor: User, consultation_id: int, statement: int, vote: str) -> Vote:
    """Cast (or replace) the actor's seat's vote on one statement."""
    return cast_votes(
        actor=actor, consultation_id=consultation_id, votes=[VoteIn(statement, vote)]
    )[0]

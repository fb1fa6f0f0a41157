"""Every write in consultations: create, invite, submit, moderate, vote, import.

Each function is one transaction that checks permission, applies the rule, saves, appends
to the ledger (`accord.ledger.services.record`) and publishes its event after commit. Votes
call `record` *first*: it takes the ledger head lock, which every writer of the platform
holds until commit, so the entry's seq orders votes as they commit — the live analysis
reads "the votes after seq N" — and seat numbers can be allocated without a race.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accord.consultations import recompute
from accord.consultations.models import Consultation, Participant, Statement, Vote
from accord.consultations.selectors import can_moderate, get_ballot, get_consultation
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.ledger import canonical_digest
from accord.domain.opinion import polis
from accord.domain.text import check_line, check_prose, clean_for_import
from accord.domain.visibility import Visibility
from accord.ledger.services import record
from accord.members.access import encode_states
from accord.members.models import Delegation, State, User

VOTE_VALUES: dict[str, int] = {"agree": 1, "disagree": -1, "pass": 0}
VOTE_NAMES: dict[int, str] = {value: name for name, value in VOTE_VALUES.items()}
MAX_STATEMENT_LENGTH = 1000
MAX_BATCH = 1000


@dataclass(frozen=True)
class VoteIn:
    statement: int  # the statement's number in its consultation
    vote: str  # agree, disagree or pass


def _require_moderator(actor: User, consultation: Consultation) -> None:
    if not can_moderate(actor, consultation):
        raise NotPermitted("only the secretariat moderates this consultation")


def _clean_text(text: str, what: str, *, multiline: bool = True) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput(f"{what}: may not be empty")
    if len(cleaned) > MAX_STATEMENT_LENGTH:
        raise InvalidInput(f"{what}: at most {MAX_STATEMENT_LENGTH} characters")
    # Pages and the CLI come here without the API's schemas: the same rule for them.
    if multiline:
        return check_prose(cleaned, field=what)
    return check_line(cleaned, field=what)


def _next_number(model: type[Statement] | type[Participant], consultation: Consultation) -> int:
    """The next free number. Precondition: the ledger head lock is held (see module doc)."""
    top = model.objects.filter(consultation=consultation).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


@transaction.atomic
def create_consultation(
    *,
    actor: User,
    title: str,
    kind: str,
    visibility: str,
    question: str = "",
    states: Iterable[str] = (),
    statements: Sequence[str] = (),
) -> Consultation:
    """Open a consultation, seeded with `statements` (accepted as they come from its author).

    The secretariat opens consultations; so may the chair and a member state's head, who
    alone can open a restricted one (the secretariat never sees restricted exchanges).
    """
    if not (actor.is_secretariat or actor.is_superuser or actor.is_head):
        raise NotPermitted("only the secretariat, the chair or a head opens a consultation")
    if kind not in Consultation.Kind.values:
        raise InvalidInput(f"kind: one of {', '.join(Consultation.Kind.values)}")
    allowed = [v.value for v in Visibility if v is not Visibility.DELEGATION]
    if visibility not in allowed:
        raise InvalidInput(f"visibility: one of {', '.join(allowed)}")
    named = sorted({code.strip().upper() for code in states if code.strip()})
    if visibility == Visibility.RESTRICTED:
        if len(named) < 2:
            raise InvalidInput("states: a restricted consultation names at least two states")
        if actor.state_id not in named:
            raise InvalidInput("states: a restricted consultation includes your own state")
        if State.objects.filter(code__in=named).count() != len(named):
            raise InvalidInput("states: unknown state code")
    elif named:
        raise InvalidInput("states: only a restricted consultation names states")
    consultation = Consultation.objects.create(
        title=_clean_text(title, "title", multiline=False)[:200],
        question=question.strip(),
        kind=kind,
        visibility=visibility,
        restricted_states=encode_states(named),
        created_by=actor,
    )
    for number, text in enumerate(statements, start=1):
        Statement.objects.create(
            consultation=consultation,
            number=number,
            text=_clean_text(text, f"statement {number}"),
            author=actor,
            seeded=True,
            status=Statement.Status.ACCEPTED,
            moderated_by=actor,
            moderated_at=consultation.created_at,
        )
    record(
        actor=actor,
        action="consultation.created",
        obj=consultation,
        audience=consultation.audience,
        payload={
            "title": consultation.title,
            "kind": kind,
            "visibility": visibility,
            "states": named,
            "statements": len(statements),
        },
    )
    return consultation


@transaction.atomic
def invite_by_name(*, actor: User, consultation_id: int, username: str) -> Participant:
    """Invite the active user with that name. The consultation's access is checked before
    the name is looked up: who may not moderate it learns nothing of which names exist."""
    consultation = get_consultation(actor, consultation_id)
    _require_moderator(actor, consultation)
    invitee = User.objects.filter(username=username, is_active=True).first()
    if invitee is None:
        raise InvalidInput("username: no such active user", field="username")
    return invite(actor=actor, consultation_id=consultation_id, user=invitee)


@transaction.atomic
def invite(*, actor: User, consultation_id: int, user: User) -> Participant:
    """Invite an expert to vote in an open consultation (idempotent)."""
    consultation = get_consultation(actor, consultation_id)
    _require_moderator(actor, consultation)
    if consultation.is_state_consultation:
        raise RuleViolation("a state consultation seats states, not invited experts")
    existing = Participant.objects.filter(consultation=consultation, user=user).first()
    if existing is not None:
        return existing
    entry = record(
        actor=actor,
        action="consultation.invited",
        obj=consultation,
        audience=consultation.audience,
        payload={"consultation": consultation.pk, "user": user.get_username()},
    )
    del entry  # the head lock is now held: numbering is race-free
    return Participant.objects.create(
        consultation=consultation,
        number=_next_number(Participant, consultation),
        user=user,
        invited_by=actor,
    )


def _may_speak(actor: User, consultation: Consultation) -> bool:
    """Who may submit statements: any member delegation's people (state consultations),
    invited experts (open ones)."""
    if consultation.is_state_consultation:
        return actor.state is not None and actor.state.is_member
    return Participant.objects.filter(consultation=consultation, user=actor).exists()


@transaction.atomic
def submit_statement(*, actor: User, consultation_id: int, text: str) -> Statement:
    """Submit a statement: a moderator's is accepted at once (seeding), anyone else's
    awaits moderation."""
    consultation = get_consultation(actor, consultation_id)
    if not consultation.is_open:
        raise RuleViolation("the consultation is closed")
    seeding = can_moderate(actor, consultation)
    if not seeding and not _may_speak(actor, consultation):
        raise NotPermitted("only the consultation's participants submit statements")
    cleaned = _clean_text(text, "text")
    status = Statement.Status.ACCEPTED if seeding else Statement.Status.PENDING
    statement = Statement(
        consultation=consultation,
        text=cleaned,
        author=actor,
        seeded=seeding,
        status=status,
        moderated_by=actor if seeding else None,
        moderated_at=timezone.now() if seeding else None,
    )
    entry = record(
        actor=actor,
        action="consultation.statement_submitted",
        obj=consultation,
        audience=consultation.audience,
        # The digest, not the text: a statement awaiting moderation is for the moderators
        # and its author (`selectors.list_statements`), and a rejected one stays so.
        payload={
            "consultation": consultation.pk,
            "text_sha256": hashlib.sha256(cleaned.encode()).hexdigest(),
            "status": status,
        },
    )
    statement.number = _next_number(Statement, consultation)
    if not consultation.is_state_consultation:
        statement.author_participant = Participant.objects.filter(
            consultation=consultation, user=actor
        ).first()
    statement.save()
    if seeding:
        _mark_statements_changed(consultation, entry.seq)
    return statement


@transaction.atomic
def moderate_statement(*, actor: User, consultation_id: int, number: int, status: str) -> Statement:
    """Accept, reject or mark as meta a statement (the secretariat's moderation)."""
    consultation = get_consultation(actor, consultation_id)
    _require_moderator(actor, consultation)
    choices = [Statement.Status.ACCEPTED, Statement.Status.REJECTED, Statement.Status.META]
    if status not in choices:
        raise InvalidInput(f"status: one of {', '.join(choices)}")
    statement = (
        Statement.objects.select_for_update()
        .filter(consultation=consultation, number=number)
        .first()
    )
    if statement is None:
        raise InvalidInput(f"statement: no statement {number} in this consultation")
    entry = record(
        actor=actor,
        action="consultation.statement_moderated",
        obj=consultation,
        audience=consultation.audience,
        payload={"consultation": consultation.pk, "statement": number, "status": status},
    )
    statement.status = status
    statement.moderated_by = actor
    statement.moderated_at = timezone.now()
    statement.save(update_fields=["status", "moderated_by", "moderated_at"])
    _mark_statements_changed(consultation, entry.seq)
    return statement


def _mark_statements_changed(consultation: Consultation, seq: int) -> None:
    Consultation.objects.filter(pk=consultation.pk).update(changed_seq=seq, statements_seq=seq)
    recompute.schedule_on_commit(consultation.pk)


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
    items = sorted(parsed.items())
    payload: dict[str, Any] = {"consultation": consultation.pk}
    if consultation.is_state_consultation:
        payload["state"] = actor.state_id
    if len(items) == 1:
        payload.update(statement=items[0][0], vote=VOTE_NAMES[items[0][1]])
        action = "consultation.vote_cast"
    else:
        payload.update(count=len(items), votes_digest=canonical_digest(items))
        action = "consultation.votes_cast"
    entry = record(
        actor=actor,
        action=action,
        obj=consultation,
        audience=consultation.audience,
        payload=payload,
    )
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
    # One statement for the whole batch; a repeated vote replaces the earlier one.
    Vote.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["consultation", "participant", "statement"],
        update_fields=["value", "cast_by", "cast_at", "seq"],
    )
    Consultation.objects.filter(pk=consultation.pk).update(changed_seq=entry.seq)
    recompute.schedule_on_commit(consultation.pk)
    return rows


def cast_vote(*, actor: User, consultation_id: int, statement: int, vote: str) -> Vote:
    """Cast (or replace) the actor's seat's vote on one statement."""
    return cast_votes(
        actor=actor, consultation_id=consultation_id, votes=[VoteIn(statement, vote)]
    )[0]


@transaction.atomic
def close_consultation(*, actor: User, consultation_id: int) -> Consultation:
    """Close a consultation to new statements and votes."""
    consultation = get_consultation(actor, consultation_id)
    _require_moderator(actor, consultation)
    record(
        actor=actor,
        action="consultation.closed",
        obj=consultation,
        audience=consultation.audience,
        payload={"consultation": consultation.pk},
    )
    consultation.is_open = False
    consultation.save(update_fields=["is_open"])
    return consultation


# --- Pol.is import -------------------------------------------------------------------------


def read_polis_folder(directory: Path) -> dict[str, bytes]:
    """The files of a Pol.is export folder, by name (comments.csv and votes.csv)."""
    return {
        name: (directory / name).read_bytes()
        for name in (polis.COMMENTS_FILE, polis.VOTES_FILE)
        if (directory / name).is_file()
    }


def _parse_upload(files: Mapping[str, bytes]) -> polis.PolisExport:
    import io

    for name in (polis.COMMENTS_FILE, polis.VOTES_FILE):
        if name not in files:
            raise InvalidInput(f"{name}: file missing")

    def stream(name: str) -> io.StringIO:
        try:
            text = files[name].decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidInput(f"{name}: not UTF-8 text ({error.reason})") from None
        return io.StringIO(text, newline="")

    try:
        comments = polis.parse_comments(stream(polis.COMMENTS_FILE))
        votes, events = polis.parse_votes(stream(polis.VOTES_FILE))
    except polis.PolisFormatError as error:
        # The message names the file, the line and the column.
        raise InvalidInput(str(error)) from None
    return polis.PolisExport(comments=comments, votes=votes, vote_events=events)


@transaction.atomic
def import_polis(
    *, actor: User, consultation_id: int, files: Mapping[str, bytes]
) -> dict[str, int]:
    """Import a Pol.is export (comments.csv, votes.csv) into an empty open consultation.

    Every file is parsed and checked before anything is written, and the whole import is one
    transaction: a bad file imports nothing. Pol.is ids become statement and seat numbers;
    imported participants are seats without a user (they cannot sign in).
    """
    consultation = get_consultation(actor, consultation_id)
    _require_moderator(actor, consultation)
    if consultation.is_state_consultation:
        raise RuleViolation("a state consultation's votes are cast by states, not imported")
    export = _parse_upload(files)
    known = {c.statement_id for c in export.comments}
    stray = next((v for v in export.votes if v.statement_id not in known), None)
    if stray is not None:
        raise InvalidInput(
            f"{polis.VOTES_FILE}: comment-id {stray.statement_id} is not in {polis.COMMENTS_FILE}"
        )
    if consultation.statements.exists() or consultation.participants.exists():
        raise RuleViolation("import into a consultation that has no statements or seats yet")
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    entry = record(
        actor=actor,
        action="consultation.imported",
        obj=consultation,
        audience=consultation.audience,
        payload={
            "consultation": consultation.pk,
            "format": "polis",
            "files_sha256": digest.hexdigest(),
            "statements": len(export.comments),
            "votes": len(export.votes),
        },
    )
    status_of = {
        1: Statement.Status.ACCEPTED,
        0: Statement.Status.PENDING,
        -1: Statement.Status.REJECTED,
    }
    now = timezone.now()
    pids = sorted({v.participant_id for v in export.votes} | {c.author_id for c in export.comments})
    Participant.objects.bulk_create(
        (
            Participant(
                consultation=consultation, number=pid, label=f"polis:{pid}", invited_by=actor
            )
            for pid in pids
        ),
        batch_size=5000,
    )
    seat = dict(Participant.objects.filter(consultation=consultation).values_list("number", "pk"))
    Statement.objects.bulk_create(
        Statement(
            consultation=consultation,
            number=c.statement_id,
            text=clean_for_import(c.body),
            author_participant_id=seat.get(c.author_id),
            status=status_of[c.moderated],
            moderated_by=actor if c.moderated else None,
            moderated_at=now if c.moderated else None,
        )
        for c in export.comments
    )
    statement = dict(
        Statement.objects.filter(consultation=consultation).values_list("number", "pk")
    )
    Vote.objects.bulk_create(
        (
            Vote(
                consultation=consultation,
                participant_id=seat[v.participant_id],
                statement_id=statement[v.statement_id],
                value=v.vote,
                cast_at=now,
                seq=entry.seq,
            )
            for v in export.votes
        ),
        batch_size=5000,
    )
    _mark_statements_changed(consultation, entry.seq)
    return {
        "statements": len(export.comments),
        "participants": len(pids),
        "votes": len(export.votes),
    }

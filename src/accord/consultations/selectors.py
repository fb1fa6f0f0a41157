"""Every read of consultations, for the user asking (DESIGN §2 rule 5).

A consultation is visible by its audience (`members.access.visible_to`) and, besides, to the
experts invited to it: an invitation to an open consultation is what lets a participant
without a state in. Absent and hidden answer the same `NotFound`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q, QuerySet

from accord.consultations.models import Analysis, Consultation, Participant, Statement
from accord.domain.errors import NotFound
from accord.domain.opinion import polis
from accord.domain.visibility import can_see
from accord.edge import raw_rows
from accord.edge.pagination import FIRST_PAGE, Page, PageRequest, paginate
from accord.members.models import User

NOT_FOUND = "no such consultation"


def visible_consultations(user: User) -> QuerySet[Consultation]:
    """Consultations `user` may know exist, filtered in the query."""
    base = Consultation.objects.all()
    by_audience = base.visible_to(user.viewer())
    invited = base.filter(pk__in=Participant.objects.filter(user=user).values("consultation_id"))
    return base.filter(Q(pk__in=by_audience.values("pk")) | Q(pk__in=invited.values("pk")))


def list_consultations(user: User, *, page: PageRequest = FIRST_PAGE) -> Page[Consultation]:
    """A page of the consultations `user` may see, newest first."""
    return paginate(visible_consultations(user).select_related("created_by"), page)


def get_consultation(user: User, consultation_id: int) -> Consultation:
    """One consultation by key, or `NotFound` alike for absent and hidden.

    The same rule as `visible_consultations`, applied to the one row: `can_see` (the pure
    twin of `visible_to`) and, failing it, the invitation. Every vote starts here, and this
    costs a primary-key look-up instead of building the list's query with its subqueries.
    """
    found = Consultation.objects.filter(pk=consultation_id).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    if can_see(user.viewer(), found.audience):
        return found
    if Participant.objects.filter(consultation=found, user=user).exists():
        return found
    raise NotFound(NOT_FOUND)


@dataclass(frozen=True)
class Ballot:
    """What a vote needs to know, read together: the consultation, the statements named
    (by number; those missing are absent), and the seat the user votes in, if any."""

    consultation: Consultation
    statements: dict[int, Statement]
    seat: Participant | None


def get_ballot(user: User, consultation_id: int, numbers: Iterable[int]) -> Ballot:
    """The consultation (as `get_consultation`: `NotFound` alike for absent and hidden),
    the statements numbered `numbers` and the user's seat: one query when every statement
    exists, as on every vote but a mistaken one. Its SQL is made once per process and
    number of statements (`accord.edge.raw_rows`): compiling the queryset was most of a
    vote's CPU."""
    wanted = list(numbers)
    connection = connections[Statement.objects.db]
    statement_columns = raw_rows.columns(Statement, "s", connection)
    consultation_columns = raw_rows.columns(Consultation, "c", connection)
    with connection.cursor() as cursor:
        cursor.execute(
            _ballot_sql(connection, len(wanted)),
            [user.pk, user.state_id, consultation_id, *wanted],
        )
        rows = cursor.fetchall()
    if not rows:
        return Ballot(get_consultation(user, consultation_id), {}, None)
    width = statement_columns.count
    consultation = consultation_columns.instance(rows[0], connection, width)
    own, own_number, own_state, state_seat, state_number = rows[0][
        width + consultation_columns.count :
    ]
    if own is None and not can_see(user.viewer(), consultation.audience):
        raise NotFound(NOT_FOUND)
    seat = None
    if consultation.is_state_consultation and state_seat is not None:
        seat = Participant(
            pk=state_seat, consultation=consultation, state_id=user.state_id, number=state_number
        )
    elif not consultation.is_state_consultation and own is not None:
        seat = Participant(
            pk=own, consultation=consultation, user=user, number=own_number, state_id=own_state
        )
    if seat is not None:
        seat._state.adding = False
    statements = {}
    for row in rows:
        statement = statement_columns.instance(row, connection)
        statement.consultation = consultation
        statements[statement.number] = statement
    return Ballot(consultation, statements, seat)


_ballot_sqls: dict[tuple[str, int], str] = {}


def _ballot_sql(connection: BaseDatabaseWrapper, count: int) -> str:
    """The statements numbered (`count` of them) of a consultation, each with its
    consultation's columns and the user's own seat and the user's state's seat (the
    parameters: the user's key, the user's state, the consultation's key, the numbers)."""
    key = (connection.vendor, count)
    sql = _ballot_sqls.get(key)
    if sql is not None:
        return sql
    quote = connection.ops.quote_name
    statements, consultations, seats = (
        quote(model._meta.db_table) for model in (Statement, Consultation, Participant)
    )
    sql = (
        f"SELECT {raw_rows.columns(Statement, 's', connection).sql},"
        f" {raw_rows.columns(Consultation, 'c', connection).sql},"
        " own.id, own.number, own.state_id, seat.id, seat.number"
        f" FROM {statements} s INNER JOIN {consultations} c ON c.id = s.consultation_id"
        # One row or none each: a seat is unique per (consultation, user) and per
        # (consultation, state); a user without a state has no state's seat.
        f" LEFT JOIN {seats} own ON own.consultation_id = c.id AND own.user_id = %s"
        f" LEFT JOIN {seats} seat ON seat.consultation_id = c.id AND seat.state_id = %s"
        f" WHERE s.consultation_id = %s AND s.number IN ({raw_rows.placeholders(count)})"
    )
    if count <= 64:  # the common sizes; a batch of a thousand votes is made each time
        _ballot_sqls[key] = sql
    return sql


def can_moderate(user: User, consultation: Consultation) -> bool:
    """The secretariat moderates; so does whoever opened it (a restricted consultation is
    out of the secretariat's sight, rule 5)."""
    return user.is_secretariat or user.is_superuser or consultation.created_by_id == user.pk


def list_statements(
    user: User, consultation_id: int, *, status: str | None = None, page: PageRequest = FIRST_PAGE
) -> Page[Statement]:
    """A page of the statements of a consultation, by number: pending and rejected ones
    only for moderators and their authors."""
    return paginate(statements_of(user, consultation_id, status=status), page, order=STATEMENTS)


STATEMENTS = ("number", "id")


def statements_of(
    user: User, consultation_id: int, *, status: str | None = None
) -> QuerySet[Statement]:
    """Every statement of a consultation `user` may read (`list_statements`' rows), for the
    consultation's own page, its opinion map and its export, which show them all."""
    consultation = get_consultation(user, consultation_id)
    statements = Statement.objects.filter(consultation=consultation)
    if not can_moderate(user, consultation):
        statements = statements.filter(
            Q(status__in=[Statement.Status.ACCEPTED, Statement.Status.META]) | Q(author=user)
        )
    if status:
        statements = statements.filter(status=status)
    return statements.order_by("number")


def statements_page(
    user: User, consultation: Consultation, *, status: str, page: PageRequest = FIRST_PAGE
) -> Page[Statement]:
    """A page, by number, of the statements of `consultation` (already read for `user`) in
    one moderation status, for its page: those not accepted only for its moderators."""
    if status != Statement.Status.ACCEPTED and not can_moderate(user, consultation):
        return Page([], None)
    rows = Statement.objects.filter(consultation=consultation, status=status)
    return paginate(rows, page, order=STATEMENTS)


def statement_texts(
    user: User, consultation: Consultation, numbers: Iterable[int]
) -> dict[int, str]:
    """Number -> words of the statements numbered `numbers` that `user` may read."""
    rows = Statement.objects.filter(consultation=consultation, number__in=list(numbers))
    if not can_moderate(user, consultation):
        rows = rows.filter(
            Q(status__in=[Statement.Status.ACCEPTED, Statement.Status.META]) | Q(author=user)
        )
    return dict(rows.values_list("number", "text"))


def vote_count(user: User, consultation: Consultation) -> int:
    """How many statements the user's seat has voted on."""
    seat = seat_of(user, consultation)
    return 0 if seat is None else seat.votes.count()


def seat_of(user: User, consultation: Consultation) -> Participant | None:
    """The seat `user` votes in: the state's (state consultations) or the invitation's."""
    if consultation.is_state_consultation:
        if user.state_id is None:
            return None
        return Participant.objects.filter(consultation=consultation, state_id=user.state_id).first()
    return Participant.objects.filter(consultation=consultation, user=user).first()


def next_statement(user: User, consultation: Consultation) -> Statement | None:
    """The first accepted statement the user's seat has not voted on yet."""
    statements = Statement.objects.filter(
        consultation=consultation, status=Statement.Status.ACCEPTED
    ).order_by("number")
    seat = seat_of(user, consultation)
    if seat is not None:
        statements = statements.exclude(votes__participant=seat)
    return statements.first()


def my_votes(user: User, consultation: Consultation) -> dict[int, int]:
    """Statement number → value for the user's seat."""
    seat = seat_of(user, consultation)
    if seat is None:
        return {}
    return dict(seat.votes.values_list("statement__number", "value"))


def get_analysis(user: User, consultation_id: int) -> tuple[Consultation, Analysis | None]:
    """The latest stored analysis (None before the first) of a consultation `user` may see."""
    consultation = get_consultation(user, consultation_id)
    return consultation, Analysis.objects.filter(consultation=consultation).first()


def export_polis(user: User, consultation_id: int) -> dict[str, str]:
    """The consultation in the Pol.is export format: file name → CSV text.

    Rejected and pending statements are exported with their moderation state, as Pol.is
    does; only a moderator sees those, so others get accepted and meta ones only.
    """
    consultation = get_consultation(user, consultation_id)
    statements = list(statements_of(user, consultation_id))
    kept = {s.pk for s in statements}
    moderated = {
        Statement.Status.ACCEPTED: 1,
        Statement.Status.META: 1,
        Statement.Status.PENDING: 0,
        Statement.Status.REJECTED: -1,
    }
    rows = consultation.votes.filter(statement_id__in=kept).values_list(
        "participant__number", "statement__number", "value", "cast_at"
    )
    votes = [
        polis.Vote(
            participant_id=pid,
            statement_id=tid,
            vote=value,
            timestamp=int(cast_at.timestamp() * 1000),
            datetime=cast_at.isoformat(),
        )
        for pid, tid, value, cast_at in rows
    ]
    agrees: dict[int, int] = {}
    disagrees: dict[int, int] = {}
    for vote in votes:
        if vote.vote == 1:
            agrees[vote.statement_id] = agrees.get(vote.statement_id, 0) + 1
        elif vote.vote == -1:
            disagrees[vote.statement_id] = disagrees.get(vote.statement_id, 0) + 1
    authors = dict(
        Participant.objects.filter(consultation=consultation).values_list("pk", "number")
    )
    comments = [
        polis.Comment(
            statement_id=s.number,
            author_id=authors.get(s.author_participant_id or 0, 0),
            agrees=agrees.get(s.number, 0),
            disagrees=disagrees.get(s.number, 0),
            moderated=moderated[Statement.Status(s.status)],
            body=s.text,
            timestamp=int(s.created_at.timestamp() * 1000),
            datetime=s.created_at.isoformat(),
        )
        for s in statements
    ]
    analysis = Analysis.objects.filter(consultation=consultation).first()
    groups: dict[int, int] = {}
    if analysis is not None:
        groups = {int(p[0]): int(p[3]) for p in analysis.result.get("points", []) if p[3] >= 0}
    return {
        polis.COMMENTS_FILE: polis.format_comments(comments),
        polis.VOTES_FILE: polis.format_votes(votes),
        polis.PARTICIPANTS_VOTES_FILE: polis.format_participants_votes(comments, votes, groups),
    }

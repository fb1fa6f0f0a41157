"""Adoption procedures: consensus in session, ad referendum, silence, chair's statement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.domain import consensus as c
from accord.domain.consensus import Outcome, ProcedureKind, Stance
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.negotiation import (
    Alternative,
    Bracket,
    ParagraphKind,
    Revision,
    Text,
    adopted_text,
    new_draft,
    text_hash,
)

T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
MEMBERS = ("CHN", "KAZ", "RUS", "UZB")


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def text() -> Revision:
    return new_draft(
        document_id="tashkent-2021",
        title="Joint statement",
        chair="UZB",
        paragraphs=[
            (ParagraphKind.PREAMBULAR, "Recalling the Charter,"),
            (ParagraphKind.OPERATIVE, "We welcome the dialogue."),
            (ParagraphKind.OPERATIVE, "We agree to meet again."),
        ],
    )


@pytest.fixture
def session(text: Revision) -> c.Procedure:
    return c.open_procedure(
        text,
        kind=ProcedureKind.CONSENSUS,
        members=MEMBERS,
        observers=["UN"],
        chair="UZB",
        now=T0,
    )


@pytest.fixture
def silence(text: Revision) -> c.Procedure:
    return c.open_procedure(
        text,
        kind=ProcedureKind.SILENCE,
        members=MEMBERS,
        observers=["UN"],
        chair="UZB",
        now=T0,
        deadline=at(120),
    )


def approve_all(p: c.Procedure, states: tuple[str, ...], start: float = 1) -> c.Procedure:
    for k, state in enumerate(states):
        p = c.approve(p, state, at(start + k))
    return p


# --- opening ---------------------------------------------------------------------------------


def test_opening_records_the_text_hash_and_paragraph_numbers(
    session: c.Procedure, text: Revision
) -> None:
    assert session.text_hash == text_hash(adopted_text(text))
    assert session.paragraphs == ("PP1", "OP1", "OP2")
    assert session.revision == 1
    assert c.evaluate(session, at(1)).outcome is Outcome.PENDING


def test_a_text_with_brackets_cannot_be_put_to_adoption() -> None:
    bracketed = new_draft(
        document_id="d",
        title="t",
        chair="UZB",
        paragraphs=[
            (
                ParagraphKind.OPERATIVE,
                (Text("We "), Bracket(1, (Alternative("a"), Alternative("b")))),
            )
        ],
    )
    with pytest.raises(RuleViolation, match="still holds brackets"):
        c.open_procedure(
            bracketed, kind=ProcedureKind.CONSENSUS, members=MEMBERS, chair="UZB", now=T0
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": ProcedureKind.SILENCE}, "needs a deadline"),
        ({"kind": ProcedureKind.SILENCE, "deadline": T0}, "deadline must be in the future"),
        ({"kind": ProcedureKind.SILENCE, "deadline": at(-5)}, "deadline must be in the future"),
        ({"kind": ProcedureKind.CONSENSUS, "now": datetime(2021, 7, 15)}, "timezone-aware"),
        ({"kind": ProcedureKind.CONSENSUS, "members": []}, "at least one member"),
        ({"kind": ProcedureKind.CONSENSUS, "observers": ["CHN"]}, "both a member and"),
        ({"kind": ProcedureKind.CONSENSUS, "chair": "UN"}, "chair's state must be"),
    ],
)
def test_bad_procedures_are_refused(
    text: Revision, kwargs: dict[str, object], message: str
) -> None:
    args: dict[str, object] = {"members": MEMBERS, "chair": "UZB", "now": T0} | kwargs
    with pytest.raises(InvalidInput, match=message):
        c.open_procedure(text, **args)  # type: ignore[arg-type]


# --- consensus in session --------------------------------------------------------------------


def test_consensus_adopts_when_the_last_member_approves(session: c.Procedure) -> None:
    p = approve_all(session, MEMBERS[:-1])
    assert c.evaluate(p, at(10)).awaiting == ("UZB",)
    p = c.approve(p, "UZB", at(20))
    result = c.evaluate(p, at(20))
    assert (result.outcome, result.decided_at, result.approving) == (
        Outcome.ADOPTED,
        at(20),
        MEMBERS,
    )
    assert c.evaluate(p, at(10_000)) == result  # the outcome never changes afterwards


def test_one_objection_stops_adoption(session: c.Procedure) -> None:
    p = approve_all(session, ("CHN", "KAZ", "UZB"))
    p = c.object_to(p, "RUS", at(10), reason="OP1 is unbalanced")
    result = c.evaluate(p, at(10))
    assert (result.outcome, result.decided_at, result.reason, result.objecting) == (
        Outcome.FAILED,
        at(10),
        "RUS objected",
        ("RUS",),
    )


def test_nothing_can_be_approved_or_objected_after_adoption(session: c.Procedure) -> None:
    p = approve_all(session, MEMBERS)
    with pytest.raises(RuleViolation, match=r"closed \(adopted at 2021-07-15T09:04:00\.000000Z\)"):
        c.object_to(p, "RUS", at(5))
    with pytest.raises(RuleViolation, match="closed"):
        c.approve(p, "RUS", at(5))


def test_nothing_can_be_approved_after_consensus_failed(session: c.Procedure) -> None:
    p = c.object_to(session, "RUS", at(1))
    with pytest.raises(RuleViolation, match=r"closed \(failed"):
        c.approve(p, "RUS", at(2))


def test_a_later_act_by_the_same_state_replaces_its_earlier_one(session: c.Procedure) -> None:
    p = c.approve(session, "CHN", at(1))
    p = c.approve_ad_referendum(p, "CHN", at(2), confirm_by=at(60))
    assert [(x.state, x.stance) for x in p.positions] == [("CHN", Stance.APPROVE_AD_REF)]
    p = c.approve(p, "CHN", at(3))
    assert [(x.state, x.stance) for x in p.positions] == [("CHN", Stance.APPROVE)]


def test_observers_and_outsiders_cannot_approve_or_object(session: c.Procedure) -> None:
    with pytest.raises(NotPermitted, match="UN is an observer"):
        c.object_to(session, "UN", at(1))
    with pytest.raises(NotPermitted, match="UN is an observer"):
        c.approve(session, "UN", at(1))
    with pytest.raises(NotPermitted, match="USA does not take part"):
        c.object_to(session, "USA", at(1))
    assert session.positions == ()


def test_ad_referendum_confirmed_in_time_counts_as_approval(session: c.Procedure) -> None:
    p = approve_all(session, ("CHN", "KAZ", "UZB"))
    p = c.approve_ad_referendum(p, "RUS", at(10), confirm_by=at(60))
    assert c.evaluate(p, at(30)).outcome is Outcome.PENDING
    assert c.evaluate(p, at(30)).awaiting == ("RUS",)
    p = c.confirm_ad_referendum(p, "RUS", at(45))
    result = c.evaluate(p, at(45))
    assert (result.outcome, result.decided_at) == (Outcome.ADOPTED, at(45))


def test_an_ad_referendum_approval_keeps_what_the_capital_is_to_confirm_through_confirmation(
    session: c.Procedure,
) -> None:
    p = c.approve_ad_referendum(session, "RUS", at(10), confirm_by=at(60), reason="OP3")
    assert p.position("RUS").reason == "OP3"  # type: ignore[union-attr]
    p = c.confirm_ad_referendum(p, "RUS", at(20))
    confirmed = p.position("RUS")
    assert confirmed is not None and (confirmed.reason, confirmed.confirmed_at) == ("OP3", at(20))


def test_ad_referendum_unconfirmed_by_the_deadline_counts_as_objection(
    session: c.Procedure,
) -> None:
    p = approve_all(session, ("CHN", "KAZ", "UZB"))
    p = c.approve_ad_referendum(p, "RUS", at(10), confirm_by=at(60))
    result = c.evaluate(p, at(60))
    assert (result.outcome, result.decided_at, result.reason, result.objecting) == (
        Outcome.FAILED,
        at(60),
        "RUS did not confirm ad referendum in time",
        ("RUS",),
    )
    with pytest.raises(RuleViolation, match="closed"):
        c.confirm_ad_referendum(p, "RUS", at(60))  # the deadline is exclusive


def test_ad_referendum_needs_a_future_confirmation_deadline(session: c.Procedure) -> None:
    with pytest.raises(InvalidInput, match="must be in the future"):
        c.approve_ad_referendum(session, "RUS", at(10), confirm_by=at(10))
    with pytest.raises(InvalidInput, match="timezone-aware"):
        c.approve_ad_referendum(session, "RUS", at(10), confirm_by=datetime(2022, 1, 1))
    with pytest.raises(RuleViolation, match="no ad referendum approval"):
        c.confirm_ad_referendum(session, "RUS", at(10))


def test_a_session_deadline_ends_consensus_that_was_not_reached(text: Revision) -> None:
    p = c.open_procedure(
        text,
        kind=ProcedureKind.CONSENSUS,
        members=MEMBERS,
        chair="UZB",
        now=T0,
        deadline=at(30),
    )
    p = approve_all(p, ("CHN", "KAZ"))
    result = c.evaluate(p, at(30))
    assert (result.outcome, result.decided_at, result.awaiting) == (
        Outcome.FAILED,
        at(30),
        ("RUS", "UZB"),
    )


def test_the_chair_can_close_a_pending_session(session: c.Procedure) -> None:
    p = c.close_procedure(session, at(5))
    assert c.evaluate(p, at(5)).outcome is Outcome.FAILED
    with pytest.raises(RuleViolation, match="already closed"):
        c.close_procedure(p, at(6))


def test_time_never_goes_back_and_must_be_aware(session: c.Procedure) -> None:
    p = c.approve(session, "CHN", at(10))
    with pytest.raises(InvalidInput, match="dated before"):
        c.approve(p, "KAZ", at(5))
    with pytest.raises(InvalidInput, match="timezone-aware"):
        c.approve(p, "KAZ", datetime(2021, 7, 15, 10))
    with pytest.raises(InvalidInput, match="timezone-aware"):
        c.evaluate(p, datetime(2021, 7, 15, 10))


def test_any_timezone_works_as_long_as_it_is_aware(session: c.Procedure) -> None:
    tashkent = timezone(timedelta(hours=5))
    p = approve_all(session, MEMBERS[:-1])
    p = c.approve(p, "UZB", datetime(2021, 7, 15, 14, 30, tzinfo=tashkent))
    assert c.evaluate(p, at(31)).decided_at == at(30)


# --- silence procedure -----------------------------------------------------------------------


def test_silence_adopts_the_text_at_the_deadline(silence: c.Procedure) -> None:
    assert c.evaluate(silence, at(119)).outcome is Outcome.PENDING
    result = c.evaluate(silence, at(120))
    assert (result.outcome, result.decided_at, result.approving) == (
        Outcome.ADOPTED,
        at(120),
        MEMBERS,
    )


def test_breaking_silence_returns_the_text_to_negotiation(silence: c.Procedure) -> None:
    p = c.break_silence(silence, "RUS", at(30), reason="OP2 needs a date")
    result = c.evaluate(p, at(500))
    assert (result.outcome, result.decided_at, result.reason) == (
        Outcome.RETURNED,
        at(30),
        "RUS broke silence: OP2 needs a date",
    )
    with pytest.raises(RuleViolation, match="closed"):
        c.break_silence(p, "CHN", at(31), reason="also")


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_breaking_silence_needs_a_written_reason(silence: c.Procedure, reason: str) -> None:
    with pytest.raises(InvalidInput, match="written reason"):
        c.break_silence(silence, "RUS", at(30), reason=reason)


def test_silence_broken_at_the_deadline_is_too_late(silence: c.Procedure) -> None:
    with pytest.raises(RuleViolation, match=r"closed \(adopted"):
        c.break_silence(silence, "RUS", at(120), reason="late")


def test_in_silence_members_neither_approve_nor_object(silence: c.Procedure) -> None:
    with pytest.raises(RuleViolation, match="silence is consent"):
        c.approve(silence, "RUS", at(1))
    with pytest.raises(RuleViolation, match="silence is consent"):
        c.object_to(silence, "RUS", at(1))
    with pytest.raises(NotPermitted, match="observer"):
        c.break_silence(silence, "UN", at(1), reason="no")


def test_there_is_no_silence_to_break_in_session(session: c.Procedure) -> None:
    with pytest.raises(RuleViolation, match="no silence to break"):
        c.break_silence(session, "RUS", at(1), reason="x")


# --- explanations, dissociations, records ----------------------------------------------------


def test_explanations_and_dissociations_go_into_the_adoption_record(silence: c.Procedure) -> None:
    p = c.explain_position(
        silence, "RUS", at(10), text="We read OP1 as …", dissociate_from=["OP2", "OP1"]
    )
    p = c.explain_position(p, "CHN", at(11), text="", dissociate_from=["PP1"])
    p = c.explain_position(p, "RUS", at(12), text="We read OP1 narrowly.", dissociate_from=["OP1"])
    record = c.adoption_record(p, at(200))
    assert record.to_dict() == {
        "format": "accord-adoption-record/1",
        "document_id": "tashkent-2021",
        "revision": 1,
        "text_sha256": silence.text_hash,
        "procedure": "silence",
        "opened_at": "2021-07-15T09:00:00.000000Z",
        "closed_at": "2021-07-15T11:00:00.000000Z",
        "adopted_by": ["CHN", "KAZ", "RUS", "UZB"],
        "explanations": [
            {
                "state": "CHN",
                "text": "",
                "dissociated_from": ["PP1"],
                "at": "2021-07-15T09:11:00.000000Z",
            },
            {
                "state": "RUS",
                "text": "We read OP1 narrowly.",
                "dissociated_from": ["OP1"],
                "at": "2021-07-15T09:12:00.000000Z",
            },
        ],
    }
    assert c.record_from_dict(record.to_dict()) == record
    assert len(record.record_hash()) == 64


def test_an_explanation_needs_a_joining_member_and_real_paragraphs(session: c.Procedure) -> None:
    with pytest.raises(RuleViolation, match="must join consensus"):
        c.explain_position(session, "RUS", at(1), text="x")
    p = c.approve_ad_referendum(session, "RUS", at(1), confirm_by=at(30))
    with pytest.raises(InvalidInput, match="no paragraph OP9"):
        c.explain_position(p, "RUS", at(2), text="x", dissociate_from=["OP9"])
    with pytest.raises(InvalidInput, match="write an explanation"):
        c.explain_position(p, "RUS", at(2), text="  ")
    with pytest.raises(NotPermitted):
        c.explain_position(p, "UN", at(2), text="x")
    p = c.explain_position(p, "RUS", at(2), text="x", dissociate_from=["OP1"])
    assert p.explanations[0].dissociated_from == ("OP1",)


def test_no_adoption_record_before_adoption(session: c.Procedure) -> None:
    with pytest.raises(RuleViolation, match=r"has not been adopted \(pending\)"):
        c.adoption_record(session, at(1))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(adopted_by=[]), "at least one adopting state"),
        (lambda d: d.update(adopted_by=["RUS", "CHN"]), "unique and sorted"),
        (lambda d: d.update(closed_at="2021-07-15T08:00:00.000000Z"), "close before it opened"),
        (lambda d: d.update(procedure="vote"), "vote"),
        (lambda d: d.update(opened_at="yesterday"), "not a UTC time"),
        (lambda d: d.pop("revision"), "'revision'"),
        (lambda d: d.update(format="other"), "format"),
    ],
)
def test_a_malformed_adoption_record_is_refused(
    silence: c.Procedure, mutate: object, message: str
) -> None:
    d = c.adoption_record(silence, at(200)).to_dict()
    mutate(d)  # type: ignore[operator]
    with pytest.raises(InvalidInput, match=message):
        c.record_from_dict(d)


def test_a_chairs_statement_is_labelled_unsigned_and_never_agreed(session: c.Procedure) -> None:
    with pytest.raises(RuleViolation, match="when consensus fails"):
        c.chair_statement(session, at(1), text="Summary")
    p = c.object_to(session, "RUS", at(2))
    statement = c.chair_statement(p, at(3), text="The chair notes broad support for OP1.")
    assert (statement.label, statement.agreed, statement.signed) == (
        "Chair's statement",
        False,
        False,
    )
    assert statement.to_dict() == {
        "format": "accord-chair-statement/1",
        "label": "Chair's statement",
        "notice": c.CHAIR_STATEMENT_NOTICE,
        "agreed": False,
        "signed": False,
        "document_id": "tashkent-2021",
        "revision": 1,
        "chair": "UZB",
        "issued_at": "2021-07-15T09:03:00.000000Z",
        "text": "The chair notes broad support for OP1.",
    }
    adopted = approve_all(session, MEMBERS)
    with pytest.raises(RuleViolation, match="this procedure is adopted"):
        c.chair_statement(adopted, at(10), text="x")


# --- properties ------------------------------------------------------------------------------

ACTS = st.tuples(
    st.sampled_from(["approve", "ad-ref", "confirm", "object", "break", "close"]),
    st.sampled_from([*MEMBERS, "UN"]),
    st.integers(0, 30),
)


# The `text` fixture is an immutable revision: sharing it between examples is safe.
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kind=st.sampled_from(list(ProcedureKind)), acts=st.lists(ACTS, max_size=12))
def test_an_outcome_once_reached_never_changes_and_refuses_further_acts(
    text: Revision, kind: ProcedureKind, acts: list[tuple[str, str, int]]
) -> None:
    p = c.open_procedure(
        text, kind=kind, members=MEMBERS, observers=["UN"], chair="UZB", now=T0, deadline=at(200)
    )
    now = 0.0
    for act, state, step in acts:
        now += step
        before = p
        try:
            if act == "approve":
                p = c.approve(p, state, at(now))
            elif act == "ad-ref":
                p = c.approve_ad_referendum(p, state, at(now), confirm_by=at(now + 20))
            elif act == "confirm":
                p = c.confirm_ad_referendum(p, state, at(now))
            elif act == "object":
                p = c.object_to(p, state, at(now))
            elif act == "break":
                p = c.break_silence(p, state, at(now), reason="no")
            else:
                p = c.close_procedure(p, at(now))
        except (RuleViolation, NotPermitted, InvalidInput):
            assert p is before  # a refused act changes nothing
        assert all(x.state in MEMBERS for x in p.positions)  # observers never hold a position
        assert len({x.state for x in p.positions}) == len(p.positions)  # one voice each
    result = c.evaluate(p, at(now))
    for later in (now, now + 1, now + 100, now + 10_000):
        again = c.evaluate(p, at(later))
        if result.outcome is not Outcome.PENDING:
            assert (again.outcome, again.decided_at) == (result.outcome, result.decided_at)
            with pytest.raises(RuleViolation):
                c.approve(p, "CHN", at(later))
    final = c.evaluate(p, at(now + 10_000))
    assert final.outcome is not Outcome.PENDING  # every procedure ends
    if final.outcome is Outcome.ADOPTED:
        assert not any(x.stance in (Stance.OBJECT, Stance.BREAK_SILENCE) for x in p.positions)

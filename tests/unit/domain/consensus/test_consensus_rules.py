"""The rules of adoption pinned one by one, and as properties over the states that matter.

The properties draw procedures from strategies that reach the interesting states often:
unanimity (most acts are approvals), several failures at once, deadlines hit exactly (every
time is on a small grid, deadlines included) and acts at the same instant.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.domain import consensus as c
from accord.domain.consensus import Outcome, ProcedureKind, Stance
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.negotiation import ParagraphKind, new_draft

T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
MEMBERS = ("CHN", "KAZ", "RUS", "UZB")
TEXT = new_draft(
    document_id="tashkent-2021",
    title="Joint statement",
    chair="UZB",
    paragraphs=[
        (ParagraphKind.PREAMBULAR, "Recalling the Charter,"),
        (ParagraphKind.OPERATIVE, "We welcome the dialogue."),
        (ParagraphKind.OPERATIVE, "We agree to meet again."),
    ],
)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def opened(
    kind: ProcedureKind = ProcedureKind.CONSENSUS, deadline: float | None = None
) -> c.Procedure:
    return c.open_procedure(
        TEXT,
        kind=kind,
        members=MEMBERS,
        observers=["UN"],
        chair="UZB",
        now=T0,
        deadline=None if deadline is None else at(deadline),
    )


def approve_all(p: c.Procedure, minute: float, states: tuple[str, ...] = MEMBERS) -> c.Procedure:
    for state in states:
        p = c.approve(p, state, at(minute))
    return p


def standing(result: c.Evaluation) -> tuple[object, ...]:
    return (
        result.outcome,
        result.decided_at,
        result.reason,
        result.approving,
        result.awaiting,
        result.objecting,
    )


# --- opening ---------------------------------------------------------------------------------


def test_opening_names_the_revision_its_members_and_the_opening_instant() -> None:
    p = c.open_procedure(
        TEXT,
        kind="consensus",
        members=["UZB", "CHN"],
        chair="UZB",
        now=at(1),  # type: ignore[arg-type]
    )
    assert (p.kind, p.document_id, p.revision, p.members, p.observers, p.chair) == (
        ProcedureKind.CONSENSUS,
        "tashkent-2021",
        1,
        frozenset({"UZB", "CHN"}),
        frozenset(),
        "UZB",
    )
    assert (p.opened_at, p.last_act_at, p.deadline, p.positions, p.closed_at) == (
        at(1),
        at(1),
        None,
        (),
        None,
    )


def test_a_consensus_deadline_is_optional_but_must_be_aware_and_in_the_future() -> None:
    assert opened(deadline=30).deadline == at(30)
    with pytest.raises(InvalidInput, match="the deadline must be a timezone-aware datetime"):
        c.open_procedure(
            TEXT,
            kind=ProcedureKind.CONSENSUS,
            members=MEMBERS,
            chair="UZB",
            now=T0,
            deadline=datetime(2021, 7, 16),
        )
    with pytest.raises(InvalidInput, match="the deadline must be in the future"):
        opened(deadline=0)


# --- standing and outcome, example by example -------------------------------------------------


def test_a_pending_session_says_who_approves_and_who_is_awaited() -> None:
    p = c.approve(opened(), "KAZ", at(1))
    p = c.approve_ad_referendum(p, "CHN", at(2), confirm_by=at(30))
    assert standing(c.evaluate(p, at(3))) == (
        Outcome.PENDING,
        None,
        "awaiting approvals",
        ("KAZ",),
        ("CHN", "RUS", "UZB"),
        (),
    )


def test_a_failed_session_keeps_everyone_in_their_place() -> None:
    p = c.approve(opened(), "KAZ", at(1))
    p = c.object_to(p, "RUS", at(2), reason="  not yet  ")
    assert p.position("RUS") == c.Position("RUS", Stance.OBJECT, at(2), reason="not yet")
    assert standing(c.evaluate(p, at(2))) == (
        Outcome.FAILED,
        at(2),
        "RUS objected",
        ("KAZ",),
        ("CHN", "UZB"),
        ("RUS",),
    )


def test_adoption_comes_with_the_last_confirmation_not_the_ad_referendum_approval() -> None:
    p = c.approve_ad_referendum(opened(), "CHN", at(1), confirm_by=at(60))
    p = approve_all(p, 5, ("KAZ", "RUS", "UZB"))
    p = c.confirm_ad_referendum(p, "CHN", at(9))
    assert standing(c.evaluate(p, at(9))) == (
        Outcome.ADOPTED,
        at(9),
        "every member approved",
        MEMBERS,
        (),
        (),
    )
    assert c.adoption_record(p, at(100)).closed_at == at(9)


def test_an_early_confirmation_does_not_date_adoption_before_the_last_approval() -> None:
    p = c.approve_ad_referendum(opened(), "CHN", at(1), confirm_by=at(60))
    p = c.confirm_ad_referendum(p, "CHN", at(2))
    p = approve_all(p, 7, ("KAZ", "RUS", "UZB"))
    assert c.evaluate(p, at(8)).decided_at == at(7)


def test_with_several_failures_the_earliest_decides_whatever_its_reason() -> None:
    # "UZB objected" sorts after "CHN did not confirm…", but came first.
    p = c.approve_ad_referendum(opened(deadline=50), "CHN", at(1), confirm_by=at(20))
    p = c.object_to(p, "UZB", at(10))
    early = c.evaluate(p, at(10))
    assert (early.outcome, early.decided_at, early.reason) == (
        Outcome.FAILED,
        at(10),
        "UZB objected",
    )
    for later in (20, 50, 1000):
        assert standing(c.evaluate(p, at(later)))[:3] == standing(early)[:3]


def test_a_failure_at_the_instant_of_the_last_approval_wins() -> None:
    # A procedure as the app stores it: every member approved at 5, the chair closed it at 5.
    p = replace(approve_all(opened(), 5), closed_at=at(5))
    result = c.evaluate(p, at(5))
    assert (result.outcome, result.decided_at, result.reason) == (
        Outcome.FAILED,
        at(5),
        "the chair closed it without consensus",
    )


def test_a_failure_after_the_last_approval_does_not_undo_adoption() -> None:
    p = replace(approve_all(opened(), 5), closed_at=at(6))
    assert (c.evaluate(p, at(6)).outcome, c.evaluate(p, at(6)).decided_at) == (
        Outcome.ADOPTED,
        at(5),
    )


def test_an_adopted_session_stays_adopted_when_its_deadline_passes() -> None:
    p = approve_all(opened(deadline=30), 5)
    for minute in (29, 30, 31, 10_000):
        result = c.evaluate(p, at(minute))
        assert (result.outcome, result.decided_at) == (Outcome.ADOPTED, at(5))


def test_the_session_deadline_fails_consensus_at_that_very_instant() -> None:
    p = approve_all(opened(deadline=30), 1, ("CHN", "KAZ"))
    assert c.evaluate(p, at(29)).outcome is Outcome.PENDING
    assert standing(c.evaluate(p, at(30))) == (
        Outcome.FAILED,
        at(30),
        "the session ended without consensus",
        ("CHN", "KAZ"),
        ("RUS", "UZB"),
        (),
    )
    with pytest.raises(RuleViolation, match=r"closed \(failed at 2021-07-15T09:30:00\.000000Z\)"):
        c.object_to(p, "RUS", at(30))  # an objection at the deadline is too late to count


def test_an_objection_needs_no_reason() -> None:
    p = c.object_to(opened(), "RUS", at(2))
    assert p.position("RUS") == c.Position("RUS", Stance.OBJECT, at(2), reason="")


def test_closing_a_session_fails_it_at_the_closing_instant() -> None:
    p = c.close_procedure(c.approve(opened(), "CHN", at(1)), at(4))
    assert (p.closed_at, p.last_act_at) == (at(4), at(4))
    assert standing(c.evaluate(p, at(9))) == (
        Outcome.FAILED,
        at(4),
        "the chair closed it without consensus",
        ("CHN",),
        ("KAZ", "RUS", "UZB"),
        (),
    )
    with pytest.raises(RuleViolation, match=r"already closed \(failed\)"):
        c.close_procedure(p, at(5))


def test_closing_refuses_a_naive_time_and_a_decided_procedure() -> None:
    with pytest.raises(InvalidInput, match="now must be a timezone-aware datetime"):
        c.close_procedure(opened(), datetime(2021, 7, 15, 10))
    with pytest.raises(RuleViolation, match=r"already closed \(adopted\)"):
        c.close_procedure(approve_all(opened(), 1), at(2))


def test_an_unconfirmed_ad_referendum_stands_as_an_objection_from_its_deadline() -> None:
    p = approve_all(opened(), 1, ("KAZ", "RUS", "UZB"))
    p = c.approve_ad_referendum(p, "CHN", at(2), confirm_by=at(20))
    assert c.evaluate(p, at(19)).awaiting == ("CHN",)
    assert standing(c.evaluate(p, at(20))) == (
        Outcome.FAILED,
        at(20),
        "CHN did not confirm ad referendum in time",
        ("KAZ", "RUS", "UZB"),
        (),
        ("CHN",),
    )


# --- silence -----------------------------------------------------------------------------------


def test_silence_runs_until_its_deadline_with_every_member_awaited() -> None:
    assert standing(c.evaluate(opened(ProcedureKind.SILENCE, deadline=60), at(59))) == (
        Outcome.PENDING,
        None,
        "silence runs until the deadline",
        (),
        MEMBERS,
        (),
    )
    assert standing(c.evaluate(opened(ProcedureKind.SILENCE, deadline=60), at(60))) == (
        Outcome.ADOPTED,
        at(60),
        "nobody broke silence before the deadline",
        MEMBERS,
        (),
        (),
    )


def test_the_first_to_break_silence_is_named_even_when_others_follow_at_once() -> None:
    p = opened(ProcedureKind.SILENCE, deadline=60)
    p = c.break_silence(p, "UZB", at(10), reason="  OP2 needs a date ")
    # A later break cannot happen through the acts (the text is back in negotiation); the
    # stored procedure may still hold two, and the earlier one decides.
    p = replace(p, positions=(c.Position("CHN", Stance.BREAK_SILENCE, at(11), reason="x"),
                              *p.positions))  # fmt: skip
    assert standing(c.evaluate(p, at(70))) == (
        Outcome.RETURNED,
        at(10),
        "UZB broke silence: OP2 needs a date",
        (),
        (),
        ("UZB",),
    )


def test_a_chair_who_withdraws_a_silence_text_returns_it_to_negotiation() -> None:
    p = c.close_procedure(opened(ProcedureKind.SILENCE, deadline=60), at(5))
    assert standing(c.evaluate(p, at(70))) == (
        Outcome.RETURNED,
        at(5),
        "the chair withdrew the text",
        (),
        (),
        (),
    )
    statement = c.chair_statement(p, at(71), text="The chair withdrew the text.")
    assert (statement.document_id, statement.revision, statement.chair, statement.issued_at) == (
        "tashkent-2021",
        1,
        "UZB",
        at(71),
    )


# --- acts ----------------------------------------------------------------------------------------


def test_an_act_at_the_opening_instant_counts_and_one_before_it_is_refused() -> None:
    p = opened()
    with pytest.raises(InvalidInput, match="dated before the procedure's latest act"):
        c.approve(p, "CHN", T0 - timedelta(microseconds=1))
    assert c.approve(p, "CHN", T0).position("CHN") == c.Position("CHN", Stance.APPROVE, T0)


def test_acts_at_the_same_instant_all_count() -> None:
    p = approve_all(opened(), 3, ("CHN", "KAZ"))
    p = c.explain_position(p, "CHN", at(3), text="We read OP1 narrowly.")
    assert (p.last_act_at, [x.state for x in p.positions]) == (at(3), ["CHN", "KAZ"])


def test_every_act_moves_the_latest_act_forward() -> None:
    p = c.approve_ad_referendum(opened(), "CHN", at(1), confirm_by=at(30))
    assert p.last_act_at == at(1)
    p = c.confirm_ad_referendum(p, "CHN", at(2))
    assert (p.last_act_at, p.position("CHN")) == (
        at(2),
        c.Position("CHN", Stance.APPROVE_AD_REF, at(1), at(30), at(2)),
    )
    with pytest.raises(InvalidInput, match="dated before"):
        c.object_to(p, "KAZ", at(1.5))  # the confirmation was the latest act
    p = c.explain_position(p, "CHN", at(3), text="x")
    assert p.last_act_at == at(3)
    with pytest.raises(InvalidInput, match="dated before"):
        c.object_to(p, "KAZ", at(2))
    s = c.break_silence(opened(ProcedureKind.SILENCE, deadline=60), "KAZ", at(4), reason="no")
    assert s.last_act_at == at(4)


def test_a_state_confirms_its_ad_referendum_approval_once() -> None:
    p = c.approve_ad_referendum(opened(), "CHN", at(1), confirm_by=at(30))
    p = c.confirm_ad_referendum(p, "CHN", at(2))
    with pytest.raises(RuleViolation, match="CHN has already confirmed"):
        c.confirm_ad_referendum(p, "CHN", at(3))
    plain = c.approve(opened(), "KAZ", at(1))
    with pytest.raises(RuleViolation, match="KAZ has no ad referendum approval to confirm"):
        c.confirm_ad_referendum(plain, "KAZ", at(2))


def test_a_second_approval_by_the_same_state_is_refused_and_changes_nothing() -> None:
    p = c.approve(opened(), "CHN", at(1))
    with pytest.raises(RuleViolation, match="CHN has already approved this text"):
        c.approve(p, "CHN", at(2))
    confirmed = c.confirm_ad_referendum(
        c.approve_ad_referendum(opened(), "KAZ", at(1), confirm_by=at(30)), "KAZ", at(2)
    )
    with pytest.raises(RuleViolation, match="KAZ has already approved this text"):
        c.approve(confirmed, "KAZ", at(3))
    assert p.position("CHN") == c.Position("CHN", Stance.APPROVE, at(1))


def test_the_same_ad_referendum_approval_twice_is_refused_but_a_new_deadline_replaces_it() -> None:
    p = c.approve_ad_referendum(opened(), "CHN", at(1), confirm_by=at(30))
    with pytest.raises(RuleViolation, match="already approved this text ad referendum"):
        c.approve_ad_referendum(p, "CHN", at(2), confirm_by=at(30))
    later = c.approve_ad_referendum(p, "CHN", at(2), confirm_by=at(40))
    assert later.position("CHN") == c.Position("CHN", Stance.APPROVE_AD_REF, at(2), at(40))
    unconfirmed = c.approve(p, "CHN", at(3))  # a plain approval replaces an unconfirmed one
    assert unconfirmed.position("CHN") == c.Position("CHN", Stance.APPROVE, at(3))


def test_a_confirmation_deadline_at_the_act_itself_is_refused() -> None:
    with pytest.raises(InvalidInput, match="the confirmation deadline must be in the future"):
        c.approve_ad_referendum(opened(), "CHN", at(5), confirm_by=at(5))
    p = c.approve_ad_referendum(opened(), "CHN", at(5), confirm_by=at(5.001))
    assert p.position("CHN") == c.Position("CHN", Stance.APPROVE_AD_REF, at(5), at(5.001))


def test_an_observer_is_refused_before_anything_else_is_checked() -> None:
    decided = approve_all(opened(), 1)
    with pytest.raises(NotPermitted, match="UN is an observer"):
        c.approve(decided, "UN", at(2))
    with pytest.raises(NotPermitted, match="FRA does not take part"):
        c.approve(decided, "FRA", at(2))


def test_a_silence_member_explains_without_approving_and_its_text_is_trimmed() -> None:
    p = c.explain_position(
        opened(ProcedureKind.SILENCE, deadline=60),
        "KAZ",
        at(1),
        text="  We read OP1 narrowly.  ",
        dissociate_from=["OP2", "PP1"],
    )
    assert p.explanations == (c.Explanation("KAZ", "We read OP1 narrowly.", ("PP1", "OP2"), at(1)),)


def test_a_dissociation_alone_is_an_explanation_and_an_empty_one_is_refused() -> None:
    p = c.approve(opened(), "KAZ", at(1))
    p = c.explain_position(p, "KAZ", at(2), text=" ", dissociate_from=["OP1"])
    assert p.explanations == (c.Explanation("KAZ", "", ("OP1",), at(2)),)
    with pytest.raises(InvalidInput, match="write an explanation or name the paragraphs"):
        c.explain_position(p, "KAZ", at(3), text=" ", dissociate_from=[])


def test_an_objecting_member_cannot_explain_as_if_it_joined() -> None:
    p = c.object_to(opened(deadline=60), "KAZ", at(1))
    with pytest.raises(RuleViolation, match="the procedure is closed"):
        c.explain_position(p, "KAZ", at(2), text="x")


def test_the_same_explanation_twice_is_refused_and_a_changed_one_replaces_it() -> None:
    p = c.approve(opened(), "KAZ", at(1))
    p = c.explain_position(p, "KAZ", at(2), text=" We read OP1 narrowly. ", dissociate_from=["OP1"])
    with pytest.raises(RuleViolation, match="KAZ has already attached this explanation"):
        c.explain_position(p, "KAZ", at(3), text="We read OP1 narrowly.", dissociate_from=["OP1"])
    wider = c.explain_position(
        p, "KAZ", at(3), text="We read OP1 narrowly.", dissociate_from=["OP1", "OP2"]
    )
    assert wider.explanations == (
        c.Explanation("KAZ", "We read OP1 narrowly.", ("OP1", "OP2"), at(3)),
    )


def test_explanations_are_kept_one_per_state_in_state_order() -> None:
    p = approve_all(opened(), 1, ("UZB", "CHN"))
    p = c.explain_position(p, "UZB", at(2), text="first")
    p = c.explain_position(p, "CHN", at(3), text="second")
    p = c.explain_position(p, "UZB", at(4), text="third")
    assert [(e.state, e.text) for e in p.explanations] == [("CHN", "second"), ("UZB", "third")]


# --- what a procedure produces -------------------------------------------------------------------


def test_the_adoption_record_names_every_member_and_the_instant_of_adoption() -> None:
    p = approve_all(opened(), 7, ("UZB", "RUS", "KAZ", "CHN"))
    record = c.adoption_record(p, at(100))
    assert record == c.AdoptionRecord(
        document_id="tashkent-2021",
        revision=1,
        text_hash=p.text_hash,
        procedure=ProcedureKind.CONSENSUS,
        opened_at=T0,
        closed_at=at(7),
        adopted_by=MEMBERS,
        explanations=(),
    )


def test_no_adoption_record_for_a_failed_procedure() -> None:
    with pytest.raises(RuleViolation, match=r"the text has not been adopted \(failed\)"):
        c.adoption_record(c.object_to(opened(), "RUS", at(1)), at(2))


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_a_chairs_statement_needs_words(text: str) -> None:
    failed = c.object_to(opened(), "RUS", at(1))
    with pytest.raises(InvalidInput, match="a chair's statement needs text"):
        c.chair_statement(failed, at(2), text=text)


def test_no_chairs_statement_while_adoption_is_pending_or_done() -> None:
    with pytest.raises(RuleViolation, match="this procedure is pending"):
        c.chair_statement(opened(), at(1), text="x")
    silence = opened(ProcedureKind.SILENCE, deadline=60)
    with pytest.raises(RuleViolation, match="this procedure is adopted"):
        c.chair_statement(silence, at(60), text="x")


# --- properties ----------------------------------------------------------------------------------

# Minutes on a small grid, so that acts share instants and deadlines are hit exactly.
MINUTE = st.integers(0, 6)
# Approvals dominate, so that many drawn procedures reach unanimity.
ACT = st.sampled_from(
    ["approve"] * 6 + ["ad-ref", "confirm", "object", "break", "break", "explain", "close"]
)
STATE = st.sampled_from([*MEMBERS, *MEMBERS, "UN"])


@st.composite
def procedures(draw: st.DrawFn) -> tuple[c.Procedure, int]:
    """A procedure after a run of acts (each accepted or refused), and the last act's minute."""
    kind = draw(st.sampled_from(list(ProcedureKind)))
    deadlines = st.integers(1, 12)
    deadline = draw(deadlines if kind is ProcedureKind.SILENCE else st.none() | deadlines)
    p = opened(kind, deadline)
    minute = 0
    for act, state, step in draw(st.one_of(_any_acts(), _unanimous(), _unanimous(), _contested())):
        minute += step if draw(st.booleans()) else 0
        p = _act(p, act, state, minute, confirm_by=minute + draw(st.integers(1, 6)))
    return p, minute


@st.composite
def _contested(draw: st.DrawFn) -> list[tuple[str, str, int]]:
    """An ad referendum approval left unconfirmed and an objection: two failures at once."""
    waiting, objecting = draw(st.permutations(MEMBERS))[:2]
    script = [("ad-ref", waiting, draw(MINUTE)), ("object", objecting, draw(MINUTE))]
    return draw(st.permutations(script)) + draw(st.lists(st.tuples(ACT, STATE, MINUTE), max_size=3))


def _any_acts() -> st.SearchStrategy[list[tuple[str, str, int]]]:
    return st.lists(st.tuples(ACT, STATE, MINUTE), max_size=14)


@st.composite
def _unanimous(draw: st.DrawFn) -> list[tuple[str, str, int]]:
    """Every member approves (some ad referendum, then confirming), then maybe more acts."""
    script: list[tuple[str, str, int]] = []
    for state in draw(st.permutations(MEMBERS)):
        if draw(st.booleans()):
            script.append(("approve", state, draw(MINUTE)))
        else:
            script += [("ad-ref", state, draw(MINUTE)), ("confirm", state, draw(MINUTE))]
    return script + draw(st.lists(st.tuples(ACT, STATE, MINUTE), max_size=3))


def _act(p: c.Procedure, act: str, state: str, minute: int, *, confirm_by: int) -> c.Procedure:
    try:
        if act == "approve":
            return c.approve(p, state, at(minute))
        if act == "ad-ref":
            return c.approve_ad_referendum(p, state, at(minute), confirm_by=at(confirm_by))
        if act == "confirm":
            return c.confirm_ad_referendum(p, state, at(minute))
        if act == "object":
            return c.object_to(p, state, at(minute))
        if act == "break":
            return c.break_silence(p, state, at(minute), reason="no")
        if act == "explain":
            return c.explain_position(p, state, at(minute), text="why", dissociate_from=["OP1"])
        return c.close_procedure(p, at(minute))
    except (RuleViolation, NotPermitted, InvalidInput):
        return p


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(procedures(), st.integers(0, 20))
def test_a_decided_outcome_never_changes_with_a_later_evaluation(
    drawn: tuple[c.Procedure, int], wait: int
) -> None:
    p, minute = drawn
    first = None
    for later in range(minute, minute + wait + 14):
        result = c.evaluate(p, at(later))
        if first is None and result.outcome is not Outcome.PENDING:
            first = result
        if first is not None:
            assert standing(result)[:3] == standing(first)[:3]
            assert result.decided_at is not None and T0 <= result.decided_at <= at(later)
    if p.deadline is not None:
        assert first is not None  # a procedure with a deadline ends by it


@PROPERTY
@given(procedures())
def test_unanimity_adopts_at_the_last_approval_unless_a_failure_came_first(
    drawn: tuple[c.Procedure, int],
) -> None:
    p, minute = drawn
    result = c.evaluate(p, at(minute))
    if p.kind is not ProcedureKind.CONSENSUS:
        return
    counting = [x for x in p.positions if x.approves]
    if len(counting) == len(MEMBERS) and p.closed_at is None:
        last = max(x.confirmed_at or x.at for x in counting)
        failed = p.deadline is not None and p.deadline <= last
        assert result.outcome is (Outcome.FAILED if failed else Outcome.ADOPTED)
        assert result.decided_at == (p.deadline if failed else last)
    if result.outcome is Outcome.ADOPTED:
        assert result.approving == MEMBERS and len(counting) == len(MEMBERS)


@PROPERTY
@given(procedures(), ACT, st.sampled_from(MEMBERS), st.integers(1, 30))
def test_no_act_is_dated_before_the_latest_act(
    drawn: tuple[c.Procedure, int], act: str, state: str, back: int
) -> None:
    p, _ = drawn
    assert p.last_act_at is not None
    earlier = p.last_act_at - timedelta(seconds=back)
    if act == "close":
        return  # the chair's close is checked against the outcome, not the latest act
    with pytest.raises(InvalidInput, match="dated before the procedure's latest act"):
        _strict_act(p, act, state, earlier)


def _strict_act(p: c.Procedure, act: str, state: str, when: datetime) -> c.Procedure:
    if act == "approve":
        return c.approve(p, state, when)
    if act == "ad-ref":
        return c.approve_ad_referendum(p, state, when, confirm_by=when + timedelta(hours=1))
    if act == "confirm":
        return c.confirm_ad_referendum(p, state, when)
    if act == "object":
        return c.object_to(p, state, when)
    if act == "break":
        return c.break_silence(p, state, when, reason="no")
    return c.explain_position(p, state, when, text="why")


@PROPERTY
@given(procedures(), st.sampled_from(["object", "break"]), st.sampled_from(MEMBERS))
def test_an_objection_at_the_deadline_instant_is_too_late(
    drawn: tuple[c.Procedure, int], act: str, state: str
) -> None:
    p, minute = drawn
    if p.deadline is None or p.deadline < at(minute):
        return
    before = c.evaluate(p, p.deadline)
    with pytest.raises((RuleViolation, InvalidInput)):
        _strict_act(p, act, state, p.deadline)
    assert c.evaluate(p, p.deadline) == before
    if c.evaluate(p, at(minute)).outcome is Outcome.PENDING:
        # Pending until the deadline: it is decided at the deadline, and by the deadline alone.
        expected = Outcome.ADOPTED if p.kind is ProcedureKind.SILENCE else Outcome.FAILED
        stale = any(x.confirm_by is not None and x.confirmed_at is None for x in p.positions)
        if not stale:
            assert (before.outcome, before.decided_at) == (expected, p.deadline)


@PROPERTY
@given(procedures())
def test_one_state_one_voice(drawn: tuple[c.Procedure, int]) -> None:
    p, minute = drawn
    states = [x.state for x in p.positions]
    assert states == sorted(set(states)) and set(states) <= set(MEMBERS)
    assert [e.state for e in p.explanations] == sorted({e.state for e in p.explanations})
    result = c.evaluate(p, at(minute))
    placed = [*result.approving, *result.awaiting, *result.objecting]
    if result.outcome is not Outcome.RETURNED:
        assert sorted(placed) == sorted(MEMBERS) and len(set(placed)) == len(placed)


@PROPERTY
@given(procedures(), ACT, STATE, MINUTE)
def test_a_refused_act_changes_nothing_and_an_accepted_one_is_the_states_only_voice(
    drawn: tuple[c.Procedure, int], act: str, state: str, step: int
) -> None:
    p, minute = drawn
    try:
        after = _strict_act(p, act, state, at(minute + step)) if act != "close" else p
    except (RuleViolation, NotPermitted, InvalidInput):
        return
    if act in ("approve", "ad-ref", "object", "break"):
        mine = [x for x in after.positions if x.state == state]
        assert len(mine) == 1 and mine[0].at == at(minute + step)
        others = [x for x in p.positions if x.state != state]
        assert [x for x in after.positions if x.state != state] == others


def test_the_strategies_reach_the_states_the_properties_are_about() -> None:
    seen: set[str] = set()

    @settings(max_examples=400, deadline=None, database=None, derandomize=True)
    @given(procedures())
    def observe(drawn: tuple[c.Procedure, int]) -> None:
        p, minute = drawn
        result = c.evaluate(p, at(minute))
        seen.add(result.outcome.value)
        if p.kind is ProcedureKind.CONSENSUS and result.outcome is Outcome.ADOPTED:
            seen.add("unanimity")
        stale = [x for x in p.positions if x.confirm_by is not None and x.confirmed_at is None]
        if any(x.stance is Stance.OBJECT for x in p.positions) and (stale or p.deadline):
            seen.add("several failures")
        if p.deadline is not None and result.decided_at == p.deadline:
            seen.add("deadline hit exactly")
        if len({x.at for x in p.positions}) < len(p.positions):
            seen.add("same instant")

    observe()
    assert seen >= {
        "adopted",
        "failed",
        "returned-to-negotiation",
        "unanimity",
        "several failures",
        "deadline hit exactly",
        "same instant",
    }

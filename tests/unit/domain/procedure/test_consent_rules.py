"""Both meanings of consensus, as properties: an objection always blocks; under "no
objection" an absent member's silence counts only after its window; one state, one voice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain import consensus as c
from accord.domain import procedure as p
from accord.domain.consensus import Consent, Outcome, ProcedureKind
from accord.domain.errors import InvalidInput, RuleViolation
from accord.domain.negotiation import ParagraphKind, new_draft

T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
MEMBERS = ("CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB")
CHAIR = "UZB"
WINDOW = timedelta(hours=24)
TEXT = new_draft(
    document_id="tashkent-2021",
    title="Joint statement",
    chair=CHAIR,
    paragraphs=[(ParagraphKind.OPERATIVE, "We welcome the dialogue.")],
)
NO_OBJECTION = p.RulesOfProcedure(consent=Consent.NO_OBJECTION, quorum=3, absent_window=WINDOW)


def hours(h: float) -> datetime:
    return T0 + timedelta(hours=h)


def opened(rules: p.RulesOfProcedure, absent: tuple[str, ...] = ()) -> c.Procedure:
    return p.open_under_rules(
        TEXT, rules, kind=ProcedureKind.CONSENSUS, members=MEMBERS, chair=CHAIR,
        now=T0, absent=absent,
    )  # fmt: skip


# Acts on a grid of hours, the window's end (24) among them, so that it is hit exactly.
acts = st.lists(
    st.tuples(
        st.sampled_from(MEMBERS),
        st.sampled_from(["approve", "approve", "approve", "object"]),
        st.sampled_from([0.0, 1.0, 12.0, 23.0, 24.0, 25.0, 48.0]),
    ),
    max_size=10,
).map(lambda xs: sorted(xs, key=lambda a: a[2]))
absences = st.sets(st.sampled_from([m for m in MEMBERS if m != CHAIR]), max_size=3).map(
    lambda s: tuple(sorted(s))
)


def play(proc: c.Procedure, script: list[tuple[str, str, float]]) -> c.Procedure:
    for state, act, h in script:
        try:
            if act == "approve":
                proc = c.approve(proc, state, hours(h))
            else:
                proc = c.object_to(proc, state, hours(h), reason="no")
        except RuleViolation:
            continue  # decided already, or a second approval: refused, nothing changed
    return proc


@settings(derandomize=True, max_examples=300)
@given(script=acts, absent=absences, rules=st.sampled_from([p.RulesOfProcedure(), NO_OBJECTION]))
def test_an_objection_always_blocks_under_either_rule(script, absent, rules) -> None:
    if rules.consent is not Consent.NO_OBJECTION:
        absent = ()
    proc = play(opened(rules, absent), script)
    result = c.evaluate(proc, hours(100))
    objected = [pos for pos in proc.positions if pos.stance is c.Stance.OBJECT]
    if objected:
        assert result.outcome is Outcome.FAILED
        assert result.decided_at == min(o.at for o in objected)


@settings(derandomize=True, max_examples=300)
@given(script=acts, absent=absences)
def test_silence_of_the_absent_counts_only_after_its_window(script, absent) -> None:
    proc = play(opened(NO_OBJECTION, absent), script)
    for h in (0.0, 12.0, 23.0, 23.99, 24.0, 30.0):
        result = c.evaluate(proc, hours(h))
        silent_absent = [s for s in absent if proc.position(s) is None]
        if result.outcome is Outcome.ADOPTED and silent_absent:
            assert result.decided_at is not None and result.decided_at >= hours(24)
        if h < 24:
            assert result.silent == ()
        else:
            assert result.silent == tuple(silent_absent)


@settings(derandomize=True, max_examples=200)
@given(script=acts)
def test_every_member_approves_keeps_todays_rule(script) -> None:
    under_rules = play(opened(p.RulesOfProcedure()), script)
    today = play(
        c.open_procedure(TEXT, kind=ProcedureKind.CONSENSUS, members=MEMBERS, chair=CHAIR, now=T0),
        script,
    )
    assert c.evaluate(under_rules, hours(100)) == c.evaluate(today, hours(100))


@settings(derandomize=True, max_examples=200)
@given(script=acts, absent=absences)
def test_one_state_one_voice(script, absent) -> None:
    proc = play(opened(NO_OBJECTION, absent), script)
    states = [pos.state for pos in proc.positions]
    assert len(states) == len(set(states))
    result = c.evaluate(proc, hours(100))
    counted = result.approving + result.awaiting + result.objecting + result.silent
    assert sorted(counted) == sorted(MEMBERS)


def test_seven_of_eight_approving_and_one_absent_silent_is_adopted_after_the_window() -> None:
    proc = opened(NO_OBJECTION, absent=("TJK",))
    for state in ("CHN", "KAZ", "KGZ", "RUS", "UZB"):
        proc = c.approve(proc, state, hours(1))
    assert c.evaluate(proc, hours(23.99)).outcome is Outcome.PENDING
    result = c.evaluate(proc, hours(24))
    assert (result.outcome, result.decided_at, result.reason, result.silent) == (
        Outcome.ADOPTED, hours(24), "no member objected", ("TJK",),
    )  # fmt: skip


def test_an_absent_member_objecting_inside_its_window_blocks() -> None:
    proc = opened(NO_OBJECTION, absent=("TJK",))
    for state in ("CHN", "KAZ", "KGZ", "RUS", "UZB"):
        proc = c.approve(proc, state, hours(1))
    proc = c.object_to(proc, "TJK", hours(20), reason="not consulted")
    result = c.evaluate(proc, hours(30))
    assert (result.outcome, result.decided_at, result.reason) == (
        Outcome.FAILED, hours(20), "TJK objected",
    )  # fmt: skip


def test_under_every_member_approves_an_absent_member_blocks_forever() -> None:
    proc = opened(p.RulesOfProcedure())
    for state in ("CHN", "KAZ", "KGZ", "RUS", "UZB"):
        proc = c.approve(proc, state, hours(1))
    assert c.evaluate(proc, hours(1000)).outcome is Outcome.PENDING


def test_the_quorum_must_be_present_to_put_a_text_in_session() -> None:
    rules = p.RulesOfProcedure(consent=Consent.NO_OBJECTION, quorum=5, absent_window=WINDOW)
    with pytest.raises(RuleViolation, match="4 members present, 5 needed") as caught:
        opened(rules, absent=("CHN", "KAZ"))
    assert caught.value.code == "quorum_not_reached"


def test_absence_is_refused_where_every_member_approves() -> None:
    with pytest.raises(InvalidInput, match="every member approves, present or not"):
        opened(p.RulesOfProcedure(), absent=("CHN",))


def test_the_chair_is_never_absent_from_its_own_session() -> None:
    with pytest.raises(InvalidInput, match="cannot be absent"):
        opened(NO_OBJECTION, absent=(CHAIR,))


def test_a_silence_procedure_shorter_than_the_minimum_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at least 72 hours") as caught:
        p.open_under_rules(
            TEXT, p.RulesOfProcedure(), kind=ProcedureKind.SILENCE, members=MEMBERS,
            chair=CHAIR, now=T0, deadline=hours(71),
        )  # fmt: skip
    assert caught.value.field == "deadline"
    proc = p.open_under_rules(
        TEXT, p.RulesOfProcedure(), kind=ProcedureKind.SILENCE, members=MEMBERS,
        chair=CHAIR, now=T0, deadline=hours(72),
    )  # fmt: skip
    assert proc.deadline == hours(72)

"""The list of speakers: precedence, points of order, rights of reply, time limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain import procedure as p
from accord.domain.errors import NotPermitted, RuleViolation
from accord.domain.procedure import Inscription, Rank, Turn

T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
RULES = p.RulesOfProcedure(
    statement_time=timedelta(minutes=5), reply_time=timedelta(minutes=3), replies_per_item=1
)


def ins(ref, state, turn=Turn.STATEMENT, rank=Rank.HEAD, observer=False, minute=0, group=""):
    return Inscription(
        ref, state, turn, rank, observer, T0 + timedelta(minutes=minute), on_behalf_of=group
    )


def test_the_order_of_the_floor() -> None:
    waiting = [
        ins("1", "UN", observer=True, minute=0),
        ins("2", "KAZ", rank=Rank.DELEGATE, minute=1),
        ins("3", "RUS", minute=2),
        ins("4", "CHN", turn=Turn.REPLY, minute=3),
        ins("5", "UZB", minute=4, group="the Central Asian states"),
        ins("6", "KGZ", turn=Turn.POINT_OF_ORDER, minute=5),
        ins("7", "TJK", minute=6),
    ]
    order = [i.ref for i in p.order_of_speakers(waiting)]
    assert order == ["6", "5", "3", "7", "2", "1", "4"]


turns = st.builds(
    ins,
    ref=st.text("abc", min_size=1, max_size=3),
    state=st.sampled_from(["CHN", "KAZ", "RUS", "UN"]),
    turn=st.sampled_from(list(Turn)),
    rank=st.sampled_from(list(Rank)),
    observer=st.booleans(),
    minute=st.integers(0, 5),
)


@settings(derandomize=True, max_examples=200)
@given(waiting=st.lists(turns, max_size=12))
def test_points_of_order_first_replies_last_members_before_observers(waiting) -> None:
    order = p.order_of_speakers(waiting)
    sections = [{Turn.POINT_OF_ORDER: 0, Turn.STATEMENT: 1, Turn.REPLY: 2}[i.turn] for i in order]
    assert sections == sorted(sections)
    statements = [i for i in order if i.turn is Turn.STATEMENT]
    flags = [i.observer for i in statements]
    assert flags == sorted(flags)


def test_an_observer_raises_a_point_of_order_only_where_the_rules_allow() -> None:
    observer = ins("1", "UN", turn=Turn.POINT_OF_ORDER, observer=True)
    with pytest.raises(NotPermitted, match="do not let observers raise points of order"):
        p.check_inscription(RULES, observer, waiting=[], replies_made=0, list_closed=False)
    allowing = p.RulesOfProcedure(observers_raise_points_of_order=True)
    p.check_inscription(allowing, observer, waiting=[], replies_made=0, list_closed=True)


def test_rights_of_reply_are_limited_by_the_rules() -> None:
    reply = ins("1", "CHN", turn=Turn.REPLY)
    p.check_inscription(RULES, reply, waiting=[], replies_made=0, list_closed=True)
    with pytest.raises(RuleViolation, match="has had the 1 rights of reply") as caught:
        p.check_inscription(RULES, reply, waiting=[], replies_made=1, list_closed=False)
    assert caught.value.code == "replies_exhausted"


def test_a_closed_list_takes_no_statement_and_a_state_waits_once() -> None:
    with pytest.raises(RuleViolation, match="closed the list"):
        p.check_inscription(RULES, ins("1", "KAZ"), waiting=[], replies_made=0, list_closed=True)
    with pytest.raises(RuleViolation, match="already on the list"):
        p.check_inscription(
            RULES, ins("2", "KAZ"), waiting=[ins("1", "KAZ")], replies_made=0, list_closed=False
        )


def test_an_observer_speaks_for_no_group() -> None:
    with pytest.raises(NotPermitted, match="on behalf of a group"):
        p.check_inscription(
            RULES, ins("1", "UN", observer=True, group="G"), waiting=[], replies_made=0,
            list_closed=False,
        )  # fmt: skip


def test_time_limits_and_the_countdown() -> None:
    assert p.time_limit(RULES, Turn.STATEMENT) == timedelta(minutes=5)
    assert p.time_limit(RULES, Turn.REPLY) == timedelta(minutes=3)
    assert p.time_limit(RULES, Turn.POINT_OF_ORDER) == p.POINT_OF_ORDER_TIME
    assert p.time_limit(p.RulesOfProcedure(), Turn.STATEMENT) is None
    left = p.remaining(RULES, Turn.STATEMENT, given_at=T0, now=T0 + timedelta(minutes=4))
    assert left == timedelta(minutes=1)
    over = p.remaining(RULES, Turn.STATEMENT, given_at=T0, now=T0 + timedelta(minutes=9))
    assert over == timedelta(0)

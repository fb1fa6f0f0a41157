"""Rules of procedure as data: contradictory sets refused with the reason; a round trip."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain import procedure as p
from accord.domain.consensus import Consent
from accord.domain.errors import InvalidInput, NotPermitted

OSCE = p.RulesOfProcedure(
    consent=Consent.NO_OBJECTION,
    quorum=4,
    absent_window=timedelta(hours=24),
    amendment_breaks_silence=True,
    statement_time=timedelta(minutes=5),
    reply_time=timedelta(minutes=3),
    replies_per_item=2,
)


def test_the_default_rules_are_todays_behaviour() -> None:
    rules = p.RulesOfProcedure()
    assert rules.consent is Consent.EVERY_MEMBER_APPROVES
    assert rules.silence_minimum == timedelta(hours=72)
    assert (rules.statement_time, rules.replies_per_item) == (None, None)
    assert p.check_rules(rules, members=1) is rules


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"quorum": 9}, "quorum", "a quorum of 9 is above the 8 members of the series"),
        ({"quorum": 0}, "quorum", "a quorum is at least one member"),
        (
            {"silence_period": timedelta(hours=48)},
            "silence_period",
            "the silence window is shorter than the silence-procedure minimum",
        ),
        ({"reply_time": timedelta(minutes=6)}, "reply_time", "longer than a statement"),
        ({"statement_time": timedelta(seconds=5)}, "statement_time", "between 30 seconds"),
        ({"correction_window": timedelta(0)}, "correction_window", "longer than zero"),
        ({"replies_per_item": 9}, "replies_per_item", "between 0 and 5"),
    ],
)
def test_a_contradictory_set_is_refused_with_the_reason(change, field, reason) -> None:
    rules = p.rules_from_dict({**OSCE.to_dict(), **{
        k: int(v.total_seconds()) if isinstance(v, timedelta) else v for k, v in change.items()
    }})  # fmt: skip
    with pytest.raises(InvalidInput, match=reason) as caught:
        p.check_rules(rules, members=8)
    assert caught.value.field == field


def test_unknown_rule_and_bad_value_are_refused() -> None:
    with pytest.raises(InvalidInput, match="not a rule of procedure"):
        p.rules_from_dict({"majority": 2})
    with pytest.raises(InvalidInput, match="consent: not a valid value"):
        p.rules_from_dict({"consent": "majority"})


@settings(derandomize=True, max_examples=100)
@given(
    quorum=st.integers(1, 8),
    window=st.integers(1, 72),
    statement=st.one_of(st.none(), st.integers(1, 20)),
    replies=st.one_of(st.none(), st.integers(0, 5)),
    consent=st.sampled_from(list(Consent)),
)
def test_rules_round_trip_through_their_json(quorum, window, statement, replies, consent) -> None:
    rules = p.RulesOfProcedure(
        consent=consent,
        quorum=quorum,
        absent_window=timedelta(hours=window),
        statement_time=None if statement is None else timedelta(minutes=statement),
        replies_per_item=replies,
    )
    assert p.rules_from_dict(rules.to_dict()) == rules


def test_who_may_break_silence_and_how_long_ad_referendum_runs() -> None:
    with pytest.raises(NotPermitted, match="only a head of delegation"):
        p.check_silence_breaker(p.RulesOfProcedure(), is_head=False)
    p.check_silence_breaker(
        p.RulesOfProcedure(silence_broken_by=p.SilenceBreakers.DELEGATIONS), is_head=False
    )
    from datetime import UTC, datetime

    now = datetime(2021, 7, 15, tzinfo=UTC)
    p.check_confirmation(OSCE, now=now, confirm_by=now + timedelta(days=7))
    with pytest.raises(InvalidInput, match="within 7 days"):
        p.check_confirmation(OSCE, now=now, confirm_by=now + timedelta(days=7, seconds=1))

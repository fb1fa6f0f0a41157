"""Whether an amendment breaks silence is a rule of procedure (OSCE: it does).

Properties: under rules that say so, a member's amendment before the deadline breaks
silence, by that member, at that instant, and the text returns to negotiation; under rules
that do not, the amendment is refused and silence runs on to adoption at the deadline; an
observer, a state that takes part in nothing, a delegate where heads alone break silence,
or an amendment at or after the deadline never break it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain import consensus as c
from accord.domain import procedure as p
from accord.domain.consensus import Outcome, ProcedureKind
from accord.domain.errors import DomainError, NotPermitted, RuleViolation
from accord.domain.negotiation import ParagraphKind, new_draft

T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
MEMBERS = ("CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB")
OBSERVERS = ("MNG",)
CHAIR = "UZB"
DEADLINE = T0 + timedelta(hours=72)
TEXT = new_draft(
    document_id="tashkent-2021",
    title="Joint statement",
    chair=CHAIR,
    paragraphs=[(ParagraphKind.OPERATIVE, "We welcome the dialogue.")],
)
OSCE = p.RulesOfProcedure(amendment_breaks_silence=True)


def silence() -> c.Procedure:
    return p.open_under_rules(
        TEXT, OSCE, kind=ProcedureKind.SILENCE, members=MEMBERS, observers=OBSERVERS,
        chair=CHAIR, now=T0, deadline=DEADLINE,
    )  # fmt: skip


rules_drawn = st.builds(
    lambda breaks, by: replace(p.RulesOfProcedure(), amendment_breaks_silence=breaks,
                               silence_broken_by=by),
    st.booleans(),
    st.sampled_from(list(p.SilenceBreakers)),
)  # fmt: skip
# The deadline (72) is on the grid, so that an amendment at the very instant is drawn.
instants = st.sampled_from([0.0, 1.0, 24.0, 71.0, 72.0, 73.0])


@settings(derandomize=True, max_examples=400)
@given(
    rules=rules_drawn,
    state=st.sampled_from([*MEMBERS, *OBSERVERS, "AFG"]),
    is_head=st.booleans(),
    h=instants,
)
def test_an_amendment_breaks_silence_exactly_when_the_rules_say_so(rules, state, is_head, h):
    proc = silence()
    now = T0 + timedelta(hours=h)
    may_break = (
        rules.amendment_breaks_silence
        and state in MEMBERS
        and (is_head or rules.silence_broken_by is p.SilenceBreakers.DELEGATIONS)
        and now < DEADLINE
    )
    try:
        after = p.amend_in_silence(
            proc, rules, state=state, is_head=is_head, amendment="A4", now=now
        )
    except DomainError:
        assert not may_break
        # Refused: silence runs on, and the text is adopted at the deadline.
        result = c.evaluate(proc, DEADLINE)
        assert (result.outcome, result.decided_at) == (Outcome.ADOPTED, DEADLINE)
        return
    assert may_break
    result = c.evaluate(after, DEADLINE + timedelta(days=1))
    assert result.outcome is Outcome.RETURNED
    assert result.decided_at == now
    assert result.objecting == (state,)
    assert result.reason == f"{state} broke silence: {state} proposed amendment A4"


def test_under_rules_that_say_no_the_amendment_is_refused_with_its_reason():
    with pytest.raises(RuleViolation, match="an amendment does not break silence") as refused:
        p.amend_in_silence(
            silence(), p.RulesOfProcedure(), state="KAZ", is_head=True, amendment="A4",
            now=T0 + timedelta(hours=1),
        )  # fmt: skip
    assert refused.value.code == "amendment_does_not_break_silence"


def test_a_delegate_does_not_break_silence_where_heads_alone_do():
    with pytest.raises(NotPermitted) as refused:
        p.amend_in_silence(
            silence(), OSCE, state="KAZ", is_head=False, amendment="A4",
            now=T0 + timedelta(hours=1),
        )  # fmt: skip
    assert refused.value.code == "silence_heads_only"


def test_in_session_an_amendment_waits_for_the_text_to_return_to_negotiation():
    session = p.open_under_rules(
        TEXT, OSCE, kind=ProcedureKind.CONSENSUS, members=MEMBERS, chair=CHAIR, now=T0
    )
    with pytest.raises(RuleViolation) as refused:
        p.amend_in_silence(session, OSCE, state="KAZ", is_head=True, amendment="A4", now=T0)
    assert refused.value.code == "text_in_adoption"


def test_the_first_amendment_breaks_silence_and_a_second_is_refused():
    broken = p.amend_in_silence(
        silence(), OSCE, state="KAZ", is_head=True, amendment="A4", now=T0 + timedelta(hours=2)
    )
    with pytest.raises(RuleViolation, match="the procedure is closed"):
        p.amend_in_silence(
            broken, OSCE, state="RUS", is_head=True, amendment="A5", now=T0 + timedelta(hours=3)
        )
    assert c.evaluate(broken, DEADLINE).objecting == ("KAZ",)

"""Summary records (draft, corrections, final), chairmanship and the follow-up matrix."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain import procedure as p
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation

T0 = datetime(2021, 7, 15, 18, 0, tzinfo=UTC)
RULES = p.RulesOfProcedure(correction_window=timedelta(days=7))
ENTRIES = [p.Entry("1", "KAZ", "Kazakhstan welcomed."), p.Entry("2", "RUS", "Russia noted."),
           p.Entry("3", None, "The Chair summed up.")]  # fmt: skip


def draft() -> p.SummaryRecord:
    return p.issue_draft("m1", ENTRIES, rules=RULES, now=T0)


def test_a_state_corrects_its_own_statement_and_the_final_takes_it_in() -> None:
    record = p.correct(draft(), state="KAZ", ref="1", text="Kazakhstan warmly welcomed.",
                       now=T0 + timedelta(days=1))  # fmt: skip
    assert record.text_of("1") == "Kazakhstan warmly welcomed."
    final = p.approve_final(record, now=T0 + timedelta(days=7))
    assert final.stage is p.Stage.FINAL
    assert [e.text for e in final.entries] == [
        "Kazakhstan warmly welcomed.", "Russia noted.", "The Chair summed up.",
    ]  # fmt: skip


def test_a_correction_to_another_states_statement_is_refused() -> None:
    with pytest.raises(NotPermitted, match="corrects only its own statements") as caught:
        p.correct(draft(), state="KAZ", ref="2", text="Russia agreed.", now=T0)
    assert caught.value.code == "not_own_statement"
    with pytest.raises(NotPermitted):
        p.correct(draft(), state="KAZ", ref="3", text="The Chair agreed.", now=T0)
    with pytest.raises(NotFound):
        p.correct(draft(), state="KAZ", ref="9", text="x", now=T0)


def test_corrections_close_with_the_window_and_the_final_is_immutable() -> None:
    with pytest.raises(RuleViolation, match="window for corrections has closed"):
        p.correct(draft(), state="KAZ", ref="1", text="Late.", now=T0 + timedelta(days=7))
    with pytest.raises(RuleViolation, match="still open"):
        p.approve_final(draft(), now=T0 + timedelta(days=6))
    final = p.approve_final(draft(), now=T0 + timedelta(days=8))
    with pytest.raises(RuleViolation, match="is final"):
        p.correct(final, state="KAZ", ref="1", text="Changed.", now=T0 + timedelta(days=9))
    with pytest.raises(RuleViolation, match="already final"):
        p.approve_final(final, now=T0 + timedelta(days=9))


@settings(derandomize=True, max_examples=150)
@given(
    st.lists(
        st.tuples(st.sampled_from(["KAZ", "RUS", "CHN"]), st.sampled_from(["1", "2", "3"]),
                  st.sampled_from(["a", "b", "c"])),
        max_size=8,
    )
)  # fmt: skip
def test_only_the_speaking_state_ever_changes_a_statement(attempts) -> None:
    record = draft()
    for state, ref, text in attempts:
        with contextlib.suppress(NotPermitted, RuleViolation):
            record = p.correct(record, state=state, ref=ref, text=text, now=T0)
    owners = {e.ref: e.state for e in ENTRIES}
    assert all(c.state == owners[c.ref] for c in record.corrections)
    assert len({c.ref for c in record.corrections}) == len(record.corrections)


def test_a_facilitator_acts_only_within_the_paragraph_given() -> None:
    rules = p.RulesOfProcedure()
    mandate = p.check_mandate(p.Mandate(p.Office.FACILITATOR, "KAZ", paragraph="OP3"))
    p.check_power(rules, mandate, p.Power.CONSULT, paragraph="OP3")
    with pytest.raises(NotPermitted, match="only on the paragraph OP3 given") as caught:
        p.check_power(rules, mandate, p.Power.CONSULT, paragraph="OP4")
    assert caught.value.code == "outside_mandate"
    with pytest.raises(NotPermitted, match="power to propose-wording"):
        p.check_power(rules, mandate, p.Power.PROPOSE_WORDING, paragraph="OP3")
    p.check_power(rules, p.Mandate(p.Office.CO_CHAIR, "RUS"), p.Power.PROPOSE_WORDING)
    with pytest.raises(InvalidInput, match="one paragraph or one agenda item"):
        p.check_mandate(p.Mandate(p.Office.FACILITATOR, "KAZ"))
    with pytest.raises(InvalidInput, match="only a facilitator"):
        p.check_mandate(p.Mandate(p.Office.VICE_CHAIR, "KAZ", item=2))


def test_commitments_overdue_and_the_matrix() -> None:
    late = p.Commitment("c1", "OP2", ("KAZ",), date(2021, 9, 1))
    done = p.Commitment("c2", "OP2", ("RUS",), date(2021, 8, 1), status=p.Status.DONE)
    assert late.overdue(date(2021, 9, 2)) and not late.overdue(date(2021, 9, 1))
    assert not done.overdue(date(2022, 1, 1))
    rows = p.matrix(["OP1", "OP2"], [late, done])
    assert [(r.paragraph, [c.ref for c in r.commitments]) for r in rows] == [
        ("OP1", []), ("OP2", ["c2", "c1"]),
    ]  # fmt: skip
    with pytest.raises(InvalidInput, match="operative paragraph"):
        p.check_commitment(paragraph="PP1", operative=["OP1"], lead_states=["KAZ"], members=["KAZ"])
    with pytest.raises(InvalidInput, match="UN is not a member state"):
        p.check_commitment(paragraph="OP1", operative=["OP1"], lead_states=["UN"], members=["KAZ"])

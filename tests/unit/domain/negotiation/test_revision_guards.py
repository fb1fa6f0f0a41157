"""Every guard of `issue_revision`, and what the chair takes in always reaching the revision."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accord.domain.errors import InvalidInput, RuleViolation
from accord.domain.negotiation import (
    Alternative,
    Amendment,
    AmendmentKind,
    Bracket,
    Decision,
    ParagraphKind,
    Revision,
    Span,
    Text,
    find_span,
    issue_revision,
    new_draft,
    oppose,
    propose_amendment,
    support,
    withdraw,
)

PP, OP = ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE
AGREED, BRACKETED, LEFT_OUT = Decision.AGREED, Decision.BRACKETED, Decision.LEFT_OUT
REV1 = new_draft(
    document_id="tashkent-2021",
    title="Joint statement",
    chair="UZB",
    paragraphs=[
        (PP, "Recalling the Charter,"),
        (OP, "We welcome the regional dialogue."),
        (OP, "We agree to meet again next year."),
    ],
)


def amend(
    aid: str,
    kind: AmendmentKind,
    pid: int | None,
    text: str = "",
    *,
    span: Span | None = None,
    rev: Revision = REV1,
    proposer: str = "CHN",
) -> Amendment:
    return propose_amendment(
        rev,
        amendment_id=aid,
        proposer=proposer,
        against=rev.number,
        kind=kind,
        paragraph_id=pid,
        text=text,
        span=span,
        paragraph_kind=OP if kind is AmendmentKind.INSERT_PARAGRAPH else None,
    )


def words(aid: str, pid: int, old: str, new: str, rev: Revision = REV1) -> Amendment:
    span = find_span(rev.paragraph(pid), old)
    return amend(aid, AmendmentKind.REPLACE_SPAN, pid, new, span=span, rev=rev)


def at_point(aid: str, pid: int, before: str, new: str) -> Amendment:
    start = find_span(REV1.paragraph(pid), before).start
    return amend(aid, AmendmentKind.REPLACE_SPAN, pid, new, span=Span(0, start, start))


def issue(amendments: list[Amendment], decisions: dict[str, Decision], **kw: object) -> Revision:
    return issue_revision(REV1, chair="UZB", amendments=amendments, decisions=decisions, **kw)  # type: ignore[arg-type]


def rendered(rev: Revision) -> list[str]:
    return [p.render() for p in rev.paragraphs]


# --- the issuing loop goes on past every kind of amendment -----------------------------------


@pytest.mark.parametrize(
    "first",
    [
        pytest.param((words("A1", 2, "welcome", "note"), LEFT_OUT), id="left out"),
        pytest.param(
            (amend("A1", AmendmentKind.INSERT_PARAGRAPH, 3, "We thank the host."), AGREED),
            id="insert",
        ),
        pytest.param((words("A1", 2, "welcome", "note"), AGREED), id="span"),
        pytest.param((amend("A1", AmendmentKind.DELETE_PARAGRAPH, 1), AGREED), id="whole"),
        pytest.param(
            (withdraw(words("A1", 2, "welcome", "note"), "CHN", current_revision=1), None),
            id="withdrawn",
        ),
    ],
)
def test_an_amendment_after_any_other_is_still_taken_in(
    first: tuple[Amendment, Decision | None],
) -> None:
    earlier, decision = first
    later = words("A2", 3, "next year", "in Almaty")
    decisions = {"A2": AGREED} | ({"A1": decision} if decision else {})
    rev2 = issue([earlier, later], decisions)
    assert rev2.paragraph(3).render() == "We agree to meet again in Almaty."
    assert [r.amendment_id for r in rev2.amendments] == (["A1", "A2"] if decision else ["A2"])


def test_each_decision_is_recorded_with_the_paragraph_it_went_to() -> None:
    rev2 = issue(
        [
            words("A1", 2, "welcome", "note"),
            amend("A2", AmendmentKind.INSERT_PARAGRAPH, 3, "We thank the host."),
            words("A3", 3, "next year", "soon"),
            support(amend("A4", AmendmentKind.DELETE_PARAGRAPH, 1), "KAZ", current_revision=1),
        ],
        {"A1": LEFT_OUT, "A2": BRACKETED, "A3": AGREED, "A4": AGREED},
    )
    assert [
        (r.amendment_id, r.proposer, r.supporters, r.decision, r.paragraph_id)
        for r in rev2.amendments
    ] == [
        ("A1", "CHN", frozenset(), LEFT_OUT, None),
        ("A2", "CHN", frozenset(), BRACKETED, 4),
        ("A3", "CHN", frozenset(), AGREED, 3),
        ("A4", "CHN", frozenset({"KAZ"}), AGREED, 1),
    ]
    assert rendered(rev2) == [
        "We welcome the regional dialogue.",
        "We agree to meet again soon.",
        "[We thank the host. / —]",
    ]
    assert (rev2.number, rev2.issued_by, rev2.title) == (2, "UZB", "Joint statement")
    assert (rev2.last_paragraph_id, rev2.last_bracket_id) == (4, 1)


def test_a_bracketed_insert_puts_its_opponents_behind_leaving_it_out() -> None:
    insert = amend("A1", AmendmentKind.INSERT_PARAGRAPH, 3, "We thank the host.")
    insert = oppose(support(insert, "RUS", current_revision=1), "KAZ", current_revision=1)
    rev2 = issue([insert], {"A1": BRACKETED})
    assert rev2.paragraph(4).segments == (
        Bracket(
            1,
            (
                Alternative("We thank the host.", frozenset({"CHN", "RUS"}), ("A1",)),
                Alternative("", frozenset({"KAZ"})),
            ),
        ),
    )


def test_the_chair_may_retitle_the_text() -> None:
    assert issue([], {}, title="Tashkent declaration").title == "Tashkent declaration"


# --- which amendments and decisions the chair may give -----------------------------------------


def test_an_amendment_listed_twice_is_refused() -> None:
    a = words("A1", 2, "welcome", "note")
    with pytest.raises(InvalidInput, match="amendment A1 is listed twice"):
        issue([a, a], {"A1": AGREED})


def test_an_amendment_to_another_document_is_refused() -> None:
    other = new_draft(
        document_id="almaty-2022",
        title="t",
        chair="UZB",
        paragraphs=[(OP, "We welcome the regional dialogue.")],
    )
    foreign = words("A1", 1, "welcome", "note", rev=other)
    with pytest.raises(InvalidInput, match="amendment A1 belongs to another document"):
        issue([foreign], {"A1": AGREED})


def test_a_decision_for_an_amendment_nobody_listed_is_refused() -> None:
    a = words("A1", 2, "welcome", "note")
    with pytest.raises(InvalidInput, match="decision for unknown amendment A9"):
        issue([a], {"A1": AGREED, "A9": AGREED})
    with pytest.raises(InvalidInput, match="decision for unknown amendment A9"):
        issue([], {"A9": LEFT_OUT})


def test_a_decision_that_is_not_one_is_refused() -> None:
    a = words("A1", 2, "welcome", "note")
    with pytest.raises(InvalidInput, match="unknown decision 'maybe' for amendment A1"):
        issue([a], {"A1": "maybe"})  # type: ignore[dict-item]
    assert issue([a], {"A1": "agreed"}).paragraph(2).render() == "We note the regional dialogue."  # type: ignore[dict-item]


# --- conflicts on the same words ----------------------------------------------------------------


def test_two_insertions_at_the_same_point_compete_for_it() -> None:
    a, b = at_point("A1", 2, "regional", "whole "), at_point("A2", 2, "regional", "entire ")
    with pytest.raises(RuleViolation, match="amendments A1, A2 change the same words"):
        issue([a, b], {"A1": AGREED, "A2": BRACKETED})
    rev2 = issue([a, b], {"A1": BRACKETED, "A2": BRACKETED})
    assert rev2.paragraph(2).segments == (
        Text("We welcome the "),
        Bracket(
            1,
            (
                Alternative(""),
                Alternative("whole ", frozenset({"CHN"}), ("A1",)),
                Alternative("entire ", frozenset({"CHN"}), ("A2",)),
            ),
        ),
        Text("regional dialogue."),
    )


def test_an_insertion_where_a_change_ends_does_not_compete_with_it() -> None:
    change = words("A1", 2, "the ", "this ")
    insertion = at_point("A2", 2, "regional", "whole ")
    rev2 = issue([change, insertion], {"A1": AGREED, "A2": AGREED})
    assert rev2.paragraph(2).render() == "We welcome this whole regional dialogue."


def test_an_insertion_just_before_a_change_does_not_compete_with_it() -> None:
    insertion = at_point("A1", 2, "regional", "whole ")
    change = words("A2", 2, "regional", "Asian")
    rev2 = issue([insertion, change], {"A1": AGREED, "A2": AGREED})
    assert rev2.paragraph(2).render() == "We welcome the whole Asian dialogue."


def test_changes_apart_in_one_paragraph_are_all_taken_in() -> None:
    rev2 = issue(
        [words("A1", 2, "dialogue", "talks"), words("A2", 2, "welcome", "note")],
        {"A1": AGREED, "A2": BRACKETED},
    )
    assert rev2.paragraph(2).render() == "We [welcome / note] the regional talks."


def test_an_objection_to_bracketed_words_stays_with_the_original_wording() -> None:
    a = words("A1", 2, "welcome", "note")
    a = support(a, "RUS", current_revision=1)
    b = oppose(words("A2", 2, "welcome", "hail"), "KAZ", current_revision=1)
    bracket = issue([a, b], {"A1": BRACKETED, "A2": BRACKETED}).paragraph(2).segments[1]
    assert bracket == Bracket(
        1,
        (
            Alternative("welcome", frozenset({"KAZ"})),
            Alternative("note", frozenset({"CHN", "RUS"}), ("A1",)),
            Alternative("hail", frozenset({"CHN"}), ("A2",)),
        ),
    )


# --- brackets: resolved, amended, both --------------------------------------------------------


@pytest.fixture
def rev2() -> Revision:
    return issue([words("A1", 2, "welcome", "note")], {"A1": BRACKETED})


def on_bracket(aid: str, rev: Revision, text: str) -> Amendment:
    return amend(aid, AmendmentKind.REPLACE_SPAN, 2, text, span=Span(1), rev=rev)


def test_a_bracket_both_resolved_and_amended_is_refused(rev2: Revision) -> None:
    with pytest.raises(
        RuleViolation, match=r"bracket 1 is both resolved and amended \(amendment A2\)"
    ):
        issue_revision(
            rev2,
            chair="UZB",
            amendments=[on_bracket("A2", rev2, "hail")],
            decisions={"A2": BRACKETED},
            resolutions={1: 0},
        )


def test_agreed_words_on_a_bracket_replace_it(rev2: Revision) -> None:
    rev3 = issue_revision(
        rev2, chair="UZB", amendments=[on_bracket("A2", rev2, "hail")], decisions={"A2": AGREED}
    )
    assert rev3.paragraph(2).segments == (Text("We hail the regional dialogue."),)


def test_two_agreed_wordings_for_one_bracket_conflict(rev2: Revision) -> None:
    a, b = on_bracket("A2", rev2, "hail"), on_bracket("A3", rev2, "salute")
    with pytest.raises(RuleViolation, match="amendments A2, A3 change the same words"):
        issue_revision(
            rev2, chair="UZB", amendments=[a, b], decisions={"A2": AGREED, "A3": BRACKETED}
        )


@pytest.mark.parametrize("choice", [-1, 2])
def test_a_resolution_must_name_an_alternative_of_the_bracket(rev2: Revision, choice: int) -> None:
    with pytest.raises(InvalidInput, match=f"bracket 1 has no alternative {choice}"):
        issue_revision(rev2, chair="UZB", amendments=[], decisions={}, resolutions={1: choice})


def test_resolving_to_the_original_wording_records_the_choice(rev2: Revision) -> None:
    rev3 = issue_revision(rev2, chair="UZB", amendments=[], decisions={}, resolutions={1: 0})
    assert rendered(rev3)[1] == "We welcome the regional dialogue."
    assert [(r.bracket_id, r.paragraph_id, r.chosen) for r in rev3.resolutions] == [
        (1, 2, Alternative("welcome"))
    ]


def test_a_whole_paragraph_change_and_a_resolution_in_it_conflict(rev2: Revision) -> None:
    whole = amend("A2", AmendmentKind.REPLACE_PARAGRAPH, 2, "We support the dialogue.", rev=rev2)
    with pytest.raises(RuleViolation, match="amendments A2 change the same words"):
        issue_revision(
            rev2, chair="UZB", amendments=[whole], decisions={"A2": AGREED}, resolutions={1: 1}
        )


def test_a_whole_paragraph_change_and_a_change_of_its_words_conflict(rev2: Revision) -> None:
    whole = amend("A2", AmendmentKind.REPLACE_PARAGRAPH, 2, "We support the dialogue.", rev=rev2)
    span = words("A3", 2, "dialogue", "talks", rev=rev2)
    with pytest.raises(RuleViolation, match="amendments A2, A3 change the same words"):
        issue_revision(
            rev2, chair="UZB", amendments=[whole, span], decisions={"A2": AGREED, "A3": AGREED}
        )
    delete = amend("A4", AmendmentKind.DELETE_PARAGRAPH, 2, rev=rev2)
    with pytest.raises(RuleViolation, match="amendments A2, A4 change the same words"):
        issue_revision(
            rev2, chair="UZB", amendments=[whole, delete], decisions={"A2": AGREED, "A4": AGREED}
        )


def test_a_paragraph_replaced_whole_keeps_its_place_and_kind(rev2: Revision) -> None:
    whole = amend("A2", AmendmentKind.REPLACE_PARAGRAPH, 2, "We support the dialogue.", rev=rev2)
    rev3 = issue_revision(rev2, chair="UZB", amendments=[whole], decisions={"A2": AGREED})
    assert (rev3.paragraph(2).kind, rev3.labels()[2], rendered(rev3)[1]) == (
        OP,
        "OP1",
        "We support the dialogue.",
    )


def test_deleting_a_paragraph_with_brackets_takes_it_out(rev2: Revision) -> None:
    delete = amend("A2", AmendmentKind.DELETE_PARAGRAPH, 2, rev=rev2)
    rev3 = issue_revision(rev2, chair="UZB", amendments=[delete], decisions={"A2": AGREED})
    assert [p.id for p in rev3.paragraphs] == [1, 3]


def test_deleting_every_word_of_a_paragraph_takes_it_out() -> None:
    a = words("A1", 3, "We agree to meet again next year.", "")
    assert [p.id for p in issue([a], {"A1": AGREED}).paragraphs] == [1, 2]


# --- reservations ad referendum -----------------------------------------------------------------


def test_a_reservation_can_be_cleared_and_only_on_a_paragraph_that_exists() -> None:
    held = issue([], {}, ad_referendum={3: frozenset({"IND"})})
    cleared = issue_revision(
        held, chair="UZB", amendments=[], decisions={}, ad_referendum={3: frozenset()}
    )
    assert (held.paragraph(3).ad_referendum, cleared.paragraph(3).ad_referendum) == (
        frozenset({"IND"}),
        frozenset(),
    )
    with pytest.raises(InvalidInput, match="no paragraph 9 in the new revision"):
        issue([], {}, ad_referendum={9: frozenset({"IND"})})
    deleted = amend("A1", AmendmentKind.DELETE_PARAGRAPH, 3)
    with pytest.raises(InvalidInput, match="no paragraph 3 in the new revision"):
        issue([deleted], {"A1": AGREED}, ad_referendum={3: frozenset({"IND"})})


def test_an_unchanged_paragraph_is_the_very_same_object() -> None:
    rev2 = issue([words("A1", 2, "welcome", "note")], {"A1": AGREED})
    assert rev2.paragraph(1) is REV1.paragraph(1) and rev2.paragraph(3) is REV1.paragraph(3)


# --- property: what the chair takes in reaches the new revision ---------------------------------

MENU = (
    words("M1", 2, "welcome", "note"),
    words("M2", 2, "welcome", "applaud"),
    at_point("M3", 2, "regional", "whole "),
    at_point("M4", 2, "regional", "entire "),
    words("M5", 2, "dialogue", "talks"),
    amend("M6", AmendmentKind.REPLACE_PARAGRAPH, 3, "We shall meet in Almaty."),
    words("M7", 3, "next year", "soon"),
    amend("M8", AmendmentKind.DELETE_PARAGRAPH, 1),
    amend("M9", AmendmentKind.INSERT_PARAGRAPH, 3, "We thank the host."),
    amend("M10", AmendmentKind.INSERT_PARAGRAPH, None, "We meet as equals."),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    st.lists(st.sampled_from(MENU), unique_by=lambda a: a.id, max_size=len(MENU)),
    st.lists(st.sampled_from(list(Decision)), min_size=len(MENU), max_size=len(MENU)),
)
def test_every_amendment_taken_in_appears_in_the_new_revision(
    chosen: list[Amendment], drawn: list[Decision]
) -> None:
    decisions = {a.id: drawn[i] for i, a in enumerate(chosen)}
    try:
        rev2 = issue(chosen, decisions)
    except RuleViolation as conflict:
        assume("change the same words" not in str(conflict))
        raise
    records = {r.amendment_id: r for r in rev2.amendments}
    assert [r.amendment_id for r in rev2.amendments] == [a.id for a in chosen]
    alternatives = {
        i for _, _, b in rev2.brackets() for alt in b.alternatives for i in alt.amendments
    }
    for a in chosen:
        record = records[a.id]
        assert record.decision is decisions[a.id]
        if decisions[a.id] is BRACKETED:
            assert a.id in alternatives
        elif decisions[a.id] is AGREED:
            assert record.paragraph_id is not None
            if a.kind is AmendmentKind.DELETE_PARAGRAPH:
                assert record.paragraph_id not in {p.id for p in rev2.paragraphs}
            else:
                assert a.text in rev2.paragraph(record.paragraph_id).render()
        else:
            assert a.id not in alternatives and record.paragraph_id is None

"""The mediator's pure core: drafting, scoring, ranking, neutrality and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.errors import DomainError, InvalidInput
from accord.domain.mediation import (
    PREDICTION_LABEL,
    Alternative,
    Amendment,
    Intervention,
    MediationResult,
    Positions,
    ProposedWording,
    Statement,
    Subject,
    Vote,
    propose_wordings,
)
from accord.domain.mediation.drafting import overlap_spans, split_clauses
from accord.domain.mediation.model import Stance
from accord.domain.mediation.scoring import (
    fit_acceptance_model,
    rank_candidates,
    schulze_order,
)
from accord.mediator.embedder import HashingEmbedder

EMBED = HashingEmbedder()
STATES = frozenset({"CHN", "IND", "IRN", "KAZ", "PAK", "RUS"})

SPACE = Subject(
    "paragraph",
    "The participants [oppose][express concern about] an arms race in outer space.",
    (
        Alternative("oppose", frozenset({"RUS", "CHN"})),
        Alternative("express concern about", frozenset({"IND"})),
        Alternative("", frozenset({"PAK"})),
    ),
)
PEACEFUL = "Outer space should be used for peaceful purposes only."
PREVENTED = "An arms race in outer space must be prevented."


def space_positions() -> Positions:
    return Positions(
        states=STATES,
        interventions=(
            Intervention(
                "i1",
                "KAZ",
                "Thank you, Chair. We support the prevention of an arms race in outer space.",
            ),
        ),
        amendments=(
            Amendment(
                "a1",
                "IRN",
                "call for the prevention of an arms race in outer space",
                frozenset({"KAZ"}),
                frozenset({"IND"}),
            ),
        ),
        statements=(Statement("s1", PEACEFUL), Statement("s2", PREVENTED)),
        votes=(
            *(Vote(s, "s1", "agree") for s in ("CHN", "RUS", "IND", "PAK", "IRN")),
            Vote("KAZ", "s1", "pass"),
            Vote("CHN", "s2", "agree"),
            Vote("IND", "s2", "disagree"),
        ),
    )


def by_text(result: MediationResult) -> dict[str, object]:
    return {w.text: w for w in result.wordings}


# --------------------------------------------------------------------------- the scenario
def test_statement_every_state_can_live_with_ranks_first() -> None:
    result = propose_wordings(SPACE, space_positions(), embedder=EMBED)

    assert [w.text for w in result.wordings] == [
        PEACEFUL,
        # One predicted objector (IND) each, by least-satisfied support:
        "We support the prevention of an arms race in outer space.",
        "call for the prevention of an arms race in outer space",
        PREVENTED,
        # Two, then four predicted objectors: the bracket's own alternatives.
        "oppose",
        "",
        "express concern about",
    ]
    top = result.wordings[0]
    assert top.rank == 1
    assert top.predicted_objections == ()
    assert top.least_satisfied_states == ("KAZ",)
    assert {a.state: a.basis for a in top.acceptance} == dict.fromkeys(STATES, "votes")
    assert top.label == PREDICTION_LABEL == result.label
    assert top.provenance[0].source_kind == "statement"
    assert top.provenance[0].source_id == "s1"


def test_objection_by_vote_or_amendment_is_a_predicted_veto() -> None:
    result = propose_wordings(SPACE, space_positions(), embedder=EMBED)
    wordings = by_text(result)

    prevented = wordings[PREVENTED]
    amendment = wordings["call for the prevention of an arms race in outer space"]
    assert prevented.predicted_objections == ("IND",)  # type: ignore[attr-defined]
    assert amendment.predicted_objections == ("IND",)  # type: ignore[attr-defined]
    ind = {a.state: a for a in amendment.acceptance}["IND"]  # type: ignore[attr-defined]
    assert ind.basis == "stated_position"
    assert ind.predicted_acceptance <= 0.2


def test_acceptance_is_labelled_with_basis_per_state() -> None:
    result = propose_wordings(SPACE, space_positions(), embedder=EMBED)
    deletion = by_text(result)[""]

    assert deletion.is_deletion  # type: ignore[attr-defined]
    basis = {a.state: a.basis for a in deletion.acceptance}  # type: ignore[attr-defined]
    # PAK proposed deletion; the others backed another alternative of the same bracket.
    assert basis == {
        "PAK": "stated_position",
        "CHN": "stated_position",
        "RUS": "stated_position",
        "IND": "stated_position",
        "IRN": "none",
        "KAZ": "none",
    }
    for acceptance in deletion.acceptance:  # type: ignore[attr-defined]
        assert 0.0 <= acceptance.predicted_acceptance <= 1.0


def test_intervention_clause_keeps_its_speaker_and_offsets() -> None:
    text = "Thank you, Chair. We support the prevention of an arms race in outer space."
    result = propose_wordings(SPACE, space_positions(), embedder=EMBED)
    clause = by_text(result)["We support the prevention of an arms race in outer space."]

    (span,) = clause.provenance  # type: ignore[attr-defined]
    assert (span.source_kind, span.source_id, span.state) == ("intervention", "i1", "KAZ")
    assert text[span.source_start : span.source_end] == clause.text  # type: ignore[attr-defined]


def test_identical_wordings_join_their_evidence() -> None:
    positions = Positions(
        states=frozenset({"A", "B", "C"}),
        amendments=(
            Amendment("a1", "A", "Refrain from the threat of force.", frozenset({"B"})),
            Amendment("a2", "C", "refrain from the threat of force"),
        ),
    )
    result = propose_wordings(Subject("concern", "Use of force"), positions, embedder=EMBED)

    (wording,) = result.wordings
    assert [s.source_id for s in wording.provenance] == ["a1", "a2"]
    assert {a.state: a.basis for a in wording.acceptance} == dict.fromkeys("ABC", "stated_position")


def test_near_duplicate_is_merged_without_transferring_support() -> None:
    positions = Positions(
        states=frozenset({"A", "B", "C"}),
        amendments=(
            Amendment(
                "a1", "A", "States refrain from the threat or use of force.", frozenset({"C"})
            ),
            Amendment("a2", "B", "States refrain from the threat or use of force now."),
        ),
    )
    result = propose_wordings(
        Subject("concern", "Use of force"), positions, embedder=EMBED, merge_threshold=0.8
    )

    (wording,) = result.wordings
    assert wording.text == "States refrain from the threat or use of force."
    assert [s.text for s in wording.similar_wordings] == [
        "States refrain from the threat or use of force now."
    ]
    b = {a.state: a for a in wording.acceptance}["B"]
    assert b.basis == "none"  # B backed the variant, not this wording
    assert any("not transferred" in note for note in result.notes)


def test_wordings_differing_in_negation_are_never_merged() -> None:
    positions = Positions(
        states=frozenset({"A", "B"}),
        amendments=(
            Amendment("a1", "A", "The participants support the deployment of observers."),
            Amendment("a2", "B", "The participants do not support the deployment of observers."),
        ),
    )
    result = propose_wordings(
        Subject("concern", "Observers"), positions, embedder=EMBED, merge_threshold=0.5
    )

    assert len(result.wordings) == 2
    assert all(w.similar_wordings == () for w in result.wordings)


def test_llm_wording_inherits_no_agreement_and_shows_overlap() -> None:
    extra = [ProposedWording("The participants support the prevention of an arms race in space.")]
    result = propose_wordings(SPACE, space_positions(), embedder=EMBED, extra_wordings=extra)
    llm = next(w for w in result.wordings if w.origin == "llm")

    assert {a.basis for a in llm.acceptance} == {"none"}
    kinds = [(s.source_kind, s.source_id, s.state) for s in llm.provenance]
    assert kinds == [("intervention", "i1", "KAZ"), ("llm", "llm", None)]
    overlap = llm.provenance[0]
    assert llm.text[overlap.start : overlap.end] == "support the prevention of an arms race in"


def test_limit_cuts_the_list() -> None:
    result = propose_wordings(SPACE, space_positions(), embedder=EMBED, limit=2)
    assert [w.rank for w in result.wordings] == [1, 2]


# --------------------------------------------------------------------------- pieces
def test_split_clauses_gives_sentences_and_semicolon_clauses() -> None:
    text = "Thank you. We call for restraint by all sides; dialogue must continue without delay."
    pieces = [text[a:b] for a, b in split_clauses(text)]
    assert pieces == [
        "We call for restraint by all sides; dialogue must continue without delay.",
        "We call for restraint by all sides",
        "dialogue must continue without delay.",
    ]


def test_overlap_spans_finds_shared_runs_of_words() -> None:
    source = [("amendment", "a1", "A", "we call for the peaceful use of outer space")]
    text = "All states call for the peaceful use of the seas."
    (span,) = overlap_spans(text, source)  # type: ignore[arg-type]
    assert text[span.start : span.end] == "call for the peaceful use of"
    assert source[0][3][span.source_start : span.source_end] == "call for the peaceful use of"


def test_schulze_follows_the_majority_of_states() -> None:
    # Three states prefer 0 > 1 > 2, two prefer 2 > 1 > 0: Schulze ranks 0, 1, 2.
    prefs = np.array([[0.9, 0.5, 0.1]] * 3 + [[0.1, 0.5, 0.9]] * 2)
    assert schulze_order(prefs) == [0, 1, 2]


def test_schulze_resolves_a_condorcet_cycle_by_strongest_paths() -> None:
    # Wikipedia's 45-voter example scaled to ballots: winner E (index 4).
    ballots = [
        ("ACBED", 5),
        ("ADECB", 5),
        ("BEDAC", 8),
        ("CABED", 3),
        ("CAEBD", 7),
        ("CBADE", 2),
        ("DCEBA", 7),
        ("EBADC", 8),
    ]
    rows = []
    for order, count in ballots:
        score = {c: 5 - i for i, c in enumerate(order)}
        rows += [[score[c] for c in "ABCDE"]] * count
    assert schulze_order(np.array(rows, dtype=float)) == [4, 0, 2, 1, 3]


def test_rank_puts_every_candidate_without_objection_first() -> None:
    # Candidate 1 has the higher mean, but one state is predicted to object to it.
    predicted = np.array([[0.6, 1.0], [0.6, 0.3]])
    assert rank_candidates(predicted, veto_threshold=0.35, tie_tolerance=0.0) == [0, 1]


def test_equal_least_satisfied_support_is_broken_by_schulze() -> None:
    # Both candidates leave the first state at 0.5; the two others prefer candidate 1.
    predicted = np.array([[0.5, 0.5], [0.6, 0.9], [0.7, 0.8]])
    assert rank_candidates(predicted, veto_threshold=0.35, tie_tolerance=0.0) == [1, 0]


def test_fit_recovers_bloc_structure_in_the_factor() -> None:
    # Two blocs agree with their own clause and disagree with the other's; all accept clause 2.
    ratings = np.array([[1, 0, 1]] * 3 + [[0, 1, 1]] * 3, dtype=float)
    model = fit_acceptance_model(ratings)
    assert np.sign(model.rater_factors[:3]).tolist() == [np.sign(model.rater_factors[0])] * 3
    assert np.sign(model.rater_factors[0]) == -np.sign(model.rater_factors[3])
    # The bridging clause has the highest candidate intercept.
    assert int(np.argmax(model.candidate_intercepts)) == 2


# --------------------------------------------------------------------------- bad input
def test_empty_paragraph_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InvalidInput, match="The paragraph is empty"):
        propose_wordings(Subject("paragraph", "   "), space_positions(), embedder=EMBED)


def test_concern_with_no_positions_is_refused_with_a_clear_message() -> None:
    positions = Positions(states=STATES, statements=(Statement("s1", PEACEFUL),))
    with pytest.raises(InvalidInput, match="No member state has taken a position"):
        propose_wordings(Subject("concern", "Outer space"), positions, embedder=EMBED)


@pytest.mark.parametrize(
    ("positions", "message"),
    [
        (Positions(states=frozenset()), "No member states"),
        (
            Positions(states=STATES, votes=(Vote("CHN", "nope", "agree"),)),
            "unknown statement 'nope'",
        ),
        (
            Positions(
                states=STATES,
                statements=(Statement("s1", PEACEFUL),),
                votes=(Vote("XXX", "s1", "agree"),),
            ),
            "not member states taking part: XXX",
        ),
        (
            Positions(
                states=STATES,
                statements=(Statement("s1", PEACEFUL),),
                votes=(Vote("CHN", "s1", "agree"), Vote("CHN", "s1", "disagree")),
            ),
            "one state, one vote",
        ),
        (
            Positions(
                states=STATES,
                amendments=(Amendment("a1", "CHN", "x", opposers=frozenset({"CHN"})),),
            ),
            "both back and oppose",
        ),
    ],
)
def test_inconsistent_positions_are_refused(positions: Positions, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        propose_wordings(Subject("concern", "Outer space"), positions, embedder=EMBED)


# --------------------------------------------------------------------------- invariants
CLAUSES = [
    "All states should refrain from the threat or use of force.",
    "Disputes shall be settled by peaceful means and dialogue.",
    "Confidence-building measures should include prior notice of exercises.",
    "The participants call for the prevention of an arms race in outer space.",
    "Humanitarian access must be guaranteed for all civilians.",
    "Regional cooperation on biosafety should be strengthened.",
]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[str], Positions]:
    n_states = draw(st.integers(2, 6))
    names = [f"S{i}" for i in range(n_states)]
    statements = tuple(
        Statement(f"s{i}", t) for i, t in enumerate(CLAUSES[: draw(st.integers(1, 4))])
    )
    votes = []
    for state in names:
        for statement in statements:
            stance: Stance | None = draw(st.sampled_from(["agree", "disagree", "pass", None]))
            if stance:
                votes.append(Vote(state, statement.id, stance))
    amendments = []
    for j in range(draw(st.integers(0, 2))):
        proposer = draw(st.sampled_from(names))
        others = [s for s in names if s != proposer]
        opposers = frozenset(draw(st.lists(st.sampled_from(others), unique=True)) if others else [])
        amendments.append(Amendment(f"a{j}", proposer, CLAUSES[4 + j], opposers=opposers))
    if not votes and not amendments:
        amendments.append(Amendment("a0", names[0], CLAUSES[4]))
    return names, Positions(frozenset(names), (), tuple(amendments), statements, tuple(votes))


def rename(positions: Positions, mapping: dict[str, str], reverse: bool) -> Positions:
    def m(states: frozenset[str]) -> frozenset[str]:
        return frozenset(mapping[s] for s in states)

    votes = [Vote(mapping[v.state], v.statement_id, v.stance) for v in positions.votes]
    amendments = [
        Amendment(a.id, mapping[a.proposer], a.text, m(a.supporters), m(a.opposers))
        for a in positions.amendments
    ]
    order = -1 if reverse else 1
    return Positions(
        m(positions.states), (), tuple(amendments), positions.statements, tuple(votes[::order])
    )


def ranking(result: MediationResult) -> list[tuple[str, str, float]]:
    return [(w.candidate_id, w.text, w.least_satisfied_acceptance) for w in result.wordings]


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_renaming_and_reordering_states_never_changes_the_ranking(
    scenario: tuple[list[str], Positions], random: object
) -> None:
    names, positions = scenario
    shuffled = list(names)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    # Every name changes, and the new names sort in a different order from the old ones.
    mapping = {
        old: f"Z{99 - i}-{new}" for i, (old, new) in enumerate(zip(names, shuffled, strict=True))
    }
    subject = Subject("concern", "Regional security")

    before = propose_wordings(subject, positions, embedder=EMBED)
    after = propose_wordings(subject, rename(positions, mapping, reverse=True), embedder=EMBED)

    assert ranking(after) == ranking(before)
    for w_before, w_after in zip(before.wordings, after.wordings, strict=True):
        renamed = {mapping[a.state]: (a.predicted_acceptance, a.basis) for a in w_before.acceptance}
        assert {a.state: (a.predicted_acceptance, a.basis) for a in w_after.acceptance} == renamed
        assert set(w_after.predicted_objections) == {
            mapping[s] for s in w_before.predicted_objections
        }


@settings(max_examples=30, deadline=None)
@given(scenarios())
def test_same_input_gives_same_output(scenario: tuple[list[str], Positions]) -> None:
    _, positions = scenario
    subject = Subject("concern", "Regional security")
    assert propose_wordings(subject, positions, embedder=EMBED) == propose_wordings(
        subject, positions, embedder=EMBED
    )


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_an_opposer_is_never_predicted_above_the_proposer(
    scenario: tuple[list[str], Positions],
) -> None:
    _, positions = scenario
    result = propose_wordings(
        Subject("concern", "Regional security"), positions, embedder=EMBED, limit=50
    )
    wordings = {w.text: w for w in result.wordings}
    for amendment in positions.amendments:
        acceptance = {a.state: a.predicted_acceptance for a in wordings[amendment.text].acceptance}
        for opposer in amendment.opposers:
            assert acceptance[opposer] < acceptance[amendment.proposer]

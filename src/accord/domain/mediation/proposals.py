"""The mediator: consensus wording proposed from the states' own positions.

`propose_wordings` takes a bracketed paragraph or a concern, the states' positions and
optionally wordings from another drafter, and returns ranked candidate wordings for the
chair. The mediator proposes; the states and the chair dispose: nothing here is a vote
or a decision, and every figure is labelled as a prediction with its basis.

How a rank is earned:
1. Candidates come from the states' own words (see `mediation.drafting`): bracket
   alternatives, amendments, consultation statements, clauses of interventions.
2. Evidence is only what states did: votes on statements, and positions stated on a
   wording (proposed it, backed it, supported or opposed its amendment). Similarity
   between texts is used to merge near-duplicates, never as agreement.
3. The scorer (see `mediation.scoring`) predicts each state's acceptance of each
   candidate and ranks by the least-satisfied state, so a predicted objection acts as a
   veto; near-ties are ordered by the Schulze method over the states' predicted
   preferences.

Neutrality: state names are used only to label output. States are put in an order
derived from their evidence alone, so renaming or reordering them gives the same
ranking, bit for bit; remaining ties are broken by candidate text, then id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from accord.domain.errors import InvalidInput
from accord.domain.mediation.drafting import Candidate, draft_candidates, merge_near_duplicates
from accord.domain.mediation.model import (
    PREDICTION_LABEL,
    Basis,
    Embedder,
    MediationResult,
    Positions,
    ProposedWording,
    RankedWording,
    StateAcceptance,
    Subject,
)
from accord.domain.mediation.scoring import (
    BASIS_STATED,
    BASIS_VOTES,
    FloatArray,
    predict_acceptance,
    rank_candidates,
)

DEFAULT_VETO_THRESHOLD = 0.35
DEFAULT_TIE_TOLERANCE = 0.02
DEFAULT_MERGE_THRESHOLD = 0.9
# Backing another alternative of the same bracket: the state said it prefers other words,
# which is less than an objection to these.
RIVAL_RATING = 0.25
_STANCE_RATING = {"agree": 1.0, "pass": 0.5, "disagree": 0.0}
_BASIS_NAMES: dict[int, Basis] = {0: "none", BASIS_VOTES: "votes", BASIS_STATED: "stated_position"}


def propose_wordings(
    subject: Subject,
    positions: Positions,
    *,
    embedder: Embedder,
    extra_wordings: Sequence[ProposedWording] = (),
    limit: int = 10,
    veto_threshold: float = DEFAULT_VETO_THRESHOLD,
    tie_tolerance: float = DEFAULT_TIE_TOLERANCE,
    merge_threshold: float = DEFAULT_MERGE_THRESHOLD,
) -> MediationResult:
    """Rank candidate wordings for `subject` by the states' predicted acceptance.

    `extra_wordings` (e.g. from an LLM drafter) go through the same scorer; they carry no
    agreement of their own. Returns at most `limit` wordings, best first. Raises
    `InvalidInput` with a message for people when the paragraph is empty, when no state
    has taken any position, or when the positions are inconsistent.
    """
    _validate(subject, positions, limit, veto_threshold, tie_tolerance, merge_threshold)
    drafted = draft_candidates(subject, positions, extra_wordings, embedder)
    candidates = merge_near_duplicates(drafted, embedder, merge_threshold)
    if not candidates:
        raise InvalidInput(
            f"No candidate wording could be drawn for this {subject.kind}: the positions "
            "hold no sentence of at least four words, no alternative and no statement."
        )
    states, votes, stated = _evidence(candidates, positions)
    predicted, basis, model = predict_acceptance(votes, stated)
    order = rank_candidates(predicted, veto_threshold=veto_threshold, tie_tolerance=tie_tolerance)

    wordings = tuple(
        _ranked(rank, candidates[c], states, predicted[:, c], basis[:, c], veto_threshold,
                float(model.candidate_intercepts[c]))
        for rank, c in enumerate(order[:limit], start=1)
    )  # fmt: skip
    return MediationResult(
        subject_kind=subject.kind,
        wordings=wordings,
        veto_threshold=veto_threshold,
        notes=_notes(drafted, candidates, states, basis),
    )


def _validate(
    subject: Subject,
    positions: Positions,
    limit: int,
    veto_threshold: float,
    tie_tolerance: float,
    merge_threshold: float,
) -> None:
    if subject.kind not in ("paragraph", "concern"):
        raise InvalidInput(f"Unknown subject kind {subject.kind!r}: use 'paragraph' or 'concern'.")
    if not subject.text.strip() and not subject.alternatives:
        raise InvalidInput(
            f"The {subject.kind} is empty: there is no text and no alternative wording to mediate."
        )
    if not positions.states:
        raise InvalidInput("No member states were given: there is nobody to find wording for.")
    if limit < 1:
        raise InvalidInput("The number of wordings asked for must be at least 1.")
    if not 0.0 < veto_threshold < 1.0:
        raise InvalidInput("The veto threshold must lie strictly between 0 and 1.")
    if not 0.0 <= tie_tolerance < 1.0 or not 0.0 < merge_threshold <= 1.0:
        raise InvalidInput(
            "The tie tolerance must lie in [0, 1) and the merge threshold in (0, 1]."
        )
    _validate_positions(subject, positions)
    members = positions.states
    has_position = (
        any(i.state in members for i in positions.interventions)
        or bool(positions.amendments)
        or bool(positions.votes)
        or any(a.backers for a in subject.alternatives)
    )
    if not has_position:
        raise InvalidInput(
            f"No member state has taken a position on this {subject.kind} yet: there are no "
            "interventions, amendments, votes or backed alternatives to draw wording from."
        )


def _check_members(states: frozenset[str], members: frozenset[str], where: str) -> None:
    strangers = states - members
    if strangers:
        raise InvalidInput(
            f"{where} names {len(strangers)} state(s) that are not member states taking part: "
            + ", ".join(sorted(strangers))
        )


def _validate_positions(subject: Subject, positions: Positions) -> None:
    """Every state named is a member taking part, every id unique, every vote well formed."""
    members = positions.states
    for index, alternative in enumerate(subject.alternatives, start=1):
        _check_members(alternative.backers, members, f"Alternative {index}")
    for kind, ids in (
        ("intervention", [i.id for i in positions.interventions]),
        ("amendment", [a.id for a in positions.amendments]),
        ("statement", [s.id for s in positions.statements]),
    ):
        repeated = sorted(k for k, n in Counter(ids).items() if n > 1)
        if repeated:
            raise InvalidInput(f"Duplicate {kind} id(s): {', '.join(repeated)}.")
    for amendment in positions.amendments:
        _check_members(
            amendment.supporters | amendment.opposers, members, f"Amendment {amendment.id}"
        )
        both = (amendment.supporters | {amendment.proposer}) & amendment.opposers
        if both:
            raise InvalidInput(
                f"Amendment {amendment.id}: {', '.join(sorted(both))} both back and oppose it."
            )
    statement_ids = {s.id for s in positions.statements}
    seen: set[tuple[str, str]] = set()
    for vote in positions.votes:
        if vote.statement_id not in statement_ids:
            raise InvalidInput(f"A vote refers to unknown statement {vote.statement_id!r}.")
        if vote.stance not in _STANCE_RATING:
            raise InvalidInput(f"Unknown vote {vote.stance!r}: use agree, disagree or pass.")
        _check_members(frozenset({vote.state}), members, f"A vote on statement {vote.statement_id}")
        if (vote.state, vote.statement_id) in seen:
            raise InvalidInput(
                f"{vote.state} voted more than once on statement {vote.statement_id}: "
                "one state, one vote."
            )
        seen.add((vote.state, vote.statement_id))


def _evidence(
    candidates: list[Candidate], positions: Positions
) -> tuple[list[str], FloatArray, FloatArray]:
    """States in a name-free canonical order, with their vote and stated-position matrices."""
    names = sorted(positions.states)  # provisional; re-sorted below by evidence alone
    row = {state: i for i, state in enumerate(names)}
    votes = np.full((len(names), len(candidates)), np.nan)
    stated = np.full_like(votes, np.nan)
    by_statement: dict[str, list[int]] = {}
    for c, candidate in enumerate(candidates):
        for statement_id in candidate.statement_ids:
            by_statement.setdefault(statement_id, []).append(c)
        for state in candidate.rivals - candidate.backers:
            stated[row[state], c] = RIVAL_RATING
        for state in candidate.backers:
            stated[row[state], c] = 1.0
        for state in candidate.opposers:
            # Opposing any source of a wording outweighs backing another source of it.
            stated[row[state], c] = 0.0
    for vote in positions.votes:
        for c in by_statement.get(vote.statement_id, []):
            current = votes[row[vote.state], c]
            rating = _STANCE_RATING[vote.stance]
            # Identical statements joined into one wording: keep the least favourable vote.
            votes[row[vote.state], c] = rating if np.isnan(current) else min(current, rating)
    # Order rows by their evidence, not their names: states with the same evidence are
    # interchangeable, so any renaming or reordering yields the same arrays.
    signature = [
        tuple(np.nan_to_num(np.concatenate([votes[i], stated[i]]), nan=-1.0).tolist())
        for i in range(len(names))
    ]
    order = sorted(range(len(names)), key=lambda i: signature[i])
    return [names[i] for i in order], votes[order], stated[order]


def _ranked(
    rank: int,
    candidate: Candidate,
    states: list[str],
    predicted: FloatArray,
    basis: np.ndarray,
    veto_threshold: float,
    bridging: float,
) -> RankedWording:
    acceptance = sorted(
        (
            StateAcceptance(state, round(float(p), 4), _BASIS_NAMES[int(b)])
            for state, p, b in zip(states, predicted, basis, strict=True)
        ),
        key=lambda a: a.state,
    )
    least = float(predicted.min())
    return RankedWording(
        rank=rank,
        candidate_id=candidate.candidate_id,
        text=candidate.text,
        origin=candidate.origin,
        provenance=tuple(candidate.spans),
        similar_wordings=tuple(candidate.similar),
        acceptance=tuple(acceptance),
        least_satisfied_acceptance=round(least, 4),
        least_satisfied_states=tuple(
            sorted(s for s, p in zip(states, predicted, strict=True) if float(p) == least)
        ),
        predicted_objections=tuple(
            sorted(s for s, p in zip(states, predicted, strict=True) if float(p) < veto_threshold)
        ),
        bridging_score=round(bridging, 4),
    )


def _notes(
    drafted: list[Candidate],
    candidates: list[Candidate],
    states: list[str],
    basis: np.ndarray,
) -> tuple[str, ...]:
    notes = [PREDICTION_LABEL]
    merged = len(drafted) - len(candidates)
    if merged:
        notes.append(
            f"{merged} near-duplicate wording(s) were merged by text similarity and are listed "
            "under the wording they resemble; their support was not transferred to it."
        )
    silent = sorted(s for s, row in zip(states, basis, strict=True) if not row.any())
    if silent:
        notes.append(
            "No vote or stated position from: "
            + ", ".join(silent)
            + ". Their figures are extrapolated from the other states' evidence."
        )
    return tuple(notes)

"""The mediator's vocabulary: what it is given and what it proposes.

Inputs describe a bracketed paragraph or a concern and the positions the states have
taken on it (interventions, amendments, votes in a consultation). Outputs are ranked
candidate wordings, each carrying where its words come from and a *predicted*
acceptance per state. A prediction is never a vote: every output says so, and each
per-state figure names its basis.

Pure data: no Django, no torch. See `accord.domain.mediation` for the entry point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np
from numpy.typing import NDArray

Stance = Literal["agree", "disagree", "pass"]
SubjectKind = Literal["paragraph", "concern"]
SourceKind = Literal["alternative", "amendment", "intervention", "statement", "llm"]
Origin = Literal["extractive", "llm"]
# Where a per-state prediction comes from: the state's own vote on this wording, a
# position it stated on it (proposed, backed, supported or opposed it), or nothing of
# its own (the figure is the model's extrapolation from the other evidence).
Basis = Literal["votes", "stated_position", "none"]

PREDICTION_LABEL = "Predicted acceptance: a model's estimate, not a vote or a position."


class Embedder(Protocol):
    """Turns texts into unit vectors; used only to merge near-duplicate wordings."""

    def embed(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """Return one L2-normalised row per text, shape (len(texts), dim)."""
        ...


@dataclass(frozen=True)
class Alternative:
    """One wording of a bracketed segment. An empty text proposes deletion."""

    text: str
    backers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Subject:
    """What the mediator is asked about: a bracketed paragraph or a concern.

    For a paragraph, `text` is the paragraph as it stands and `alternatives` the
    bracketed wordings of its disputed segment; candidates are wordings for that
    segment. For a concern, `text` is the concern's description and `alternatives`
    is usually empty; candidates are sentences an outcome text could carry.
    """

    kind: SubjectKind
    text: str
    alternatives: tuple[Alternative, ...] = ()


@dataclass(frozen=True)
class Intervention:
    """What a party said (in a meeting or in writing). Its sentences are its own clauses."""

    id: str
    state: str
    text: str


@dataclass(frozen=True)
class Amendment:
    """A proposed wording with its proposer, supporters and opposers."""

    id: str
    proposer: str
    text: str
    supporters: frozenset[str] = frozenset()
    opposers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Statement:
    """A consultation statement; the states vote on it."""

    id: str
    text: str
    author: str | None = None


@dataclass(frozen=True)
class Vote:
    """A state's vote on a consultation statement."""

    state: str
    statement_id: str
    stance: Stance


@dataclass(frozen=True)
class Positions:
    """The states taking part and everything they have said or voted on the subject.

    `states` are the member states whose acceptance is predicted: each counts once,
    whatever the size of its delegation. Authors of interventions and amendments may
    be other parties (observers): their words can become candidates, but they have no
    row of acceptance. Votes, backers, supporters and opposers must be member states.
    """

    states: frozenset[str]
    interventions: tuple[Intervention, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    statements: tuple[Statement, ...] = ()
    votes: tuple[Vote, ...] = ()


@dataclass(frozen=True)
class ProposedWording:
    """A wording offered from outside the extractive drafter (e.g. an LLM drafter).

    It carries no agreement of its own: nobody has voted on it or stated a position
    on it, so every state's prediction for it has basis "none" unless its text is
    literally one the states already backed.
    """

    text: str
    origin: Origin = "llm"


@dataclass(frozen=True)
class Span:
    """Where some words of a candidate come from.

    `source_start:source_end` are character offsets in the source text;
    `start:end` the offsets of the same words in the candidate's text. For LLM wordings
    a span marks an overlap of at least a few words with a state's text, shown so the
    chair can see whose words the model reused; overlap is never agreement.
    """

    source_kind: SourceKind
    source_id: str
    state: str | None
    source_start: int
    source_end: int
    start: int
    end: int


@dataclass(frozen=True)
class SimilarWording:
    """A near-duplicate merged into a candidate. Its evidence is NOT transferred."""

    text: str
    similarity: float
    provenance: tuple[Span, ...]


@dataclass(frozen=True)
class StateAcceptance:
    """One state's predicted acceptance of a candidate, in [0, 1], with its basis."""

    state: str
    predicted_acceptance: float
    basis: Basis


@dataclass(frozen=True)
class RankedWording:
    """A candidate wording proposed to the chair, with the evidence behind its rank."""

    rank: int
    candidate_id: str
    text: str
    origin: Origin
    provenance: tuple[Span, ...]
    similar_wordings: tuple[SimilarWording, ...]
    acceptance: tuple[StateAcceptance, ...]
    least_satisfied_acceptance: float
    least_satisfied_states: tuple[str, ...]
    predicted_objections: tuple[str, ...]
    bridging_score: float
    label: str = PREDICTION_LABEL

    @property
    def is_deletion(self) -> bool:
        """True when the wording proposes deleting the disputed segment."""
        return self.text == ""

    @property
    def has_predicted_objection(self) -> bool:
        """True when at least one state is predicted below the veto threshold."""
        return bool(self.predicted_objections)


@dataclass(frozen=True)
class MediationResult:
    """The mediator's proposal: ranked wordings, and notes for the chair."""

    subject_kind: SubjectKind
    wordings: tuple[RankedWording, ...]
    veto_threshold: float
    notes: tuple[str, ...] = field(default=())
    label: str = PREDICTION_LABEL

"""The mediator's domain: consensus wordings proposed from the states' own positions.

Import from here (`from accord.domain import mediation`); the modules behind it are an
implementation detail: `proposals` (`propose_wordings`, how a rank is earned), `model` (what
goes in and comes out), `drafting` (candidates from the states' words), `scoring` (predicted
acceptance and the ranking), `counterparts` (a candidate in the other language versions).
"""

from accord.domain.mediation.counterparts import (
    AlignedSource,
    SourceKey,
    alternative_key,
    bracket_sources,
    counterparts_of,
)
from accord.domain.mediation.language import lemmas
from accord.domain.mediation.model import (
    PREDICTION_LABEL,
    Alternative,
    Amendment,
    Embedder,
    Intervention,
    MediationResult,
    Positions,
    ProposedWording,
    RankedWording,
    SimilarWording,
    Span,
    Stance,
    StateAcceptance,
    Statement,
    Subject,
    Vote,
)
from accord.domain.mediation.proposals import DEFAULT_VETO_THRESHOLD, propose_wordings

__all__ = [
    "DEFAULT_VETO_THRESHOLD",
    "PREDICTION_LABEL",
    "AlignedSource",
    "Alternative",
    "Amendment",
    "Embedder",
    "Intervention",
    "MediationResult",
    "Positions",
    "ProposedWording",
    "RankedWording",
    "SimilarWording",
    "SourceKey",
    "Span",
    "Stance",
    "StateAcceptance",
    "Statement",
    "Subject",
    "Vote",
    "alternative_key",
    "bracket_sources",
    "counterparts_of",
    "lemmas",
    "propose_wordings",
]

"""Opinion analysis (Pol.is's math) and the Pol.is export format: the public face.

Import from here (`from accord.domain import opinion`, `from accord.domain.opinion import
polis`); the modules behind it are an implementation detail. `analysis` sets out the pipeline:
`matrix` (the votes), `pca`, `clusters`, `repness`, and `incremental` (one vote at a time).
"""

from accord.domain.opinion import polis
from accord.domain.opinion.analysis import (
    FitResult,
    OpinionAnalysis,
    OpinionGroup,
    OpinionSettings,
    analyze,
    fit,
)
from accord.domain.opinion.incremental import OpinionModel
from accord.domain.opinion.matrix import OpinionInputError, VoteMatrix
from accord.domain.opinion.repness import (
    BridgingStatement,
    ConsensusStatement,
    RepresentativeStatement,
)

__all__ = [
    "BridgingStatement",
    "ConsensusStatement",
    "FitResult",
    "OpinionAnalysis",
    "OpinionGroup",
    "OpinionInputError",
    "OpinionModel",
    "OpinionSettings",
    "RepresentativeStatement",
    "VoteMatrix",
    "analyze",
    "fit",
    "polis",
]

"""Opinion analysis: from a vote matrix to the opinion map, groups and the statements that matter.

This is Pol.is's math (compdemocracy/polis, ``math/src/polismath/math/``), re-derived in numpy /
scipy so that it runs on 100,000 participants × 2,000 statements in seconds. Pure: no Django.

The pipeline, and the Pol.is file each step comes from:

1. ``pca`` — column-mean imputation, PCA, and the projection scaled by
   ``sqrt(n_statements / n_votes)`` (``pca.clj``, ``conversation.clj``).
2. ``clusters`` — who is "in the conversation" (≥ 7 votes), 100 base clusters, groups for
   k = 2…5 chosen by silhouette (``clusters.clj``, ``conversation.clj``).
3. ``repness`` — representative statements per group with Laplace pseudocounts and
   one- and two-proportion z-tests at 90 %, consensus statements, group-aware consensus, and our
   bridging score (``repness.clj``, ``stats.clj``, ``conversation.clj``).
4. ``incremental`` — the same analysis updated after one vote without recomputing the map.

Determinism: the only randomness is the seeded k-means++ initialisation (and the ARPACK start vector
for large matrices), all drawn from ``numpy.random.default_rng(seed)``; the same votes and seed give
the same analysis, and reordering participants gives the same groups.

Counting conventions (as Pol.is): representative statements and group statistics count the votes
of clustered participants only; consensus counts every voter; moderated-out statements are zeroed
before PCA and never selected. Group ids are numbered by size, largest first; -1 = not clustered.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from accord.domain.opinion.clusters import Clustering, cluster_participants, in_conversation
from accord.domain.opinion.matrix import VoteMatrix
from accord.domain.opinion.pca import (
    PcaBasis,
    fit_pca,
    project_participants,
    project_statements,
)
from accord.domain.opinion.repness import (
    BridgingStatement,
    ConsensusStatement,
    GroupCounts,
    RepresentativeStatement,
    bridging_scores,
    count_by_group,
    group_aware_consensus,
    repness_stats,
    select_bridging,
    select_consensus,
    select_representative,
)

_T = TypeVar("_T", bound=np.generic)


@dataclass(frozen=True)
class OpinionSettings:
    """Pol.is's defaults (``conversation.clj`` ``base-conv-update-graph`` opts)."""

    min_votes: int = 7
    base_k: int = 100
    max_k: int = 5
    max_iter: int = 100
    pick_max: int = 5
    confidence: float = 0.9
    group_inits: int = 3


@dataclass(frozen=True)
class OpinionGroup:
    group_id: int
    size: int
    center: tuple[float, float]


@dataclass(frozen=True, eq=False)
class OpinionAnalysis:
    """The result of an analysis. Arrays are read-only; rows / columns follow the vote matrix."""

    participant_ids: NDArray[np.int64]  # (n,)
    statement_ids: NDArray[np.int64]  # (m,)
    projection: NDArray[np.float64]  # (n, 2) every participant, clustered or not
    in_conversation: NDArray[np.bool_]  # (n,) clustered (enough votes)
    group_ids: NDArray[np.int64]  # (n,) group of each participant, -1 if not clustered
    groups: tuple[OpinionGroup, ...]
    silhouettes: tuple[tuple[int, float], ...]  # (k, silhouette) for each k tried
    repness: tuple[tuple[RepresentativeStatement, ...], ...]  # per group, in group order
    consensus_agree: tuple[ConsensusStatement, ...]
    consensus_disagree: tuple[ConsensusStatement, ...]
    group_aware_consensus: NDArray[np.float64]  # (m,) agree
    group_aware_consensus_disagree: NDArray[np.float64]  # (m,)
    bridging: NDArray[np.float64]  # (m,) min over groups of the smoothed agree rate
    bridging_statements: tuple[BridgingStatement, ...]
    agree_rate_by_group: NDArray[np.float64]  # (G, m) smoothed (a+1)/(n+2)
    extremity: NDArray[np.float64]  # (m,)
    statement_projection: NDArray[np.float64]  # (m, 2)
    moderated_out: NDArray[np.bool_]  # (m,)

    def group_of(self, participant_id: int) -> int:
        """Group of a participant by external id (-1 if not clustered)."""
        rows = np.flatnonzero(self.participant_ids == participant_id)
        if rows.size == 0:
            raise KeyError(participant_id)
        return int(self.group_ids[rows[0]])


def moderation_mask(votes: VoteMatrix, moderated_out: Collection[int]) -> NDArray[np.bool_]:
    """Boolean column mask from moderated-out statement ids (ids absent from the matrix ignored)."""
    return np.isin(votes.statement_ids, np.fromiter(moderated_out, dtype=np.int64))


@dataclass(frozen=True, eq=False)
class FitResult:
    """A full recompute: the analysis plus the state an incremental update builds on."""

    analysis: OpinionAnalysis
    basis: PcaBasis
    clustering: Clustering
    base_of_row: NDArray[np.int64]  # (n,) base cluster of each row, -1 if not clustered
    group_counts: GroupCounts
    overall: GroupCounts  # one "group": every voter (for consensus)


def fit(
    votes: VoteMatrix,
    *,
    moderated_out: Collection[int] = (),
    seed: int = 0,
    settings: OpinionSettings | None = None,
) -> FitResult:
    """Full analysis, keeping what ``incremental`` needs."""
    settings = settings or OpinionSettings()
    n, m = votes.shape
    mod = moderation_mask(votes, moderated_out)
    basis = fit_pca(votes, mod, seed=seed)
    projection = project_participants(votes, basis)
    raw_counts = votes.votes_per_participant()
    # Inclusion counts every vote, moderated or not (conversation.clj :user-vote-counts uses the
    # raw rating matrix); n_statements is the number of columns, as in Pol.is's rating matrix.
    in_conv = in_conversation(
        raw_counts, basis.n_statements, settings.min_votes, votes.participant_ids
    )
    clustering = cluster_participants(
        projection[in_conv],
        seed=seed,
        base_k=settings.base_k,
        max_k=settings.max_k,
        max_iter=settings.max_iter,
        group_inits=settings.group_inits,
    )
    base_of_row = np.full(n, -1, dtype=np.int64)
    base_of_row[in_conv] = clustering.participant_base
    group_ids = np.full(n, -1, dtype=np.int64)
    group_ids[in_conv] = clustering.participant_group
    rows = votes.row_of_vote()
    n_groups = len(clustering.group_centers)
    counts = count_by_group(rows, votes.indices, votes.values, group_ids, n_groups, m)
    overall = count_by_group(rows, votes.indices, votes.values, np.zeros(n, dtype=np.int64), 1, m)
    analysis = summarise(
        votes.participant_ids,
        votes.statement_ids,
        projection,
        in_conv,
        group_ids,
        clustering,
        counts,
        overall,
        basis,
        mod,
        settings,
    )
    return FitResult(analysis, basis, clustering, base_of_row, counts, overall)


def analyze(
    votes: VoteMatrix,
    *,
    moderated_out: Collection[int] = (),
    seed: int = 0,
    settings: OpinionSettings | None = None,
) -> OpinionAnalysis:
    """Analyse a vote matrix as Pol.is would (see the module docstring for the method)."""
    return fit(votes, moderated_out=moderated_out, seed=seed, settings=settings).analysis


def summarise(
    participant_ids: NDArray[np.int64],
    statement_ids: NDArray[np.int64],
    projection: NDArray[np.float64],
    in_conv: NDArray[np.bool_],
    group_ids: NDArray[np.int64],
    clustering: Clustering,
    counts: GroupCounts,
    overall: GroupCounts,
    basis: PcaBasis,
    moderated_out: NDArray[np.bool_],
    settings: OpinionSettings,
) -> OpinionAnalysis:
    """Everything downstream of the groups, from vote counts alone (cheap: O(groups × m))."""
    counts = _at_least_one_group(counts, len(statement_ids))
    eligible = ~moderated_out
    stats = repness_stats(counts)
    cons_a, cons_d = select_consensus(
        overall.agree[0],
        overall.disagree[0],
        overall.seen[0],
        statement_ids,
        eligible,
        pick_max=settings.pick_max,
        confidence=settings.confidence,
    )
    n_groups = len(clustering.group_centers)
    groups = _groups(clustering, group_ids)
    repness = select_representative(
        stats,
        statement_ids,
        eligible,
        pick_max=settings.pick_max,
        confidence=settings.confidence,
    )
    statement_projection = project_statements(basis)
    return OpinionAnalysis(
        participant_ids=_frozen(participant_ids),
        statement_ids=_frozen(statement_ids),
        projection=_frozen(projection),
        in_conversation=_frozen(in_conv),
        group_ids=_frozen(group_ids),
        groups=groups,
        silhouettes=tuple(sorted(clustering.silhouettes.items())),
        repness=repness[:n_groups],
        consensus_agree=cons_a,
        consensus_disagree=cons_d,
        group_aware_consensus=_frozen(group_aware_consensus(counts.agree, counts.seen)),
        group_aware_consensus_disagree=_frozen(group_aware_consensus(counts.disagree, counts.seen)),
        bridging=_frozen(bridging_scores(counts.agree, counts.seen)),
        bridging_statements=select_bridging(
            counts.agree, counts.seen, statement_ids, eligible, pick_max=settings.pick_max
        ),
        agree_rate_by_group=_frozen(stats.pa[:n_groups] if n_groups else stats.pa[:0]),
        extremity=_frozen(np.linalg.norm(statement_projection, axis=1)),
        statement_projection=_frozen(statement_projection),
        moderated_out=_frozen(moderated_out),
    )


def _at_least_one_group(counts: GroupCounts, m: int) -> GroupCounts:
    if counts.seen.shape[0] == 0:
        # Nobody clustered: one empty group, so that every score is still defined (½ smoothed).
        empty = np.zeros((1, m), dtype=np.int64)
        return GroupCounts(empty, empty, empty)
    return counts


def _groups(clustering: Clustering, group_ids: NDArray[np.int64]) -> tuple[OpinionGroup, ...]:
    n_groups = len(clustering.group_centers)
    sizes = np.bincount(group_ids[group_ids >= 0], minlength=n_groups)
    return tuple(
        OpinionGroup(
            group_id=g,
            size=int(sizes[g]),
            center=(float(clustering.group_centers[g, 0]), float(clustering.group_centers[g, 1])),
        )
        for g in range(n_groups)
    )


def _frozen(a: NDArray[_T]) -> NDArray[_T]:
    """A read-only copy, so that a published analysis cannot change under its readers."""
    out = np.array(a, copy=True)
    out.flags.writeable = False
    return out

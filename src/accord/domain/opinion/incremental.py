"""Updating the opinion analysis after one vote, without recomputing the map.

Pol.is recomputes a conversation in the background and, between recomputes, shows the last map.
We do the same but keep the map live: after a full :func:`accord.domain.opinion.fit`, the PCA basis
(statement means and components) and the group centres are frozen, and each new vote

1. replaces the participant's earlier vote on that statement, if any (a repeated vote replaces);
2. re-projects only that participant with the frozen basis (``pca.clj``
   ``sparsity-aware-project-ptpt``);
3. admits them to the conversation once they reach ``min(7, n_statements)`` votes — "once in,
   always in", as ``conversation.clj`` ``:in-conv`` — and assigns them to the nearest group centre;
4. moves their votes between groups' tallies if their group changed, and updates the tallies of the
   statement voted on;
5. recomputes representative, consensus, group-aware consensus and bridging statements from the
   tallies, which costs O(groups × statements), independent of the number of participants.

What stays stale until the next full recompute: the principal components, the statement means used
for centring, the base clusters, the group centres and the choice of k. A new statement is
rejected here (it has no PCA loading yet); the recompute that runs off the request path adds it.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from numpy.typing import NDArray

from accord.domain.opinion.analysis import (
    FitResult,
    OpinionAnalysis,
    OpinionSettings,
    fit,
    moderation_mask,
    summarise,
)
from accord.domain.opinion.matrix import AGREE, DISAGREE, PASS, OpinionInputError, VoteMatrix
from accord.domain.opinion.pca import project_one
from accord.domain.opinion.repness import GroupCounts


class OpinionModel:
    """A live analysis: one full fit, then cheap updates vote by vote. Not thread-safe: the caller
    serialises updates (one writer per consultation)."""

    def __init__(
        self,
        votes: VoteMatrix,
        result: FitResult,
        settings: OpinionSettings,
        moderated_out: NDArray[np.bool_],
    ) -> None:
        self._settings = settings
        self._result = result
        self._basis = result.basis
        self._mod = moderated_out
        self._pids = votes.participant_ids.copy()
        self._row_of = {pid: i for i, pid in enumerate(self._pids.tolist())}
        self._tids = votes.statement_ids
        self._col_of = {int(t): j for j, t in enumerate(self._tids.tolist())}
        self._indptr = votes.indptr.copy()
        self._indices = votes.indices
        self._values = votes.values
        self._overlay: dict[int, dict[int, int]] = {}
        a = result.analysis
        self._projection = np.array(a.projection)
        self._in_conv = np.array(a.in_conversation)
        self._group = np.array(a.group_ids)
        self._raw_counts = votes.votes_per_participant().copy()
        self._centers = result.clustering.group_centers
        c = result.group_counts
        self._counts = GroupCounts(c.agree.copy(), c.disagree.copy(), c.seen.copy())
        o = result.overall
        self._overall = GroupCounts(o.agree.copy(), o.disagree.copy(), o.seen.copy())
        self._threshold = max(min(settings.min_votes, self._basis.n_statements), 1)
        self._analysis = a

    @classmethod
    def fit(
        cls,
        votes: VoteMatrix,
        *,
        moderated_out: Collection[int] = (),
        seed: int = 0,
        settings: OpinionSettings | None = None,
    ) -> OpinionModel:
        settings = settings or OpinionSettings()
        result = fit(votes, moderated_out=moderated_out, seed=seed, settings=settings)
        return cls(votes, result, settings, moderation_mask(votes, moderated_out))

    @property
    def analysis(self) -> OpinionAnalysis:
        return self._analysis

    def row_votes(self, row: int) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Column indices and values of a participant's current votes, by column."""
        if row < len(self._indptr) - 1:
            start, end = self._indptr[row], self._indptr[row + 1]
            cols = self._indices[start:end].astype(np.int64)
            vals = self._values[start:end].astype(np.float64)
        else:
            cols, vals = np.zeros(0, dtype=np.int64), np.zeros(0)
        extra = self._overlay.get(row)
        if extra:
            merged = dict(zip(cols.tolist(), vals.tolist(), strict=True))
            merged.update(extra)
            keys = sorted(merged)
            cols = np.asarray(keys, dtype=np.int64)
            vals = np.asarray([merged[k] for k in keys], dtype=np.float64)
        return cols, vals

    def record_vote(self, participant_id: int, statement_id: int, vote: int) -> OpinionAnalysis:
        """Apply one vote (agree 1, disagree -1, pass 0) and return the updated analysis."""
        if vote not in (AGREE, DISAGREE, PASS):
            raise OpinionInputError("a vote must be 1 (agree), -1 (disagree) or 0 (pass)")
        col = self._col_of.get(statement_id)
        if col is None:
            raise OpinionInputError(
                f"statement {statement_id} is not in the analysis; a full recompute adds it"
            )
        row = self._row_of.get(participant_id)
        if row is None:
            row = self._add_participant(participant_id)
        old_cols, old_vals = self.row_votes(row)
        pos = int(np.searchsorted(old_cols, col))
        had = pos < len(old_cols) and old_cols[pos] == col
        old_vote = int(old_vals[pos]) if had else None
        self._overlay.setdefault(row, {})[col] = vote

        _tally(self._overall, 0, col, old_vote, -1)
        _tally(self._overall, 0, col, vote, +1)
        if not had:
            self._raw_counts[row] += 1
        cols, vals = self.row_votes(row)
        self._projection[row] = project_one(cols, vals, self._basis)
        if not self._in_conv[row] and self._raw_counts[row] >= self._threshold:
            self._in_conv[row] = True
        old_group = int(self._group[row])
        new_group = -1
        if self._in_conv[row] and len(self._centers):
            d = ((self._centers - self._projection[row]) ** 2).sum(axis=1)
            new_group = int(np.argmin(d))
        if new_group != old_group:
            if old_group >= 0:
                # Take the participant's votes as they were before this one out of the old group.
                _tally_row(self._counts, old_group, old_cols, old_vals, -1)
            if new_group >= 0:
                _tally_row(self._counts, new_group, cols, vals, +1)
            self._group[row] = new_group
        elif new_group >= 0:
            _tally(self._counts, new_group, col, old_vote, -1)
            _tally(self._counts, new_group, col, vote, +1)

        self._analysis = summarise(
            self._pids,
            self._tids,
            self._projection,
            self._in_conv,
            self._group,
            self._result.clustering,
            self._counts,
            self._overall,
            self._basis,
            self._mod,
            self._settings,
        )
        return self._analysis

    def _add_participant(self, participant_id: int) -> int:
        row = len(self._pids)
        self._pids = np.append(self._pids, np.int64(participant_id))
        self._row_of[participant_id] = row
        self._indptr = np.append(self._indptr, self._indptr[-1])
        self._projection = np.vstack([self._projection, np.zeros((1, 2))])
        self._in_conv = np.append(self._in_conv, False)
        self._group = np.append(self._group, -1)
        self._raw_counts = np.append(self._raw_counts, 0)
        return row


def _tally(counts: GroupCounts, group: int, col: int, vote: int | None, sign: int) -> None:
    if vote is None:
        return
    counts.seen[group, col] += sign
    if vote == AGREE:
        counts.agree[group, col] += sign
    elif vote == DISAGREE:
        counts.disagree[group, col] += sign


def _tally_row(
    counts: GroupCounts, group: int, cols: NDArray[np.int64], vals: NDArray[np.float64], sign: int
) -> None:
    counts.seen[group, cols] += sign
    counts.agree[group, cols[vals == AGREE]] += sign
    counts.disagree[group, cols[vals == DISAGREE]] += sign

"""The vote matrix: participants × statements, stored sparsely.

A consultation with 100,000 participants and 2,000 statements holds 200 million cells of which a few
million are votes, so the matrix is kept in compressed sparse row form (one ``indptr`` /
``indices`` / ``values`` triple, as scipy's CSR) rather than as a dense array with NaN for
"did not vote".

Values use the export sign convention of Pol.is: agree = +1, disagree = -1, pass = 0. (The Pol.is
database and its Clojure math use agree = -1 internally; the exporter flips it,
``math/src/polismath/darwin/export.clj``.) A pass is a vote (it counts towards the 7-vote inclusion
threshold and towards the projection scaling); a missing cell is no vote at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

AGREE = 1
DISAGREE = -1
PASS = 0


class OpinionInputError(ValueError):
    """The votes handed to the opinion analysis are not a valid vote matrix."""


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Votes of participants (rows) on statements (columns), one entry per cast vote.

    ``participant_ids`` and ``statement_ids`` are the external ids (Pol.is ``pid`` / ``tid``) of
    the rows and columns. Row ``i``'s votes are ``values[indptr[i]:indptr[i+1]]`` on the columns
    ``indices[indptr[i]:indptr[i+1]]``, sorted by column, one per (row, column) pair.
    """

    participant_ids: NDArray[np.int64]
    statement_ids: NDArray[np.int64]
    indptr: NDArray[np.int64]
    indices: NDArray[np.int32]
    values: NDArray[np.int8]

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.participant_ids), len(self.statement_ids))

    @property
    def n_votes(self) -> int:
        return len(self.values)

    @classmethod
    def from_coo(
        cls,
        rows: ArrayLike,
        cols: ArrayLike,
        values: ArrayLike,
        *,
        participant_ids: ArrayLike | None = None,
        statement_ids: ArrayLike | None = None,
        shape: tuple[int, int] | None = None,
    ) -> VoteMatrix:
        """Build from parallel arrays of row index, column index and vote (+1, -1 or 0).

        A (row, column) pair given twice is an error: re-votes are resolved before this point
        (``opinion.polis`` keeps the latest by timestamp).
        """
        r = np.asarray(rows, dtype=np.int64)
        c = np.asarray(cols, dtype=np.int64)
        v = np.asarray(values)
        if not (r.shape == c.shape == v.shape) or r.ndim != 1:
            raise OpinionInputError("rows, cols and values must be 1-D arrays of equal length")
        if v.size and not np.isin(v, (AGREE, DISAGREE, PASS)).all():
            raise OpinionInputError("a vote must be 1 (agree), -1 (disagree) or 0 (pass)")
        if shape is None:
            n_rows = int(r.max()) + 1 if r.size else 0
            n_cols = int(c.max()) + 1 if c.size else 0
        else:
            n_rows, n_cols = shape
        if participant_ids is not None:
            n_rows = len(np.asarray(participant_ids))
        if statement_ids is not None:
            n_cols = len(np.asarray(statement_ids))
        if r.size and (r.min() < 0 or r.max() >= n_rows or c.min() < 0 or c.max() >= n_cols):
            raise OpinionInputError("a row or column index is outside the matrix")
        # Sort by (row, column) in one pass: a combined key is cheaper than lexsort at 5M votes.
        key = r * max(n_cols, 1) + c
        order = np.argsort(key, kind="stable")
        key = key[order]
        if key.size > 1 and (key[1:] == key[:-1]).any():
            raise OpinionInputError("a participant has two votes on the same statement")
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=n_rows), out=indptr[1:])
        pids = (
            np.arange(n_rows, dtype=np.int64)
            if participant_ids is None
            else np.asarray(participant_ids, dtype=np.int64)
        )
        tids = (
            np.arange(n_cols, dtype=np.int64)
            if statement_ids is None
            else np.asarray(statement_ids, dtype=np.int64)
        )
        return cls(
            participant_ids=pids,
            statement_ids=tids,
            indptr=indptr,
            indices=c[order].astype(np.int32),
            values=v[order].astype(np.int8),
        )

    @classmethod
    def from_dense(
        cls,
        matrix: ArrayLike,
        *,
        participant_ids: Sequence[int] | None = None,
        statement_ids: Sequence[int] | None = None,
    ) -> VoteMatrix:
        """Build from a dense array where NaN means "did not vote"."""
        dense = np.asarray(matrix, dtype=np.float64)
        if dense.ndim != 2:
            raise OpinionInputError("a dense vote matrix must be 2-D")
        rows, cols = np.nonzero(~np.isnan(dense))
        return cls.from_coo(
            rows,
            cols,
            dense[rows, cols],
            participant_ids=participant_ids,
            statement_ids=statement_ids,
            shape=dense.shape,
        )

    def to_dense(self) -> NDArray[np.float64]:
        """Dense copy with NaN for "did not vote" (for small matrices and tests)."""
        out = np.full(self.shape, np.nan)
        out[self.row_of_vote(), self.indices] = self.values
        return out

    def row_of_vote(self) -> NDArray[np.int64]:
        """The row index of every stored vote (the COO row array)."""
        return np.repeat(np.arange(self.shape[0], dtype=np.int64), np.diff(self.indptr))

    def votes_per_participant(self) -> NDArray[np.int64]:
        return np.diff(self.indptr)

    def csr(self, data: NDArray[np.float64]) -> sp.csr_matrix:
        """A scipy CSR matrix with this sparsity pattern and ``data`` as its stored values.

        Explicit zeros are kept on purpose: a pass is a stored vote and must stay one.
        """
        return sp.csr_matrix((data, self.indices, self.indptr), shape=self.shape)

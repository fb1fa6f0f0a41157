"""The 2-D opinion map: PCA of the vote matrix and Pol.is's sparsity-aware projection.

Origin: ``math/src/polismath/math/conversation.clj`` (``:rating-mat``, ``:mat``, ``:pca``,
``:proj``) and ``math/src/polismath/math/pca.clj`` (``powerit-pca``,
``sparsity-aware-project-ptpt``, ``pca-project-cmnts``).

* Moderated-out statements are zeroed for every participant before PCA
  (``nm/zero-out-columns`` on ``:rating-mat``). They then carry no variance, but — as in Pol.is and
  red-dwarf (``simple_filter_matrix``) — the zeros count as votes in the projection scaling below.
* Missing votes are imputed with the statement's mean vote (``:mat`` "swap nils for per column
  average"). After centring, an imputed cell is exactly 0, so the centred-imputed matrix ``Z`` has
  the sparsity pattern of the votes: we never build the dense matrix (100k × 2k would be 1.6 GB).
* Principal components: the top two eigenvectors of ``Zᵀ Z``. Pol.is runs 100 power iterations from
  a random start; we solve exactly (dense ``eigh`` of the m × m matrix when m is small, ARPACK
  Lanczos on the implicit operator ``v ↦ Zᵀ(Z v)`` otherwise). Signs follow scikit-learn's
  ``svd_flip(u_based_decision=False)`` — the largest-magnitude loading of each component is
  positive — so that our axes match red-dwarf's; loadings tied for largest (within rounding)
  are decided by the first in statement order, so that the sign does not depend on the order
  of the participants.
* Participant projection: ``sqrt(n_statements / max(n_votes, 1)) · Σ_{j voted} (v_ij − μ_j) pc_j``
  (``sparsity-aware-project-ptpt``): participants who voted on little are pushed out from the centre
  instead of bunching in it. ``n_statements`` counts statements with at least one vote, as the
  Pol.is rating matrix only has columns for voted statements.
* Statement projection and extremity: the projection of a virtual participant who agreed with that
  one statement only (``pca-project-cmnts``; Pol.is writes -1, its internal "agree"), and its
  Euclidean length (``with-proj-and-extremtiy``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
import scipy.sparse.linalg as spla
from numpy.typing import NDArray

from accord.domain.opinion.matrix import VoteMatrix

# Below this many statements the m × m scatter matrix is solved densely (LAPACK). Above it we use
# Lanczos on the implicit operator: memory stays O(votes), and it only needs sparse mat-vecs, which
# keeps it fast on a loaded machine where multi-threaded LAPACK calls stall (measured: a 316 × 316
# eigh took 2.6 s under load on 2 cores, Lanczos 10 ms).
DENSE_EIGH_MAX_STATEMENTS = 64


@dataclass(frozen=True, eq=False)
class PcaBasis:
    """What is kept between a full recompute and the incremental updates that follow it."""

    center: NDArray[np.float64]  # (m,) mean vote per statement; 0 for moderated / unvoted
    components: NDArray[np.float64]  # (2, m)
    active: NDArray[np.bool_]  # (m,) statement takes part in PCA (voted, not moderated out)
    zeroed: NDArray[np.bool_]  # (m,) moderated out and voted: counts as a vote for everyone
    n_statements: int  # statements with at least one vote (the scaling numerator)


def fit_pca(
    votes: VoteMatrix,
    moderated_out: NDArray[np.bool_],
    *,
    seed: int = 0,
    dense_max: int = DENSE_EIGH_MAX_STATEMENTS,
) -> PcaBasis:
    """Column means and the top two principal components of the centred, imputed vote matrix."""
    n, m = votes.shape
    counts = np.bincount(votes.indices, minlength=m).astype(np.int64)
    sums = np.bincount(votes.indices, weights=votes.values, minlength=m)
    voted = counts > 0
    active = voted & ~moderated_out
    center = np.zeros(m)
    center[active] = sums[active] / counts[active]
    z = votes.csr(_centred_values(votes, center, active))
    components = np.zeros((2, m))
    if n >= 2 and m >= 1 and z.nnz:
        if m <= dense_max or m < 4:
            scatter = (z.T @ z).toarray()
            # Only the top two eigenpairs (LAPACK's subset driver): a full eigh costs far more.
            lo = max(m - 2, 0)
            eigval, eigvec = sla.eigh(scatter, subset_by_index=(lo, m - 1))
            top = np.argsort(eigval)[::-1][:2]
            eigval, eigvec = eigval[top], eigvec[:, top]
        else:
            operator = spla.LinearOperator((m, m), matvec=lambda x: z.T @ (z @ x), dtype=np.float64)
            v0 = np.random.default_rng(seed).standard_normal(m)
            eigval, eigvec = spla.eigsh(operator, k=2, which="LA", v0=v0, tol=1e-10)
            top = np.argsort(eigval)[::-1]
            eigval, eigvec = eigval[top], eigvec[:, top]
        scale = max(float(eigval[0]), 0.0)
        for k in range(min(2, len(eigval))):
            # A (numerically) zero eigenvalue has no meaningful direction; leaving it arbitrary
            # would make the map depend on floating-point noise.
            if eigval[k] > 1e-12 * max(scale, 1.0):
                components[k] = _signed(eigvec[:, k])
        # Inactive columns are all-zero in Z; clear the eigensolver's rounding noise there.
        components[:, ~active] = 0.0
    return PcaBasis(
        center=center,
        components=components,
        active=active,
        zeroed=voted & moderated_out,
        n_statements=int(voted.sum()),
    )


def _signed(vec: NDArray[np.float64]) -> NDArray[np.float64]:
    """`vec` or `-vec`, whichever has its largest-magnitude loading positive.

    Loadings within a relative 1e-9 of the largest count as tied (±0.7071 on two statements,
    say), and the first of them in statement order decides: otherwise which one is "largest"
    would be rounding noise, and reordering the participants would flip the axis.
    """
    magnitude = np.abs(vec)
    pivot = int(np.flatnonzero(magnitude >= magnitude.max() * (1 - 1e-9))[0])
    return vec if vec[pivot] >= 0 else -vec


def _centred_values(
    votes: VoteMatrix, center: NDArray[np.float64], active: NDArray[np.bool_]
) -> NDArray[np.float64]:
    data = votes.values.astype(np.float64) - center[votes.indices]
    data[~active[votes.indices]] = 0.0
    return data


def scaling_vote_counts(votes: VoteMatrix, basis: PcaBasis) -> NDArray[np.int64]:
    """Votes per participant as the projection scaling counts them (zeroed columns included)."""
    on_active = np.bincount(
        votes.row_of_vote(), weights=basis.active[votes.indices], minlength=votes.shape[0]
    ).astype(np.int64)
    return on_active + int(basis.zeroed.sum())


def project_participants(votes: VoteMatrix, basis: PcaBasis) -> NDArray[np.float64]:
    """Pol.is's sparsity-aware projection of every participant, shape (n, 2)."""
    z = votes.csr(_centred_values(votes, basis.center, basis.active))
    raw = np.asarray(z @ basis.components.T)
    n_votes = scaling_vote_counts(votes, basis)
    factor = np.sqrt(basis.n_statements / np.maximum(n_votes, 1))
    return raw * factor[:, None]


def project_one(
    statements: NDArray[np.int64], values: NDArray[np.float64], basis: PcaBasis
) -> NDArray[np.float64]:
    """Projection of one participant from their votes (column indices and values)."""
    act = basis.active[statements]
    centred = (values - basis.center[statements]) * act
    raw = basis.components[:, statements] @ centred
    n_votes = int(act.sum()) + int(basis.zeroed.sum())
    return np.asarray(raw * np.sqrt(basis.n_statements / max(n_votes, 1)), dtype=np.float64)


def project_statements(basis: PcaBasis) -> NDArray[np.float64]:
    """Where a participant who agreed with only that statement would sit, shape (m, 2)."""
    # One vote, so the scaling factor is sqrt(n_statements / 1); a zeroed statement stays at 0.
    offset = (1.0 - basis.center) * basis.active
    scaled = (basis.components * offset).T * np.sqrt(max(basis.n_statements, 1))
    return np.asarray(scaled, dtype=np.float64)


def statement_extremity(basis: PcaBasis) -> NDArray[np.float64]:
    """Distance of each statement's projection from the centre (Pol.is ``comment-extremity``)."""
    return np.asarray(np.linalg.norm(project_statements(basis), axis=1))

"""The scorer: predicted acceptance per state, and the ranking built on it.

Array-level and name-free: rows are raters (states, or participants in a consultation),
columns are candidate wordings. Ratings are in [0, 1] (agree 1, pass 0.5, disagree 0)
with NaN where there is no evidence.

The model is the one Community Notes uses to find notes rated helpful "across the
divide": rating ≈ μ + i_rater + i_candidate + f_rater · f_candidate, with a 1-D factor,
ridge-regularised (intercepts more strongly than factors, so that whatever bloc
alignment can explain is taken by the factor term), fit by alternating least squares.
The candidate intercept is what remains once bloc alignment is accounted for: support
that bridges. Everything is deterministic: the start is a singular vector, not a random
draw, and no step depends on the order of equal rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

# Community Notes' published settings (intercepts 5x the factors' regularisation).
INTERCEPT_REG = 0.15
FACTOR_REG = 0.03
# Settings for a table of states (see `predict_acceptance`), chosen on bench/mediator_eval.py.
STATE_INTERCEPT_REG = 1.0
STATE_FACTOR_REG = 0.2
NEUTRAL = 0.5
# A state's own vote or stated position weighs this much in its prediction; the model
# supplies the rest, so "agree" stays in [0.8, 1] and "disagree" in [0, 0.2].
OBSERVED_WEIGHT = 0.8
# Predictions are compared after rounding: float noise must not reorder candidates.
_DECIMALS = 9

BASIS_NONE, BASIS_VOTES, BASIS_STATED = 0, 1, 2


@dataclass(frozen=True)
class AcceptanceModel:
    """A fitted intercept + 1-D factor model of ratings."""

    mu: float
    rater_intercepts: FloatArray
    candidate_intercepts: FloatArray
    rater_factors: FloatArray
    candidate_factors: FloatArray
    iterations: int

    def predict(self) -> FloatArray:
        """The model's rating for every (rater, candidate), clipped to [0, 1]."""
        raw = (
            self.mu
            + self.rater_intercepts[:, None]
            + self.candidate_intercepts[None, :]
            + np.outer(self.rater_factors, self.candidate_factors)
        )
        return np.clip(raw, 0.0, 1.0)


def fit_acceptance_model(
    ratings: FloatArray,
    *,
    intercept_reg: float = INTERCEPT_REG,
    factor_reg: float = FACTOR_REG,
    mu: float | None = None,
    max_iterations: int = 200,
    tolerance: float = 1e-7,
) -> AcceptanceModel:
    """Fit μ + i_r + i_c + f_r·f_c to the observed (non-NaN) ratings by alternating least squares.

    Each half-step solves, for every rater (then every candidate) at once, a 2x2 ridge
    regression for its intercept and factor. The factors start from the leading right
    singular vector of the mean-filled, centred matrix, so the fit is deterministic.
    `mu` fixes the global mean (None estimates it from the ratings).
    """
    if ratings.ndim != 2:
        raise ValueError("ratings must be a 2-D array")
    observed = ~np.isnan(ratings)
    mask = observed.astype(np.float64)
    filled = np.where(observed, ratings, 0.0)
    n_raters, n_candidates = ratings.shape
    total = mask.sum()
    fixed_mu = mu
    mu = mu if mu is not None else (float(filled.sum() / total) if total else 0.5)
    a = np.zeros(n_raters)
    b = np.zeros(n_candidates)
    u = np.zeros(n_raters)
    v = _initial_factors(np.where(observed, ratings - mu, 0.0))
    loss = np.inf
    iteration = 0
    for iteration in range(1, max_iterations + 1):  # noqa: B007 - reported after the loop
        target = filled - mu - b[None, :]
        a, u = _ridge_pairs(mask, np.where(observed, target, 0.0), v, intercept_reg, factor_reg)
        target = filled - mu - a[:, None]
        b, v = _ridge_pairs(mask.T, np.where(observed, target, 0.0).T, u, intercept_reg, factor_reg)
        residual = filled - a[:, None] - b[None, :] - np.outer(u, v)
        if total and fixed_mu is None:
            mu = float((residual * mask).sum() / total)
        error = (residual - mu) * mask
        new_loss = float(
            (error**2).sum() + intercept_reg * (a @ a + b @ b) + factor_reg * (u @ u + v @ v)
        )
        if loss - new_loss < tolerance * max(1.0, new_loss):
            loss = new_loss
            break
        loss = new_loss
    return AcceptanceModel(mu, a, b, u, v, iteration)


def _initial_factors(centred: FloatArray) -> FloatArray:
    n_candidates = centred.shape[1]
    if centred.size and np.any(centred):
        _, s, vt = np.linalg.svd(centred, full_matrices=False)
        v = vt[0] * np.sqrt(s[0] / max(1, centred.shape[0]))
        # Fix the sign so the start does not hinge on the SVD routine's choice.
        pivot = int(np.argmax(np.abs(v)))
        return np.asarray(v if v[pivot] >= 0 else -v, dtype=np.float64)
    # No variation at all: a small fixed ramp over candidates breaks the symmetry.
    return np.linspace(-0.1, 0.1, n_candidates) if n_candidates > 1 else np.zeros(n_candidates)


def _ridge_pairs(
    mask: FloatArray, target: FloatArray, other: FloatArray, reg0: float, reg1: float
) -> tuple[FloatArray, FloatArray]:
    """Row-wise ridge fits of target ≈ c0 + c1·other over each row's observed entries."""
    s00 = mask.sum(axis=1) + reg0
    s01 = mask @ other
    s11 = mask @ (other**2) + reg1
    y0 = target.sum(axis=1)
    y1 = target @ other
    det = s00 * s11 - s01**2
    c0 = (s11 * y0 - s01 * y1) / det
    c1 = (s00 * y1 - s01 * y0) / det
    return c0, c1


def predict_acceptance(
    votes: FloatArray,
    stated: FloatArray,
    *,
    observed_weight: float = OBSERVED_WEIGHT,
    intercept_reg: float = STATE_INTERCEPT_REG,
    factor_reg: float = STATE_FACTOR_REG,
    mu: float | None = NEUTRAL,
) -> tuple[FloatArray, NDArray[np.int8], AcceptanceModel]:
    """Predicted acceptance in [0, 1] for every (state, candidate), with its basis.

    `stated` holds stated positions (1 backed or proposed, 0 opposed) and takes
    precedence over `votes` where both exist: a position stated in the negotiation
    outranks a consultation vote. Where a state has its own evidence, the prediction is
    `observed_weight` times that evidence plus the rest from the model; elsewhere it is
    the model alone. A candidate with no evidence from anyone gets only μ + i_state:
    no agreement is inherited from similar wordings.

    The defaults suit a table of states (tens of rows, sparse, selectively positive
    evidence): μ is fixed at the neutral 0.5 because states state positions mostly on
    what they back, which would inflate an estimated mean and make every unknown look
    acceptable; and regularisation is stronger than Community Notes' (tuned for
    thousands of raters), so one backer does not make a wording look accepted by all.
    """
    ratings = np.where(np.isnan(stated), votes, stated)
    model = fit_acceptance_model(ratings, intercept_reg=intercept_reg, factor_reg=factor_reg, mu=mu)
    fitted = model.predict()
    has = ~np.isnan(ratings)
    predicted = np.where(
        has, observed_weight * np.nan_to_num(ratings) + (1 - observed_weight) * fitted, fitted
    )
    basis = np.where(
        ~np.isnan(stated), BASIS_STATED, np.where(~np.isnan(votes), BASIS_VOTES, BASIS_NONE)
    ).astype(np.int8)
    return np.round(predicted, _DECIMALS).astype(np.float64), basis, model


def schulze_order(preferences: FloatArray) -> list[int]:
    """Candidates (columns) ordered by the Schulze method over the raters' preferences.

    Each row is one rater's (state's) predicted acceptance of every candidate; a rater
    prefers x to y when its figure for x is higher. Each rater counts once. Returns the
    column indices from best to worst; candidates the method cannot separate keep their
    relative input order (the caller orders its input by a stable key).
    """
    n = preferences.shape[1]
    if n <= 1:
        return list(range(n))
    prefers = preferences[:, :, None] > preferences[:, None, :]
    d = prefers.sum(axis=0).astype(np.int64)
    p = np.where(d > d.T, d, 0)
    for k in range(n):
        # Widest path through k (Floyd-Warshall on the bottleneck semiring).
        p = np.maximum(p, np.minimum(p[:, k][:, None], p[k, :][None, :]))
    np.fill_diagonal(p, 0)
    wins = (p > p.T).sum(axis=1)
    return sorted(range(n), key=lambda x: -int(wins[x]))


def rank_candidates(
    predicted: FloatArray,
    *,
    veto_threshold: float,
    tie_tolerance: float,
) -> list[int]:
    """Candidate columns from best to worst.

    First, any predicted objection (a state below `veto_threshold`) counts as a veto:
    candidates without one come first, then those with fewer objecting states. Within
    each, candidates are ordered by their least-satisfied state's predicted acceptance,
    highest first.
    Candidates whose minima lie within `tie_tolerance` of the first of their group are tied
    and ordered by the Schulze method over the states' predicted preference orders. Input
    columns must already be in a stable order (text, then id): it breaks the last ties.
    """
    n = predicted.shape[1]
    if n == 0:
        return []
    least = np.round(predicted.min(axis=0), _DECIMALS)
    # Number of states predicted to object: zero first; among vetoed wordings, fewer
    # objectors is closer to consensus (and blunts a bloc that objects to everything).
    objects = (predicted < veto_threshold).sum(axis=0)
    order = sorted(range(n), key=lambda c: (int(objects[c]), -float(least[c]), c))
    ranked: list[int] = []
    start = 0
    while start < n:
        head = order[start]
        end = start + 1
        while (
            end < n
            and objects[order[end]] == objects[head]
            and float(least[head] - least[order[end]]) <= tie_tolerance
        ):
            end += 1
        group = sorted(order[start:end])
        ranked.extend(group[i] for i in schulze_order(predicted[:, group]))
        start = end
    return ranked

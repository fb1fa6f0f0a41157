"""Opinion groups: base clusters, then 2–5 groups chosen by silhouette.

Origin: ``math/src/polismath/math/conversation.clj`` (``:in-conv``, ``:base-clusters``,
``:group-clusterings``, ``:group-clusterings-silhouettes``, ``max-k-fn``) and
``math/src/polismath/math/clusters.clj`` (``kmeans``, ``cluster-step``, ``weighted-mean``,
``silhouette``).

What we keep from Pol.is:
* Only participants "in the conversation" are clustered: at least ``min(7, n_statements)`` votes,
  topped up greedily with the most active voters until there are 15 (``:in-conv``).
* 100 base clusters by k-means on the 2-D projection; then groups by k-means on the base-cluster
  centres weighted by their sizes, for k = 2 … min(5, 2 + n_base // 12); the k with the best
  silhouette wins, the silhouette being computed over base-cluster centres, unweighted.
* Clusters left empty by an iteration are dropped (``cluster-step``), so a clustering can come out
  with fewer clusters than asked for.

Where we differ, on purpose:
* Pol.is is incremental: it warm-starts k-means from the previous run's centres, keeps participants
  "once in, always in" and only switches k after it won 4 runs in a row (k-smoothing). A full
  recompute here has no history, so we initialise base clusters with seeded k-means++ and group
  clusters with the best (lowest weighted inertia) of the Pol.is initialisation — the first k
  distinct points — and a few seeded k-means++ starts. Without that, a cold start from the first
  k points (all at one edge of the map) regularly lands in a poor local optimum.
* Once k is chosen on the base clusters, the groups are refined by Lloyd iterations over the
  participants themselves, so a group is not forced to be a union of base clusters. Measured on the
  shared conversations this moves us closer to both red-dwarf and Pol.is's exported groups
  (vtaiwan ARI against red-dwarf 0.79 → 0.87); the k-means objective there is flat, and the
  2-group split of a continuum is where initialisations differ most.
* Lloyd iterations stop when no assignment changes or, as in Pol.is's ``same-clustering?``, when
  no centre moved by 0.01 (at most 100 iterations, ``:base-iters`` / ``:group-iters``).
* Points are clustered in a canonical order (sorted unique coordinates, weighted by multiplicity)
  and coordinates are rounded to 1e-9, so that the same people in a different row order get the
  same groups and float summation noise cannot flip a tie.
* red-dwarf (the Python port) skips base clusters and clusters participants directly, with the
  silhouette over participants; see ``tests/fidelity/test_red_dwarf_fidelity.py`` for how far apart
  that leaves us.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.cluster.vq import vq
from scipy.spatial.distance import cdist

ROUND_DECIMALS = 9
GREEDY_IN_CONV = 15  # conversation.clj :in-conv greedy-n


@dataclass(frozen=True, eq=False)
class Clustering:
    """Base clusters and the groups made of them; labels index into participants in conversation."""

    base_centers: NDArray[np.float64]  # (B, 2)
    base_sizes: NDArray[np.int64]  # (B,)
    group_centers: NDArray[np.float64]  # (G, 2) mean position of each group's members
    participant_base: NDArray[np.int64]  # (n_in,) base cluster of each clustered participant
    participant_group: NDArray[np.int64]  # (n_in,) group of each clustered participant
    silhouettes: dict[int, float]  # k → silhouette, for every k tried


def in_conversation(
    vote_counts: NDArray[np.int64],
    n_statements: int,
    min_votes: int = 7,
    participant_ids: NDArray[np.int64] | None = None,
) -> NDArray[np.bool_]:
    """Who is clustered: ``min(min_votes, n_statements)`` votes, topped up to 15 by activity.

    Top-up ties go to the lower participant id (Pol.is leaves them to hash-map order), so that the
    row order of the matrix does not decide who is in.
    """
    threshold = min(min_votes, n_statements)
    mask = vote_counts >= max(threshold, 1)
    missing = GREEDY_IN_CONV - int(mask.sum())
    if missing > 0:
        ids = np.arange(len(vote_counts)) if participant_ids is None else participant_ids
        candidates = np.flatnonzero(~mask & (vote_counts > 0))
        order = np.lexsort((ids[candidates], -vote_counts[candidates]))
        mask[candidates[order[:missing]]] = True
    return mask


def kmeans(
    points: NDArray[np.float64],
    weights: NDArray[np.float64],
    init: NDArray[np.float64],
    max_iter: int = 100,
    tol: float = 0.01,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Weighted Lloyd iterations from ``init``; empty clusters are dropped (``cluster-step``).

    Stops when no label changes or no centre moved by ``tol`` or more (Pol.is's 0.01).

    Returns (centres, label of each point). Ties go to the lowest-numbered centre.
    """
    centers = init.copy()
    labels = np.full(len(points), -1, dtype=np.int64)
    for _ in range(max_iter):
        new_labels = _nearest(points, centers)
        sizes = np.bincount(new_labels, weights=weights, minlength=len(centers))
        keep = sizes > 0
        if not keep.all():
            remap = np.cumsum(keep) - 1
            new_labels = remap[new_labels]
            sizes = sizes[keep]
        sums = np.stack(
            [
                np.bincount(new_labels, weights=weights * points[:, d], minlength=len(sizes))
                for d in range(points.shape[1])
            ],
            axis=1,
        )
        new_centers = np.round(sums / sizes[:, None], ROUND_DECIMALS)
        # clusters.clj same-clustering?: every centre moved less than 0.01; or nothing moved.
        converged = np.array_equal(new_labels, labels) or (
            len(new_centers) == len(centers)
            and float(np.abs(new_centers - centers).max(initial=0.0)) < tol
        )
        centers, labels = new_centers, new_labels
        if converged:
            break
    # The centres are the (weighted) means of exactly these labels.
    return centers, labels


def _nearest(points: NDArray[np.float64], centers: NDArray[np.float64]) -> NDArray[np.int64]:
    if len(points) * len(centers) > 50_000:
        # scipy's C nearest-centre search: no n × k distance matrix in memory.
        code, _ = vq(points, centers, check_finite=False)
        return np.asarray(code, dtype=np.int64)
    d = ((points[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
    return np.asarray(np.argmin(d, axis=1), dtype=np.int64)


def kmeans_pp_init(
    points: NDArray[np.float64], weights: NDArray[np.float64], k: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """Weighted k-means++ seeding (Arthur & Vassilvitskii 2007), deterministic for a given rng."""
    n = len(points)
    first = int(rng.choice(n, p=weights / weights.sum()))
    chosen = [first]
    closest = ((points - points[first]) ** 2).sum(axis=1)
    for _ in range(1, k):
        mass = closest * weights
        total = mass.sum()
        if total <= 0:
            break  # fewer distinct points than k
        nxt = int(rng.choice(n, p=mass / total))
        chosen.append(nxt)
        closest = np.minimum(closest, ((points - points[nxt]) ** 2).sum(axis=1))
    return points[chosen].copy()


def silhouette(points: NDArray[np.float64], labels: NDArray[np.int64]) -> float:
    """Mean silhouette over points (``clusters.clj`` ``silhouette``; singletons score 0)."""
    k = int(labels.max()) + 1
    if k < 2:
        return 0.0
    dist = cdist(points, points)
    sizes = np.bincount(labels, minlength=k)
    onehot = np.zeros((len(points), k))
    onehot[np.arange(len(points)), labels] = 1.0
    summed = dist @ onehot  # (n, k): total distance from each point to each cluster
    own = sizes[labels] - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        a = summed[np.arange(len(points)), labels] / own
        mean_other = summed / sizes[None, :]
    mean_other[np.arange(len(points)), labels] = np.inf
    b = mean_other.min(axis=1)
    denom = np.maximum(a, b)
    s = np.where((own > 0) & (denom > 0), (b - a) / np.where(denom > 0, denom, 1.0), 0.0)
    return float(s.mean())


def cluster_participants(
    projection: NDArray[np.float64],
    *,
    seed: int = 0,
    base_k: int = 100,
    max_k: int = 5,
    max_iter: int = 100,
    group_inits: int = 8,
) -> Clustering:
    """Base clusters of the given (in-conversation) participants, then groups by silhouette."""
    rng = np.random.default_rng(seed)
    rounded = np.round(projection, ROUND_DECIMALS)
    if len(rounded) == 0:
        empty2 = np.zeros((0, 2))
        empty = np.zeros(0, dtype=np.int64)
        return Clustering(empty2, empty, empty2, empty, empty, {})
    uniq, inverse, counts = np.unique(rounded, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    weights = counts.astype(np.float64)
    base_centers, base_sizes, participant_base = _base_clusters(
        uniq, inverse, counts, base_k, max_iter, rng
    )

    n_base = len(base_centers)
    upper = min(max_k, 2 + n_base // 12, n_base)  # conversation.clj max-k-fn
    bw = base_sizes.astype(np.float64)
    group_init, silhouettes = _groups_by_silhouette(
        base_centers, bw, upper, rng, group_inits, max_iter
    )
    # Refinement: Lloyd over the participants themselves (unique points, weighted), starting from
    # the centres found on the base clusters. Base clusters quantise the map; a group boundary that
    # runs through a base cluster would otherwise cut it whole into one side.
    group_centers, point_group = kmeans(uniq, weights, group_init, max_iter)
    point_group = _canonical_group_ids(point_group, uniq, weights)
    n_groups = int(point_group.max()) + 1
    group_centers = (
        np.stack(
            [
                np.bincount(point_group, weights=weights * uniq[:, d], minlength=n_groups)
                for d in range(2)
            ],
            axis=1,
        )
        / np.bincount(point_group, weights=weights, minlength=n_groups)[:, None]
    )
    return Clustering(
        base_centers=base_centers,
        base_sizes=base_sizes,
        group_centers=np.round(group_centers, ROUND_DECIMALS),
        participant_base=participant_base,
        participant_group=point_group[inverse],
        silhouettes=silhouettes,
    )


def _base_clusters(
    uniq: NDArray[np.float64],
    inverse: NDArray[np.int64],
    counts: NDArray[np.int64],
    base_k: int,
    max_iter: int,
    rng: np.random.Generator,
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """Up to `base_k` base clusters of the distinct points, in canonical order, with sizes."""
    weights = counts.astype(np.float64)
    if len(uniq) <= base_k:
        # Pol.is's init takes the first base_k distinct points: with fewer, each is its own cluster.
        base_centers, point_base = uniq, np.arange(len(uniq), dtype=np.int64)
    else:
        init = kmeans_pp_init(uniq, weights, base_k, rng)
        base_centers, point_base = kmeans(uniq, weights, init, max_iter)
    base_sizes = np.bincount(point_base, weights=counts, minlength=len(base_centers))
    base_sizes = base_sizes.astype(np.int64)
    # Canonical base order: by coordinates, so ids do not depend on the random init order.
    order = np.lexsort((base_centers[:, 1], base_centers[:, 0]))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    base_centers, base_sizes = base_centers[order], base_sizes[order]
    participant_base = rank[point_base][inverse]
    return base_centers, base_sizes, participant_base


def _groups_by_silhouette(
    base_centers: NDArray[np.float64],
    bw: NDArray[np.float64],
    upper: int,
    rng: np.random.Generator,
    group_inits: int,
    max_iter: int,
) -> tuple[NDArray[np.float64], dict[int, float]]:
    """The group centres for the k in 2…`upper` with the best silhouette, and every k's score."""
    best: tuple[float, int, NDArray[np.float64], NDArray[np.int64]] | None = None
    silhouettes: dict[int, float] = {}
    for k in range(2, upper + 1):
        centers, labels = _best_weighted_kmeans(base_centers, bw, k, rng, group_inits, max_iter)
        score = silhouette(base_centers, labels)
        silhouettes[k] = score
        if best is None or score > best[0]:
            best = (score, k, centers, labels)
    group_init = np.average(base_centers, axis=0, weights=bw)[None, :] if best is None else best[2]
    return group_init, silhouettes


def _best_weighted_kmeans(
    points: NDArray[np.float64],
    weights: NDArray[np.float64],
    k: int,
    rng: np.random.Generator,
    n_init: int,
    max_iter: int,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    inits = [points[:k].copy()]  # clusters.clj init-clusters: the first k distinct points
    inits += [kmeans_pp_init(points, weights, k, rng) for _ in range(n_init)]
    best: tuple[float, NDArray[np.float64], NDArray[np.int64]] | None = None
    for init in inits:
        centers, labels = kmeans(points, weights, init, max_iter)
        inertia = float((weights * ((points - centers[labels]) ** 2).sum(axis=1)).sum())
        # Round so that float noise cannot decide between two equally good solutions.
        inertia = round(inertia, 9)
        if best is None or inertia < best[0]:
            best = (inertia, centers, labels)
    assert best is not None
    return best[1], best[2]


def _canonical_group_ids(
    labels: NDArray[np.int64], points: NDArray[np.float64], weights: NDArray[np.float64]
) -> NDArray[np.int64]:
    """Number groups by size (largest first), ties by their first member in canonical order."""
    n_groups = int(labels.max()) + 1
    sizes = np.bincount(labels, weights=weights, minlength=n_groups)
    first = np.full(n_groups, len(labels))
    np.minimum.at(first, labels, np.arange(len(labels)))
    order = np.lexsort((first, -sizes))
    new_id = np.empty(n_groups, dtype=np.int64)
    new_id[order] = np.arange(n_groups)
    return new_id[labels]

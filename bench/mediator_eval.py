"""Evaluation of the mediator's scorer (issue 7).

Run:  .venv/bin/python bench/mediator_eval.py  [--trials N] [--seed S] [--quick]

(a) Synthetic: blocs of states with hidden ideal points, candidate clauses with known
    acceptability, sparse noisy votes, one colluding bloc that agrees only with its own
    favourite and disagrees with everything else. For each share of votes observed we
    report, per method: how often the top candidate is the truly most acceptable clause
    (max over clauses of the least-satisfied state's true acceptability), the regret on
    the least-satisfied state, and the Spearman correlation of predicted and true
    acceptance over all (state, clause) cells.
(b) Pol.is: on the real conversations in ../shared/data/polis (or $ACCORD_POLIS_DIR),
    hide 10% of the final votes at random and report the AUC of agree vs disagree on
    the hidden ones.

Methods, side by side: the mediator's scorer (`accord.domain.mediation.scoring`), the
plain agree-rate, and Pol.is's group-aware consensus (product over opinion groups of
(agree+1)/(n+2), groups by k-means on the vote matrix). Seeded: the same command prints
the same tables. Runs in 1-2 minutes on 2 cores. Groups come from the bench's own
k-means (accord.domain.opinion did not exist when this was written).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata, spearmanr

from accord.domain.mediation.scoring import (
    fit_acceptance_model,
    predict_acceptance,
    rank_candidates,
)

Array = NDArray[np.float64]
POLIS_DIR = Path(
    os.environ.get(
        "ACCORD_POLIS_DIR", Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polis"
    )
)
VETO, TIE = 0.35, 0.02


# --------------------------------------------------------------------------- baselines
def kmeans(
    points: Array, k: int, rng: np.random.Generator, iterations: int = 50
) -> NDArray[np.int64]:
    """Plain k-means with k-means++ starts (the bench's own; opinion.py has none yet)."""
    n = points.shape[0]
    centres = [points[rng.integers(n)]]
    for _ in range(1, k):
        d2 = np.min([((points - c) ** 2).sum(1) for c in centres], axis=0)
        total = d2.sum()
        centres.append(
            points[rng.choice(n, p=d2 / total)] if total > 0 else points[rng.integers(n)]
        )
    c = np.array(centres)
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(iterations):
        new = ((points[:, None, :] - c[None]) ** 2).sum(2).argmin(1)
        if np.array_equal(new, labels) and _ > 0:
            break
        labels = new
        for j in range(k):
            if np.any(labels == j):
                c[j] = points[labels == j].mean(0)
    return labels


def silhouette(points: Array, labels: NDArray[np.int64]) -> float:
    """Mean silhouette (on at most 600 points, for speed)."""
    idx = np.arange(len(points))[:600]
    p, lab = points[idx], labels[idx]
    if len(set(lab.tolist())) < 2:
        return -1.0
    d = np.sqrt(((p[:, None] - p[None]) ** 2).sum(2))
    s = []
    for i in range(len(p)):
        same = lab == lab[i]
        a = d[i, same].sum() / max(1, same.sum() - 1)
        b = min(d[i, lab == g].mean() for g in set(lab.tolist()) if g != lab[i])
        s.append((b - a) / max(a, b, 1e-12))
    return float(np.mean(s))


def opinion_groups(ratings: Array, rng: np.random.Generator) -> NDArray[np.int64]:
    """Pol.is-style groups: k-means (k = 2..4 by silhouette) on agree=1/disagree=-1/else 0."""
    signed = np.nan_to_num(2.0 * ratings - 1.0) * (np.abs(np.nan_to_num(ratings) - 0.5) > 0.25)
    best, best_s = np.zeros(len(signed), dtype=np.int64), -2.0
    for k in (2, 3, 4):
        if len(signed) <= k:
            continue
        labels = kmeans(signed, k, rng)
        s = silhouette(signed, labels)
        if s > best_s:
            best, best_s = labels, s
    return best


def agree_counts(ratings: Array) -> tuple[Array, Array]:
    """Per column: number of agrees, number of votes."""
    obs = ~np.isnan(ratings)
    return (np.nan_to_num(ratings) == 1.0).sum(0).astype(float), obs.sum(0).astype(float)


def agree_rate(ratings: Array) -> Array:
    """Per-candidate smoothed agree-rate (a+1)/(n+2)."""
    a, n = agree_counts(ratings)
    return (a + 1) / (n + 2)


def group_rates(ratings: Array, groups: NDArray[np.int64]) -> Array:
    """(agree+1)/(n+2) per (group, column)."""
    out = []
    for g in range(groups.max() + 1):
        a, n = agree_counts(ratings[groups == g])
        out.append((a + 1) / (n + 2))
    return np.array(out)


def group_consensus(ratings: Array, groups: NDArray[np.int64]) -> Array:
    """Pol.is group-aware consensus: product over groups of (agree+1)/(n+2)."""
    product: Array = np.prod(group_rates(ratings, groups), axis=0)
    return product


# --------------------------------------------------------------------------- (a) synthetic
@dataclass
class Scenario:
    truth: Array  # true acceptability, states x clauses
    ratings: Array  # observed votes: 1 / 0.5 / 0, NaN unobserved


def make_scenario(rng: np.random.Generator, observed: float, collude: bool) -> Scenario:
    """15 states in blocs of 6/5/4 (the 4 collude), 24 clauses, votes observed at `observed`."""
    sizes = [6, 5, 4]
    angles = rng.uniform(0, 2 * np.pi) + np.array([0, 2 * np.pi / 3, 4 * np.pi / 3])
    centres = np.stack([np.cos(angles), np.sin(angles)], 1) * 1.2
    bloc = np.repeat(np.arange(3), sizes)
    states = centres[bloc] + rng.normal(0, 0.35, (len(bloc), 2))
    n_clauses = 24
    clauses = rng.normal(0, 1.0, (n_clauses, 2))
    breadth = rng.normal(0, 0.5, n_clauses)
    clauses[:3] = centres + rng.normal(0, 0.2, (3, 2))  # each bloc's own favourite
    clauses[3:9] = rng.normal(0, 0.4, (6, 2))  # bridging drafts near the middle
    breadth[3:9] += 0.5
    dist2 = ((states[:, None] - clauses[None]) ** 2).sum(2)
    truth = 1 / (1 + np.exp(-2.0 * (2.5 + breadth[None] - dist2)))
    draw = rng.random(truth.shape)
    votes = np.where(draw < truth, 1.0, 0.0)
    votes = np.where(rng.random(truth.shape) < 0.1, 0.5, votes)  # passes
    ratings = np.where(rng.random(truth.shape) < observed, votes, np.nan)
    if collude:
        members = np.flatnonzero(bloc == 2)
        favourite = int(truth[members].mean(0).argmax())
        ratings[members] = 0.0
        ratings[members, favourite] = 1.0
    # Every clause needs one vote at least to be a candidate at all.
    for c in np.flatnonzero(np.isnan(ratings).all(0)):
        s = rng.integers(len(bloc))
        ratings[s, c] = votes[s, c]
    return Scenario(truth, ratings)


def synthetic(trials: int, seed: int, collude: bool) -> list[list[str]]:
    rows = []
    for observed in (0.8, 0.5, 0.3, 0.15):
        rng = np.random.default_rng(seed)
        stats: dict[str, list[tuple[float, float, float]]] = {
            "mediator scorer": [], "agree-rate": [], "group-aware consensus": []
        }  # fmt: skip
        for _ in range(trials):
            sc = make_scenario(rng, observed, collude)
            least_true = sc.truth.min(0)
            best = float(least_true.max())
            pred, _, _ = predict_acceptance(sc.ratings, np.full_like(sc.ratings, np.nan))
            order = rank_candidates(pred, veto_threshold=VETO, tie_tolerance=TIE)
            groups = opinion_groups(sc.ratings, rng)
            ar = agree_rate(sc.ratings)
            gr = group_rates(sc.ratings, groups)
            gac = group_consensus(sc.ratings, groups)
            for name, top, cells in (
                ("mediator scorer", order[0], pred),
                ("agree-rate", int(np.argmax(ar)), np.broadcast_to(ar, pred.shape)),
                ("group-aware consensus", int(np.argmax(gac)), gr[groups]),
            ):
                rho = spearmanr(cells.ravel(), sc.truth.ravel()).statistic
                stats[name].append(
                    (float(least_true[top] >= best - 1e-12), best - float(least_true[top]),
                     float(np.nan_to_num(rho)))
                )  # fmt: skip
        for name, values in stats.items():
            v = np.array(values)
            rows.append(
                [f"{observed:.0%}", name, f"{v[:, 0].mean():.1%}", f"{v[:, 1].mean():.3f}",
                 f"{v[:, 2].mean():.3f}"]
            )  # fmt: skip
    return rows


# --------------------------------------------------------------------------- (b) Pol.is
def load_polis(folder: Path) -> Array:
    """Participants x comments, 1 agree / 0.5 pass / 0 disagree, latest vote per pair."""
    rejected = set()
    with open(folder / "comments.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["moderated"].strip() == "-1":
                rejected.add(int(row["comment-id"]))
    latest: dict[tuple[int, int], tuple[int, int]] = {}
    with open(folder / "votes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (int(row["voter-id"]), int(row["comment-id"]))
            stamp = int(row["timestamp"])
            if key not in latest or stamp >= latest[key][0]:
                latest[key] = (stamp, int(row["vote"]))
    pairs = [(v, c, vote) for (v, c), (_, vote) in latest.items() if c not in rejected]
    voters = sorted({p[0] for p in pairs})
    comments = sorted({p[1] for p in pairs})
    vi = {v: i for i, v in enumerate(voters)}
    ci = {c: i for i, c in enumerate(comments)}
    m = np.full((len(voters), len(comments)), np.nan)
    for v, c, vote in pairs:
        m[vi[v], ci[c]] = {1: 1.0, 0: 0.5, -1: 0.0}[vote]
    return m


def auc(scores: Array, labels: NDArray[np.bool_]) -> float:
    """Area under the ROC curve (Mann-Whitney, ties shared)."""
    r = rankdata(scores)
    pos = labels.sum()
    neg = len(labels) - pos
    return float((r[labels].sum() - pos * (pos + 1) / 2) / (pos * neg))


def polis(seed: int) -> list[list[str]]:
    rows = []
    for name in ("london.youth.policing", "scoop-hivemind.biodiversity", "vtaiwan.uberx"):
        folder = POLIS_DIR / name
        if not (folder / "votes.csv").exists():
            rows.append([name, "missing", "", "", "", "", ""])
            continue
        rng = np.random.default_rng(seed)
        full = load_polis(folder)
        cells = np.argwhere(~np.isnan(full))
        hidden = cells[rng.random(len(cells)) < 0.10]
        train = full.copy()
        train[hidden[:, 0], hidden[:, 1]] = np.nan
        truth = full[hidden[:, 0], hidden[:, 1]]
        keep = truth != 0.5  # AUC of agree vs disagree: passes are left out
        hi, hj, labels = hidden[keep, 0], hidden[keep, 1], truth[keep] == 1.0
        t0 = time.perf_counter()
        # Thousands of raters: Community Notes' own settings, μ estimated.
        model = fit_acceptance_model(train)
        mf = model.predict()[hi, hj]
        mf_time = time.perf_counter() - t0
        groups = opinion_groups(train, rng)
        gr = group_rates(train, groups)
        rows.append(
            [name, f"{full.shape[0]}x{full.shape[1]}", f"{len(labels)}",
             f"{auc(mf, labels):.3f}", f"{auc(agree_rate(train)[hj], labels):.3f}",
             f"{auc(group_consensus(train, groups)[hj], labels):.3f}",
             f"{auc(gr[groups[hi], hj], labels):.3f}",
             f"{mf_time:.1f}s"]
        )  # fmt: skip
    return rows


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]

    def line(r: list[str]) -> str:
        return "| " + " | ".join(str(x).ljust(w) for x, w in zip(r, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *map(line, rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--trials", type=int, default=200, help="synthetic trials per sparsity level"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="40 trials, for a smoke run")
    args = parser.parse_args(argv)
    trials = 40 if args.quick else args.trials
    start = time.perf_counter()
    header = [
        "votes observed",
        "method",
        "top = truly best",
        "regret (least-satisfied)",
        "Spearman",
    ]
    for collude, title in (
        (True, "with one colluding bloc (4 of 15 states)"),
        (False, "no collusion"),
    ):
        print(
            f"\n(a) Synthetic, {trials} seeded trials per row, 15 states in 3 blocs, "
            f"24 clauses, {title}\n"
        )
        print(table(header, synthetic(trials, args.seed, collude)))
    print(
        "\n(b) Pol.is conversations: 10% of final votes hidden (seeded); AUC of agree vs disagree\n"
    )
    print(table(
        ["conversation", "voters x comments", "hidden (agree/disagree)", "mediator scorer",
         "agree-rate", "group-aware consensus", "voter's group agree-rate", "scorer fit"],
        polis(args.seed),
    ))  # fmt: skip
    print(f"\nTotal time {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Opinion analysis benchmark: ours against red-dwarf, and at 100,000 × 2,000 scale.

Run (from the repository root)::

    .venv/bin/python bench/opinion_bench.py

(a) On each Pol.is conversation in ACCORD_POLIS_DATA (default ``<repo>/../shared/data/polis``):
    wall time of our full analysis (``accord.domain.opinion.analyze``) and of red-dwarf's
    ``run_pipeline`` with the same settings — analysis only: imports and CSV loading excluded,
    best of several runs — and the ratio. Target: ≥ 10× faster than red-dwarf on the largest.
(b) Synthetic: 100,000 participants × 2,000 statements, 5,000,000 votes (50 each), 3 planted camps,
    seeded. In a fresh subprocess so that peak RSS (``resource.getrusage``) is this workload's own:
    full analysis time (target < 10 s), peak RSS (< 4 GB; it includes building the matrix), and
    the median time to update the analysis after one vote (< 50 ms) over 200 random votes.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
CONVERSATIONS = ["london.youth.policing", "scoop-hivemind.biodiversity", "vtaiwan.uberx"]


def polis_data() -> Path:
    env = os.environ.get("ACCORD_POLIS_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data" / "polis"


def best_of(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def bench_conversations() -> list[tuple[str, int, int, float, float]]:
    from reddwarf.implementations.polis import run_pipeline

    from accord.domain.opinion import analyze
    from accord.domain.opinion.polis import read_export

    rows = []
    for name in CONVERSATIONS:
        export = read_export(polis_data() / name)
        matrix = export.vote_matrix()
        mod = export.rejected_statement_ids
        votes = [
            {
                "participant_id": v.participant_id,
                "statement_id": v.statement_id,
                "vote": v.vote,
                "modified": v.timestamp,
            }
            for v in export.votes
        ]
        ours = best_of(lambda: analyze(matrix, moderated_out=mod, seed=0), 7)  # noqa: B023
        theirs = best_of(
            lambda: run_pipeline(votes=votes, mod_out_statement_ids=list(mod), random_state=0),  # noqa: B023
            3,
        )
        rows.append((name, matrix.shape[0], len(export.votes), ours, theirs))
    return rows


def synthetic_votes(n: int = 100_000, m: int = 2_000, per: int = 50, seed: int = 0) -> object:
    """Three camps with their own agree probability per statement; 15 % passes; each participant
    votes on ``per`` distinct statements (an arithmetic progression mod m with a step coprime to m).
    """
    from accord.domain.opinion.matrix import VoteMatrix

    rng = np.random.default_rng(seed)
    camp = rng.integers(0, 3, n)
    p_agree = rng.beta(0.6, 0.6, (3, m))
    steps = np.array([s for s in range(1, m) if np.gcd(s, m) == 1])
    start, step = rng.integers(0, m, n), rng.choice(steps, n)
    cols = ((start[:, None] + np.arange(per)[None, :] * step[:, None]) % m).ravel()
    rows = np.repeat(np.arange(n), per)
    passed = rng.random(n * per) < 0.15
    agree = rng.random(n * per) < p_agree[camp[rows], cols]
    values = np.where(passed, 0, np.where(agree, 1, -1))
    return VoteMatrix.from_coo(rows, cols, values, shape=(n, m)), camp


def synthetic_child() -> None:
    """Runs in the subprocess; prints one JSON line."""
    from accord.domain.opinion.incremental import OpinionModel

    votes, camp = synthetic_votes()  # type: ignore[misc]
    start = time.perf_counter()
    model = OpinionModel.fit(votes, seed=0)
    full = time.perf_counter() - start
    analysis = model.analysis
    rng = np.random.default_rng(1)
    updates = []
    for _ in range(200):
        pid, tid, v = (
            int(rng.integers(0, 100_000)),
            int(rng.integers(0, 2_000)),
            int(rng.integers(-1, 2)),
        )
        start = time.perf_counter()
        model.record_vote(pid, tid, v)
        updates.append(time.perf_counter() - start)
    # Planted camps recovered? Count pairs of (group, camp) that hold 99 % of participants.
    pairs = np.unique(np.stack([analysis.group_ids, camp]), axis=1, return_counts=True)[1]
    print(
        json.dumps(
            {
                "votes": votes.n_votes,  # type: ignore[attr-defined]
                "full_s": full,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "update_median_ms": 1000 * statistics.median(updates),
                "update_p95_ms": 1000 * float(np.percentile(updates, 95)),
                "groups": [g.size for g in analysis.groups],
                "planted_recovered": float(np.sort(pairs)[::-1][:3].sum() / len(camp)),
            }
        )
    )


def main() -> None:
    print(
        "Opinion analysis benchmark (wall time of the analysis only; best of 7 ours / 3 red-dwarf)"
    )
    print()
    print(
        f"{'conversation':<30} {'participants':>12} {'votes':>8} {'ours':>10} "
        f"{'red-dwarf':>10} {'ratio':>7}"
    )
    for name, n, v, ours, theirs in bench_conversations():
        print(
            f"{name:<30} {n:>12,} {v:>8,} {ours * 1000:>8.1f}ms {theirs * 1000:>8.1f}ms "
            f"{theirs / ours:>6.1f}×"
        )
    print()
    child = subprocess.run(
        [sys.executable, __file__, "--synthetic-child"], capture_output=True, text=True, check=True
    )
    r = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"Synthetic: 100,000 participants × 2,000 statements, {r['votes']:,} votes, 3 planted camps"
    )
    print(f"{'measure':<34} {'result':>12} {'target':>10}")
    print(f"{'full analysis':<34} {r['full_s']:>11.2f}s {'< 10 s':>10}")
    print(f"{'peak RSS (whole subprocess)':<34} {r['peak_rss_mb']:>9.0f} MB {'< 4 GB':>10}")
    print(f"{'update after one vote, median':<34} {r['update_median_ms']:>9.1f} ms {'< 50 ms':>10}")
    print(f"{'update after one vote, p95':<34} {r['update_p95_ms']:>9.1f} ms {'':>10}")
    print(f"{'groups found (sizes)':<34} {r['groups']!s:>12}")
    print(f"{'participants in their planted camp':<34} {r['planted_recovered']:>11.1%}")


if __name__ == "__main__":
    if "--synthetic-child" in sys.argv:
        synthetic_child()
    else:
        main()

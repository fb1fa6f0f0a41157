"""The transparency log's tree (issue 13): proof sizes and times, and what an entry costs.

    .venv/bin/python bench/tlog_bench.py                       # 10^4, 10^5, 10^6 entries
    .venv/bin/python bench/tlog_bench.py --sizes 10000 --samples 200

For each size, the tree is built twice with `accord.domain.tlog` — in memory (a dict) and
in SQLite (one row per complete subtree, keyed as `LedgerTreeNode` keys them) — and then:

* inclusion and consistency proofs for `--samples` random leaves / pairs: hashes per
  proof, bytes, and the p50 / p99 time to generate one from SQLite (one `IN` query for the
  O(log n) nodes, then the folds) and to verify it;
* the cost an entry adds to a write: today's chain (body digest and link hash, RFC 8785 and
  SHA-256) beside the tree's share (leaf hash, the subtrees it completes, their reads and
  inserts in SQLite), per append, measured over the last 10,000 appends of the build.

No Django and no server: the figures are the tree's own, without the request around it.
Times are wall-clock, with the process's CPU time beside them: on a shared machine the
wall-clock p99 is mostly the scheduler handing the core to someone else.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from accord.domain import ledger as chain
from accord.domain import tlog

LEVEL = 1 << 56


class SqliteTree:
    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE node (position INTEGER PRIMARY KEY, hash TEXT NOT NULL)")
        self.size = 0

    def read(self, keys: Iterable[tlog.Key]) -> dict[tlog.Key, bytes]:
        wanted = {level * LEVEL + index: (level, index) for level, index in keys}
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self.db.execute(
            f"SELECT position, hash FROM node WHERE position IN ({marks})",
            list(wanted),
        )
        return {wanted[p]: bytes.fromhex(h) for p, h in rows}

    def append(self, entry_hash: bytes) -> None:
        siblings = self.read(tlog.append_needs(self.size))
        made = tlog.appended_nodes(self.size, tlog.leaf_hash(entry_hash), siblings)
        self.db.executemany(
            "INSERT INTO node VALUES (?, ?)", [(lvl * LEVEL + i, v.hex()) for (lvl, i), v in made]
        )
        self.size += 1

    def hashes(self, ranges: list[tuple[int, int]]) -> list[bytes]:
        return tlog.hashes(ranges, self.read(tlog.needs(ranges)))


def entry_hash(n: int) -> bytes:
    return hashlib.sha256(n.to_bytes(8, "big")).digest()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ms(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 0.5) * 1e3:6.3f} ms  p99 {percentile(values, 0.99) * 1e3:6.3f} ms"
    )


def chain_cost(count: int) -> float:
    """Seconds per entry of today's chain: the salted body digest and the link hash."""
    previous = None
    now = datetime(2026, 12, 1, tzinfo=UTC)
    started = time.perf_counter()
    for n in range(count):
        salt = chain.new_salt()
        body = chain.EntryBody(
            "kaz-delegate",
            "KAZ",
            "hotline.message_read",
            "notifications.hotlinemessage",
            str(n),
            chain.payload_digest({"message": n, "by": "KAZ"}, salt),
            ("restricted", None, ("KAZ", "KGZ")),
            salt,
        )
        previous = chain.next_entry(previous, body, now)
    return (time.perf_counter() - started) / count


def build(size: int, workdir: Path) -> tuple[SqliteTree, bytes, float, float]:
    """The tree of `size` entries in SQLite, its root (checked against the tree in memory),
    the in-memory build time, and the seconds per append over the last 10,000 appends."""
    memory = tlog.MemoryTree()
    started = time.perf_counter()
    for n in range(size):
        memory.append(entry_hash(n))
    memory_build = time.perf_counter() - started
    tree = SqliteTree(workdir / f"tree-{size}.sqlite3")
    tail = min(10_000, size)
    with tree.db:
        for n in range(size - tail):
            tree.append(entry_hash(n))
    started = time.perf_counter()
    with tree.db:
        for n in range(size - tail, size):
            tree.append(entry_hash(n))
    per_append = (time.perf_counter() - started) / tail
    root = memory.root()
    assert tree.hashes([(0, size)])[0] == root
    # The server holds no tree in memory; a two-million-node dict left alive here would
    # make the collector's pauses, not the proofs, the p99.
    del memory
    gc.collect()
    return tree, root, memory_build, per_append


def sample(tree: SqliteTree, root: bytes, samples: int, kind: str) -> dict[str, list[float]]:
    """Wall and CPU times to generate a proof, to verify it, and its length in hashes."""
    rng = random.Random(tree.size)
    found: dict[str, list[float]] = {"wall": [], "cpu": [], "verify": [], "hashes": []}
    for _ in range(samples):
        m = rng.randrange(1 if kind == "consistency" else 0, tree.size)
        ranges = (
            tlog.inclusion_ranges(m, tree.size)
            if kind == "inclusion"
            else tlog.consistency_ranges(m, tree.size)
        )
        old_root = tree.hashes([(0, m)])[0] if kind == "consistency" else b""
        c0, t0 = time.process_time(), time.perf_counter()
        proof = tree.hashes(ranges)
        t1, c1 = time.perf_counter(), time.process_time()
        if kind == "inclusion":
            leaf = tlog.leaf_hash(entry_hash(m))
            assert tlog.verify_inclusion(m, tree.size, leaf, proof, root)
        else:
            assert tlog.verify_consistency(m, tree.size, old_root, root, proof)
        found["verify"].append(time.perf_counter() - t1)
        found["wall"].append(t1 - t0)
        found["cpu"].append(c1 - c0)
        found["hashes"].append(len(proof))
    return found


def run(size: int, samples: int, workdir: Path) -> None:
    tree, root, memory_build, per_append = build(size, workdir)
    rows = tree.db.execute("SELECT count(*) FROM node").fetchone()[0]
    print(f"\n{size:>9,} entries: {rows:,} stored nodes; built in memory {memory_build:.1f} s")
    for kind in ("inclusion", "consistency"):
        found = sample(tree, root, samples, kind)
        longest = int(max(found["hashes"]))
        print(
            f"  {kind:<11} proof {statistics.mean(found['hashes']):5.1f} hashes (max {longest}, "
            f"{longest * 32} bytes)  generate {ms(found['wall'])} (CPU {ms(found['cpu'])})  "
            f"verify {ms(found['verify'])}"
        )
    print(f"  tree share of one append (SQLite, same transaction): {per_append * 1e3:.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()
    per_entry = chain_cost(5000)
    print(f"today's chain, per entry (salted body digest + link hash): {per_entry * 1e3:.3f} ms")
    with tempfile.TemporaryDirectory() as workdir:
        for size in args.sizes:
            run(size, args.samples, Path(workdir))


if __name__ == "__main__":
    main()

"""One database's part of `bench/tlog_bench.py` (run in its own process, with Django set up
against that database): fill the ledger in bulk, then time proofs and writes."""

from __future__ import annotations

import hashlib
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tlog_bench import load

BATCH = 5000


def setup() -> str:
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    return connection.vendor


def synthetic_hash(n: int) -> str:
    return hashlib.sha256(b"bench-entry-%d" % n).hexdigest()


class Filler:
    """Extends the ledger with synthetic entries and their tree nodes, written in bulk; keeps
    only the tree's right edge (its maximal complete subtrees) in memory."""

    def __init__(self) -> None:
        self.size = 0
        self.frontier: dict[tuple[int, int], bytes] = {}

    def resume(self, size: int) -> None:
        """Go on from the stored tree of `size` entries: its right edge, read back."""
        from accord.ledger import tree

        edge, start = [], 0
        for level in range(size.bit_length() - 1, -1, -1):
            if size >> level & 1:
                edge.append((level, start >> level))
                start += 1 << level
        self.frontier = tree.read_nodes(edge)
        self.size = size

    def rows(self, upto: int) -> tuple[list[tuple], list[tuple]]:
        from accord.domain import tlog

        entries, nodes = [], []
        when = datetime(2026, 12, 1, tzinfo=UTC)
        text = "2026-12-01T00:00:00.000000Z"
        for index in range(self.size, upto):
            entry_hash = synthetic_hash(index)
            siblings = {k: self.frontier.pop(k) for k in tlog.append_needs(index)}
            made = tlog.appended_nodes(index, tlog.leaf_hash(bytes.fromhex(entry_hash)), siblings)
            self.frontier[made[-1][0]] = made[-1][1]
            nodes += [((level << 56) + i, value.hex()) for (level, i), value in made]
            digest = hashlib.sha256(entry_hash.encode()).hexdigest()
            entries.append(
                (index + 1, synthetic_hash(index - 1), when, text, digest, entry_hash,
                 "kaz-delegate", "KAZ", "hotline.message_read", "notifications.hotlinemessage",
                 str(index), digest, "{}", "", "restricted", None, ",KAZ,KGZ,")
            )  # fmt: skip
        self.size = upto
        return entries, nodes

    def fill(self, size: int) -> float:
        from django.db import connection, transaction

        from accord.ledger.models import LedgerHead

        started = time.perf_counter()
        columns = (
            "seq, prev_hash, recorded_at, recorded_at_text, body_digest, entry_hash, actor, "
            "actor_state, action, object_type, object_id, payload_digest, payload, salt, "
            "visibility, owner_state, audience_states"
        )
        marks = ", ".join(["%s"] * 17)
        while self.size < size:
            entries, nodes = self.rows(min(size, self.size + BATCH))
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO ledger_ledgerentry ({columns}) VALUES ({marks})", entries
                )
                cursor.executemany(
                    "INSERT INTO ledger_ledgertreenode (position, hash) VALUES (%s, %s)", nodes
                )
        LedgerHead.objects.update_or_create(
            id=1, defaults={"seq": size, "entry_hash": synthetic_hash(size - 1)}
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE ledger_ledgerentry; ANALYZE ledger_ledgertreenode")
        return time.perf_counter() - started


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ms(values: list[float]) -> str:
    return f"p50 {quantile(values, 0.5) * 1e3:6.3f} ms  p99 {quantile(values, 0.99) * 1e3:6.3f} ms"


def entry_hash(seq: int) -> str:
    from accord.ledger.models import LedgerEntry

    return LedgerEntry.objects.values_list("entry_hash", flat=True).get(seq=seq)


def proofs(size: int, samples: int, kind: str) -> str:
    from accord.domain import tlog
    from accord.ledger import tree

    rng = random.Random(size)
    root = tree.root(size)
    made, made_cpu, checked, lengths = [], [], [], []
    for _ in range(samples):
        m = rng.randrange(1, size + 1) if kind == "inclusion" else rng.randrange(1, size)
        # What the verifier already holds (the leaf, the older root), read before the timing.
        known = entry_hash(m) if kind == "inclusion" else tree.root(m).hex()
        started, cpu = time.perf_counter(), time.thread_time()
        if kind == "inclusion":
            proof = tree.inclusion_proof(m, size, size)
        else:
            proof = tree.consistency_proof(m, size, size)
        made.append(time.perf_counter() - started)
        made_cpu.append(time.thread_time() - cpu)
        started = time.perf_counter()
        if kind == "inclusion":
            leaf = tlog.leaf_hash(bytes.fromhex(known))
            assert tlog.verify_inclusion(m - 1, size, leaf, proof, root)
        else:
            assert tlog.verify_consistency(m, size, bytes.fromhex(known), root, proof)
        checked.append(time.perf_counter() - started)
        lengths.append(len(proof))
    return (
        f"  {kind:<11} proof {statistics.mean(lengths):4.1f} hashes (max {max(lengths)}, "
        f"{max(lengths) * 32} bytes)  generate {ms(made)} (this thread's CPU {ms(made_cpu)})  "
        f"verify p50 "
        f"{quantile(checked, 0.5) * 1e3:.3f} ms"
    )


def writes(count: int) -> tuple[list[float], list[float]]:
    """Alternating appends with the tree and with the chain alone, each in a transaction."""
    from django.db import transaction

    from accord.domain.visibility import Audience, Visibility
    from accord.ledger import tree
    from accord.ledger.services import append_entry

    audience = Audience(Visibility.RESTRICTED, states=frozenset({"KAZ", "KGZ"}))
    original = tree.append_leaf

    def append(n: int) -> float:
        started = time.perf_counter()
        with transaction.atomic():
            entry = append_entry(
                actor=None, action="hotline.message_read",
                obj=("notifications.hotlinemessage", f"b{n}"), audience=audience,
                payload={"message": n, "by": "KGZ", "receipt": "read"},
            )  # fmt: skip
        elapsed = time.perf_counter() - started
        if tree.append_leaf is not original:  # the leaf, outside the timing
            with transaction.atomic():
                original(entry.seq - 1, entry.entry_hash)
        return elapsed

    def chain_alone(index: int, entry_hash: str, *, deferred: bool = False) -> list[Any]:
        return []

    with_tree, alone = [], []
    for n in range(count):
        with_tree.append(append(2 * n))
        tree.append_leaf = chain_alone
        try:
            alone.append(append(2 * n + 1))
        finally:
            tree.append_leaf = original
    return with_tree, alone


def measure(sizes: list[int], samples: int, appends: int) -> None:
    vendor = setup()
    filler = Filler()
    for size in sorted(sizes):
        before = load()
        seconds = filler.fill(size)
        print(f"\n{vendor} — {size:,} entries (filled in {seconds:.0f} s; {before})", flush=True)
        for kind in ("inclusion", "consistency"):
            print(proofs(size, samples, kind), flush=True)
        with_tree, alone = writes(appends)
        filler.resume(size + 2 * appends)  # the writes grew the ledger and its tree
        _write_line("chain alone (before)", alone)
        _write_line("chain and tree", with_tree)
        added = statistics.median(with_tree) - statistics.median(alone)
        mean = statistics.mean(with_tree) - statistics.mean(alone)
        print(f"  the tree adds {added * 1e3:.3f} ms to a write's p50 ({mean * 1e3:.3f} ms mean)")
        print(f"  {load()}", flush=True)
    _verify_tree()


def _write_line(name: str, times: list[float], out: Callable[[str], None] = print) -> None:
    out(f"  write, {name:<21} {ms(times)}  mean {statistics.mean(times) * 1e3:6.3f} ms")


def _verify_tree() -> None:
    """The tree the writes left is the tree over every entry, synthetic and real: a proof
    that the chain-alone half was repaired and the figures are of a consistent tree."""
    from accord.domain import tlog
    from accord.ledger import tree
    from accord.ledger.models import LedgerEntry

    hashes = LedgerEntry.objects.order_by("seq").values_list("entry_hash", flat=True)
    size, root = tlog.root_of(bytes.fromhex(h) for h in hashes.iterator(chunk_size=20_000))
    assert tree.root(size) == root, "the stored tree is not the tree over the entries"
    print(f"  stored tree checked against all {size:,} entries: it holds")

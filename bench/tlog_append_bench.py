"""What the tree adds to a real ledger write: `ledger.services.append_entry` through Django,
with the tree and without it, side by side, on a fresh database.

    .venv/bin/python bench/tlog_append_bench.py                  # SQLite in a temporary directory
    DATABASE_URL=postgres://…/empty_db .venv/bin/python bench/tlog_append_bench.py --entries 5000

Each append runs in its own transaction, as a service's write does (head lock, entry, tree
nodes, commit). "without the tree" replaces `ledger.tree.append_leaf` by nothing for the
second half of the run: the chain alone, as before issue 13. Reported: ms per append, p50
and p99, and the difference.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def timed_appends(count: int) -> list[float]:
    from django.db import transaction

    from accord.domain.visibility import Audience, Visibility
    from accord.ledger.services import append_entry

    audience = Audience(Visibility.RESTRICTED, states=frozenset({"KAZ", "KGZ"}))
    times = []
    for n in range(count):
        started = time.perf_counter()
        with transaction.atomic():
            append_entry(
                actor=None,
                action="hotline.message_read",
                obj=("notifications.hotlinemessage", str(n)),
                audience=audience,
                payload={"message": n, "by": "KGZ", "receipt": "read"},
            )
        times.append(time.perf_counter() - started)
    return times


def report(name: str, times: list[float]) -> float:
    ordered = sorted(times)
    p50, p99 = statistics.median(ordered), ordered[int(0.99 * len(ordered))]
    print(f"{name:<22} p50 {p50 * 1e3:6.3f} ms   p99 {p99 * 1e3:6.3f} ms")
    return p50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=3000, help="appends per variant")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp()
    os.environ.setdefault("ACCORD_DATA_DIR", workdir)
    os.environ.setdefault("ACCORD_SECRET_KEY", "bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.site.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from accord.ledger import tree
    from accord.ledger.selectors import verify_live_chain

    timed_appends(200)  # warm up
    with_tree = timed_appends(args.entries)
    original = tree.append_leaf
    tree.append_leaf = lambda index, entry_hash: None  # the chain alone
    try:
        chain_only = timed_appends(args.entries)
    finally:
        tree.append_leaf = original
    a = report("chain and tree", with_tree)
    b = report("chain alone (before)", chain_only)
    print(f"the tree adds {(a - b) * 1e3:.3f} ms to the p50 of one write")
    tree.append_leaf = original
    # The chain-alone half left entries without leaves: the tree is behind the chain now,
    # which `accord ledger verify` reports as `tree-root` (and a real write could not do).
    report_ = verify_live_chain(viewer=None)
    print("ledger after the run:", report_.failure.check if report_.failure else "verifies")


if __name__ == "__main__":
    main()

"""A writer killed between its ledger entry and the entry's tree nodes leaves a ledger that
`accord ledger verify` accepts: both are written in one transaction, so the kill takes both.
The writer is a real process on the real database, stopped with SIGKILL mid-write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from system_servers import WAIT, run_accord, seeded_region

WRITER = """
import time
import django
django.setup()
from accord.ledger import tree
from accord.members import services
from accord.members.models import User

def stalled(index, entry_hash, **kwargs):
    # Mid-write, the transaction open and its rows not all written: the moment to die.
    print("entry written", flush=True)
    time.sleep(60)

tree.append_leaf = stalled
services.add_person(actor=User.objects.get(username="secretariat"), username="late-delegate",
                    password="pw-late-delegate", role="delegate", state_code="QZA")
"""

COUNT = """
import django
django.setup()
from accord.ledger.models import LedgerEntry, LedgerTreeNode
print(LedgerEntry.objects.count(), LedgerTreeNode.objects.count())
"""


def counts(env: dict[str, str]) -> tuple[int, int]:
    done = subprocess.run(
        [sys.executable, "-c", COUNT], env=env, capture_output=True, text=True, timeout=WAIT * 3
    )
    assert done.returncode == 0, done.stderr
    entries, nodes = done.stdout.split()
    return int(entries), int(nodes)


def test_a_writer_killed_between_entry_and_tree_leaves_a_ledger_that_verifies(tmp_path):
    with seeded_region(tmp_path) as (env, _):
        before = counts(env)
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER], env=env, stdout=subprocess.PIPE, text=True
        )
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "entry written"
            os.kill(writer.pid, signal.SIGKILL)
        finally:
            writer.wait(timeout=WAIT)
        assert writer.returncode == -signal.SIGKILL
        assert counts(env) == before  # neither the entry nor any node survived
        assert "ledger ok" in run_accord(env, "ledger", "verify").stdout
        # The next writer appends where the chain and the tree both left off.
        run_accord(env, "token", "create", "secretariat")
        entries, nodes = counts(env)
        assert entries == before[0] + 1 and nodes > before[1]
        assert "ledger ok" in run_accord(env, "ledger", "verify").stdout

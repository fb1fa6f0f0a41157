"""The Merkle tree kept in the database beside the chain: written with each entry, in its
transaction, and checked by `accord ledger verify` (`tree-root`)."""

from __future__ import annotations

import pytest
from django.db import transaction

from accord.domain import tlog
from accord.ledger import tree
from accord.ledger.models import LedgerEntry, LedgerTreeNode
from accord.ledger.selectors import verify_live_chain
from accord.notifications import hotline


def entry_hashes() -> list[bytes]:
    return [bytes.fromhex(h) for h in LedgerEntry.objects.values_list("entry_hash", flat=True)]


def test_every_entry_grows_the_stored_tree_as_the_rfc_tree_grows(region):
    hotline.send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body="Flight.")
    leaves = entry_hashes()
    assert tree.root(len(leaves)) == tlog.root_of(leaves)[1]
    memory = tlog.MemoryTree()
    for leaf in leaves:
        memory.append(leaf)
    stored = {
        divmod(row.position, 1 << 56): bytes.fromhex(row.hash)
        for row in LedgerTreeNode.objects.all()
    }
    assert stored == memory.nodes  # the leaves and exactly the complete subtrees
    assert verify_live_chain(viewer=None).ok


def test_a_write_that_rolls_back_leaves_no_leaf(region):
    before = LedgerTreeNode.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        hotline.send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body="x")
        raise RuntimeError("the service fails after its entry")
    assert LedgerTreeNode.objects.count() == before
    assert verify_live_chain(viewer=None).ok


@pytest.mark.parametrize("damage", ["changed", "deleted"])
def test_a_damaged_tree_fails_tree_root(region, damage, capsys):
    from accord.site.cli import main

    node = LedgerTreeNode.objects.order_by("-position").first()
    if damage == "changed":
        LedgerTreeNode.objects.filter(position=node.position).update(hash="ab" * 32)
    else:
        node.delete()
    report = verify_live_chain(viewer=None)
    assert report.failure is not None and report.failure.check == "tree-root"
    assert main(["ledger", "verify"]) == 1
    assert "check 'tree-root' failed" in capsys.readouterr().err

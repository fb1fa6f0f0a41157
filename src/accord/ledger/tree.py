"""The Merkle tree over the entries, in the database: appended with each entry, read for
roots and proofs. The hashing and the proofs are `accord.domain.tlog`'s; this module only
stores and fetches complete subtrees."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections

from accord.domain import tlog
from accord.domain.errors import InvalidInput
from accord.ledger.models import LedgerTreeNode

_LEVEL = 1 << 56
MAX_PROOF_SPAN = 1 << 40  # a tree size no deployment reaches: bounds every request


def _position(key: tlog.Key) -> int:
    level, index = key
    return level * _LEVEL + index


def read_nodes(keys: Iterable[tlog.Key]) -> dict[tlog.Key, bytes]:
    """The stored subtrees `keys`, in one query (none for no keys). A key that is absent is
    a broken tree. Plain SQL: every write reads its leaf's siblings (issue 18)."""
    wanted = {_position(key): key for key in keys}
    if not wanted:
        return {}
    connection = connections[LedgerTreeNode.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT "position", "hash" FROM "ledger_ledgertreenode"'
            f' WHERE "position" IN ({", ".join(["%s"] * len(wanted))})',
            list(wanted),
        )
        found = {wanted[position]: bytes.fromhex(value) for position, value in cursor.fetchall()}
    missing = set(wanted.values()) - set(found)
    if missing:
        raise RuntimeError(f"the ledger's tree lacks the nodes {sorted(missing)[:5]}")
    return found


Nodes = list[tuple[int, str]]  # (position, hash in hex) of subtrees to store


def append_leaf(index: int, entry_hash: str, *, deferred: bool = False) -> Nodes:
    """Store leaf `index` and the subtrees it completes (`deferred`: return them instead,
    for the caller's own INSERT). Precondition: the caller holds the head lock, inside the
    transaction that writes the entry."""
    siblings = read_nodes(tlog.append_needs(index))
    made = tlog.appended_nodes(index, tlog.leaf_hash(bytes.fromhex(entry_hash)), siblings)
    nodes = [(_position(key), value.hex()) for key, value in made]
    if not deferred:
        store_nodes(nodes)
    return nodes


def store_nodes(nodes: Nodes) -> None:
    LedgerTreeNode.objects.bulk_create(
        [LedgerTreeNode(position=position, hash=value) for position, value in nodes]
    )


def root(size: int) -> bytes:
    return tlog.range_hash(0, size, read_nodes(tlog.needs([(0, size)])) if size else {})


def inclusion_proof(seq: int, size: int, tree_size: int) -> list[bytes]:
    """The proof that entry `seq` is in the tree of `size` entries (1 <= seq <= size)."""
    if not 1 <= seq <= size <= tree_size:
        raise InvalidInput(
            f"seq and size: an inclusion proof needs 1 <= seq <= size <= {tree_size}, "
            "the entries the tree holds"
        )
    ranges = tlog.inclusion_ranges(seq - 1, size)
    return tlog.hashes(ranges, read_nodes(tlog.needs(ranges)))


def consistency_proof(old: int, new: int, tree_size: int) -> list[bytes]:
    """The proof that the tree of `old` entries is a prefix of the tree of `new`."""
    if not 1 <= old <= new <= tree_size:
        raise InvalidInput(
            f"from and to: a consistency proof needs 1 <= from <= to <= {tree_size}, "
            "the entries the tree holds"
        )
    ranges = tlog.consistency_ranges(old, new)
    return tlog.hashes(ranges, read_nodes(tlog.needs(ranges)))

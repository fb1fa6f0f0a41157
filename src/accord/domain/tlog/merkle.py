"""The Merkle tree over the ledger's entries, hashed as RFC 9162 §2.1 hashes it.

leaf = SHA-256(0x00 || entry hash), node = SHA-256(0x01 || left || right); the tree of n
leaves splits at k, the largest power of two below n. The log keeps only the nodes of
*complete* subtrees, keyed (level, index): the node at level l and index i covers the
leaves [i·2^l, (i+1)·2^l). Every append writes its leaf and each subtree it completes (one
more on average), and every hash of the tree — a root, a proof's element — is a fold of
at most ~log₂ n such nodes. So a proof reads O(log n) rows, and never rebuilds anything.

The functions here are pure: each says which nodes it needs (`*_needs`), and computes from
a mapping of those nodes, so an adapter fetches them in one query.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Key = tuple[int, int]  # (level, index) of a complete subtree
Nodes = Mapping[Key, bytes]
Range = tuple[int, int]  # (first leaf, number of leaves) of a subtree in RFC 9162's split
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry_hash: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry_hash).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """k, the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _is_power_of_two(n: int) -> bool:
    return n > 0 and n & (n - 1) == 0


# --- which complete subtrees make up a hash ---------------------------------------------------


def range_keys(start: int, size: int) -> list[Key]:
    """The complete subtrees whose fold is the hash of leaves [start, start+size), left to
    right. `start` is where RFC 9162's split puts a subtree, so each part is aligned."""
    keys: list[Key] = []
    while size > 0:
        if _is_power_of_two(size) and start % size == 0:
            level = size.bit_length() - 1
            keys.append((level, start >> level))
            break
        k = _split(size)
        keys.append((k.bit_length() - 1, start // k))
        start, size = start + k, size - k
    return keys


def range_hash(start: int, size: int, nodes: Nodes) -> bytes:
    """MTH(D[start:start+size]) from stored complete subtrees: folded right to left, as
    the split nests (the left part is complete, the right part splits again)."""
    if size == 0:
        return EMPTY_ROOT
    parts = [nodes[key] for key in range_keys(start, size)]
    value = parts[-1]
    for part in reversed(parts[:-1]):
        value = node_hash(part, value)
    return value


def needs(ranges: Iterable[Range]) -> set[Key]:
    """Every stored node the hashes of `ranges` read."""
    return {key for start, size in ranges for key in range_keys(start, size)}


# --- the tree's hashes and proofs, as ranges --------------------------------------------------


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """RFC 9162 §2.1.3.1 PATH(index, D[size]) as the subtrees whose hashes form it, deepest
    first. Precondition: 0 <= index < size."""
    path: list[Range] = []
    start = 0
    while size > 1:
        k = _split(size)
        if index < k:
            path.append((start + k, size - k))
            size = k
        else:
            path.append((start, k))
            start, index, size = start + k, index - k, size - k
    path.reverse()
    return path


def consistency_ranges(old: int, new: int) -> list[Range]:
    """RFC 9162 §2.1.4.1 PROOF(old, D[new]) as subtrees. Precondition: 0 < old <= new."""
    proof: list[Range] = []
    start, m, n, whole = 0, old, new, True
    while m != n:
        k = _split(n)
        if m <= k:
            proof.append((start + k, n - k))
            n = k
        else:
            proof.append((start, k))
            start, m, n, whole = start + k, m - k, n - k, False
    if not whole:
        proof.append((start, m))
    proof.reverse()
    return proof


def hashes(ranges: Sequence[Range], nodes: Nodes) -> list[bytes]:
    return [range_hash(start, size, nodes) for start, size in ranges]


# --- appending ----------------------------------------------------------------------------------


def append_needs(index: int) -> list[Key]:
    """The complete left siblings that leaf `index` (0-based) folds with as it is appended."""
    keys: list[Key] = []
    level = 0
    while index >> level & 1:
        keys.append((level, (index >> level) - 1))
        level += 1
    return keys


def appended_nodes(index: int, leaf: bytes, nodes: Nodes) -> list[tuple[Key, bytes]]:
    """The nodes that appending leaf `index` (its leaf hash) stores: the leaf and every
    subtree it completes. `nodes` holds `append_needs(index)`."""
    made = [((0, index), leaf)]
    level, position, value = 0, index, leaf
    while position & 1:
        value = node_hash(nodes[(level, position - 1)], value)
        level, position = level + 1, position >> 1
        made.append(((level, position), value))
    return made


def root_of(entry_hashes: Iterable[bytes]) -> tuple[int, bytes]:
    """(size, root) of the tree over `entry_hashes`, streamed in O(log n) memory: what a
    verifier recomputes from an export, to hold against the stored tree or a checkpoint."""
    stack: list[tuple[int, bytes]] = []  # (leaves, hash) of complete subtrees, left to right
    size = 0
    for entry_hash in entry_hashes:
        leaves, value = 1, leaf_hash(entry_hash)
        while stack and stack[-1][0] == leaves:
            value = node_hash(stack.pop()[1], value)
            leaves *= 2
        stack.append((leaves, value))
        size += 1
    if not stack:
        return 0, EMPTY_ROOT
    value = stack[-1][1]
    for _, left in reversed(stack[:-1]):
        value = node_hash(left, value)
    return size, value


# --- verifying, by RFC 9162 §2.1.3.2 and §2.1.4.2 ---------------------------------------------


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether `proof` shows leaf hash `leaf` at `index` in the tree of `size` with `root`."""
    if not 0 <= index < size:
        return False
    fn, sn, value = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            value = node_hash(p, value)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            value = node_hash(value, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and value == root


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether `proof` shows the tree of `old` leaves with `old_root` is a prefix of the
    tree of `new` leaves with `new_root`."""
    if not 0 < old <= new:
        return False
    if old == new:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = [old_root, *proof] if _is_power_of_two(old) else list(proof)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first = second = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first, second = node_hash(c, first), node_hash(c, second)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            second = node_hash(second, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and first == old_root and second == new_root


# --- a tree in memory: for witnesses, tests and the benchmark ---------------------------------


@dataclass
class MemoryTree:
    """The same stored nodes in a dict: what the database keeps, without the database."""

    nodes: dict[Key, bytes] = field(default_factory=dict)
    size: int = 0

    def append(self, entry_hash: bytes) -> None:
        for key, value in appended_nodes(self.size, leaf_hash(entry_hash), self.nodes):
            self.nodes[key] = value
        self.size += 1

    def root(self, size: int | None = None) -> bytes:
        return range_hash(0, self.size if size is None else size, self.nodes)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        return hashes(inclusion_ranges(index, size), self.nodes)

    def consistency_proof(self, old: int, new: int) -> list[bytes]:
        return hashes(consistency_ranges(old, new), self.nodes)

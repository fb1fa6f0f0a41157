"""The RFC 9162 tree kept as complete subtrees: its roots and proofs equal the RFC's own
recursive definitions over the leaves, every proof verifies, and a tampered one fails."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain import tlog


def entry(n: int) -> bytes:
    return hashlib.sha256(f"entry {n}".encode()).digest()


def mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 §2.1.1 MTH, straight from the definition."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return tlog.leaf_hash(leaves[0])
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return tlog.node_hash(mth(leaves[:k]), mth(leaves[k:]))


def path(m: int, leaves: list[bytes]) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH."""
    if len(leaves) <= 1:
        return []
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    if m < k:
        return [*path(m, leaves[:k]), mth(leaves[k:])]
    return [*path(m - k, leaves[k:]), mth(leaves[:k])]


def subproof(m: int, leaves: list[bytes], whole: bool) -> list[bytes]:
    """RFC 9162 §2.1.4.1 SUBPROOF."""
    n = len(leaves)
    if m == n:
        return [] if whole else [mth(leaves)]
    k = 1 << ((n - 1).bit_length() - 1)
    if m <= k:
        return [*subproof(m, leaves[:k], whole), mth(leaves[k:])]
    return [*subproof(m - k, leaves[k:], False), mth(leaves[:k])]


def tree_of(size: int) -> tuple[tlog.MemoryTree, list[bytes]]:
    tree = tlog.MemoryTree()
    leaves = [entry(n) for n in range(size)]
    for leaf in leaves:
        tree.append(leaf)
    return tree, leaves


def test_the_empty_tree_and_small_trees_have_the_rfc_roots():
    tree = tlog.MemoryTree()
    assert tree.root() == hashlib.sha256(b"").digest()
    tree.append(entry(0))
    assert tree.root() == hashlib.sha256(b"\x00" + entry(0)).digest()
    tree.append(entry(1))
    expected = hashlib.sha256(b"\x01" + tlog.leaf_hash(entry(0)) + tlog.leaf_hash(entry(1)))
    assert tree.root() == expected.digest()


def test_an_append_stores_its_leaf_and_the_subtrees_it_completes():
    tree, _ = tree_of(7)
    assert sorted(tree.nodes) == [(0, i) for i in range(7)] + [(1, 0), (1, 1), (1, 2), (2, 0)]
    assert tlog.append_needs(7) == [(0, 6), (1, 2), (2, 0)]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=140))
def test_every_root_every_inclusion_proof_equals_the_rfc_and_verifies(size):
    tree, leaves = tree_of(size)
    for n in range(1, size + 1):
        root = tree.root(n)
        assert root == mth(leaves[:n])
    root = tree.root()
    assert tlog.root_of(leaves) == (size, root)
    for m in range(size):
        proof = tree.inclusion_proof(m, size)
        assert proof == path(m, leaves)
        assert tlog.verify_inclusion(m, size, tlog.leaf_hash(leaves[m]), proof, root)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=70))
def test_consistency_holds_for_every_pair_and_equals_the_rfc(size):
    tree, leaves = tree_of(size)
    for new in range(1, size + 1):
        for old in range(1, new + 1):
            proof = tree.consistency_proof(old, new)
            assert proof == subproof(old, leaves[:new], True)
            assert tlog.verify_consistency(old, new, tree.root(old), tree.root(new), proof)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_tampered_inclusion_proof_fails(data):
    size = data.draw(st.integers(min_value=2, max_value=300))
    tree, leaves = tree_of(size)
    m = data.draw(st.integers(min_value=0, max_value=size - 1))
    proof = tree.inclusion_proof(m, size)
    root, leaf = tree.root(), tlog.leaf_hash(leaves[m])
    at = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
    flipped = bytearray(proof[at])
    flipped[data.draw(st.integers(min_value=0, max_value=31))] ^= 1
    assert not tlog.verify_inclusion(
        m, size, leaf, [*proof[:at], bytes(flipped), *proof[at + 1 :]], root
    )
    assert not tlog.verify_inclusion(m, size, leaf, proof[:-1], root)  # cut
    assert not tlog.verify_inclusion(m, size, leaf, [*proof, proof[0]], root)  # padded
    other = (m + 1) % size
    assert not tlog.verify_inclusion(other, size, leaf, proof, root)  # moved
    assert not tlog.verify_inclusion(m, size, tlog.leaf_hash(entry(size + 1)), proof, root)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_tampered_consistency_proof_or_a_rewritten_history_fails(data):
    new = data.draw(st.integers(min_value=2, max_value=300))
    old = data.draw(st.integers(min_value=1, max_value=new - 1))
    tree, leaves = tree_of(new)
    proof = tree.consistency_proof(old, new)
    old_root, new_root = tree.root(old), tree.root(new)
    at = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
    flipped = bytearray(proof[at])
    flipped[0] ^= 0x80
    tampered = [*proof[:at], bytes(flipped), *proof[at + 1 :]]
    assert not tlog.verify_consistency(old, new, old_root, new_root, tampered)
    assert not tlog.verify_consistency(old, new, old_root, new_root, proof[:-1])
    # A history rewritten below `old`: the new tree is not an extension of the old one.
    forked = tlog.MemoryTree()
    victim = data.draw(st.integers(min_value=0, max_value=old - 1))
    for n, leaf in enumerate(leaves):
        forked.append(entry(-1) if n == victim else leaf)
    fork_proof = forked.consistency_proof(old, new)
    assert not tlog.verify_consistency(old, new, old_root, forked.root(), fork_proof)


def test_proofs_read_logarithmically_many_nodes():
    size = 1_000_003
    for m in (0, 1, size // 2, size - 2, size - 1):
        ranges = tlog.inclusion_ranges(m, size)
        assert len(tlog.needs(ranges)) <= 2 * size.bit_length()
    for old in (1, 2, 1000, size // 2, size - 1):
        assert len(tlog.needs(tlog.consistency_ranges(old, size))) <= 2 * size.bit_length()

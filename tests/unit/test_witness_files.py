"""`accord witness compare` on hostile files: a clear error and exit 2, never a traceback;
and on honest files signed by a log key of the test's own, exit 0 or 1 with the proof."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from accord.domain import signing, tlog
from accord.ledger.witness_cli import compare_command

ORIGIN = "accord.example.org"
LOG_KEY = Ed25519PrivateKey.generate()


def run(*paths: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = compare_command(list(paths), transport=None, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def witness_file(path: Path, trees: list[tlog.MemoryTree]) -> Path:
    seen, previous = [], None
    for tree in trees:
        note = tlog.sign_checkpoint(
            tlog.Checkpoint(ORIGIN, tree.size, tree.root()), ORIGIN, LOG_KEY
        )
        proof = [] if previous is None else tree.consistency_proof(previous, tree.size)
        seen.append(
            tlog.Seen(
                note.text(), "", previous or 0, tuple(base64.b64encode(p).decode() for p in proof)
            )
        )
        previous = tree.size
    state = tlog.WitnessState(ORIGIN, "KAZ", signing.public_key_b64(LOG_KEY.public_key()), seen)
    path.write_text(json.dumps(state.to_json()))
    return path


def grown(leaves: list[bytes]) -> tlog.MemoryTree:
    tree = tlog.MemoryTree()
    for leaf in leaves:
        tree.append(leaf)
    return tree


@pytest.mark.parametrize(
    "content",
    [
        "",
        "[" * 100_000,
        "null",
        '{"format": "accord-witness/1"}',
        '{"format": "accord-witness/2", "origin": "x", "state": "KAZ", "log_key": ""}',
        '{"format": "accord-witness/1", "origin": "x", "state": "KAZ", "log_key": "AAAA", '
        '"checkpoints": []}',
        json.dumps(
            {
                "format": "accord-witness/1",
                "origin": "x",
                "state": "KAZ",
                "log_key": signing.public_key_b64(LOG_KEY.public_key()),
                "checkpoints": [{"note": 1, "cosignature": "", "consistency": {}}],
            }
        ),
        json.dumps(
            {
                "format": "accord-witness/1",
                "origin": "x",
                "state": "KAZ",
                "log_key": signing.public_key_b64(LOG_KEY.public_key()),
                "checkpoints": [
                    {
                        "note": "",
                        "cosignature": "",
                        "consistency": {"from": 0, "proof": ["x"] * 100},
                    }
                ],
            }
        ),
    ],
)
def test_a_hostile_file_is_refused_with_a_sentence(tmp_path, content):
    path = tmp_path / "hostile.json"
    path.write_text(content)
    code, _, err = run(path)
    assert code == 2 and err.startswith("accord: ") and "Traceback" not in err


def test_honest_files_agree_and_a_fork_is_proven(tmp_path):
    leaves = [bytes([n]) * 32 for n in range(12)]
    kaz = witness_file(tmp_path / "kaz.json", [grown(leaves[:5]), grown(leaves[:9])])
    tjk = witness_file(tmp_path / "tjk.json", [grown(leaves[:5]), grown(leaves[:12])])
    code, _, err = run(kaz, tjk)  # 9 and 12: only the log's proof between them decides
    assert code == 2 and "give --url" in err
    tjk = witness_file(tjk, [grown(leaves[:n]) for n in (5, 9, 12)])
    assert run(kaz, tjk)[0] == 0
    forked = [*leaves[:7], b"\xff" * 32, *leaves[8:]]
    other = witness_file(tmp_path / "other.json", [grown(leaves[:5]), grown(forked[:9])])
    code, out, err = run(kaz, other)
    assert code == 1 and err.startswith("FAIL fork: ") and out.count(f"\u2014 {ORIGIN} ") == 2

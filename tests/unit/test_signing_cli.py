"""`accord keygen` -> `accord sign` -> `accord verify` on real files, and tampering."""

from __future__ import annotations

import io
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from accord.domain import consensus as c
from accord.domain import signing as s
from accord.domain.negotiation import ParagraphKind, adopted_text, new_draft
from accord.negotiation.signing_cli import keygen_command, sign_command, verify_command

T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
MEMBERS = ("CHN", "KAZ", "RUS")


def run_keygen(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = keygen_command(path, out, err)
    return code, out.getvalue(), err.getvalue()


def run_sign(key: Path, bundle: Path, now: datetime) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = sign_command(key, bundle, out, err, now=now)
    return code, out.getvalue(), err.getvalue()


def run_verify(bundle: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = verify_command(bundle, out, err)
    return code, out.getvalue(), err.getvalue()


def public_key_of(keygen_output: str) -> str:
    line = next(x for x in keygen_output.splitlines() if x.startswith("public key:"))
    return line.split(":", 1)[1].strip()


@pytest.fixture
def region(tmp_path: Path) -> dict[str, Any]:
    """Three states make their keys; the secretariat publishes the bundle of an adopted text."""
    keys: list[s.PublicKeyEntry] = []
    for state in MEMBERS:
        code, out, _ = run_keygen(tmp_path / f"{state.lower()}.key")
        assert code == 0
        keys.append(s.PublicKeyEntry(state, public_key_of(out), T0 - timedelta(days=30)))
    revision = new_draft(
        document_id="guilin-2021",
        title="Joint press release",
        chair="CHN",
        paragraphs=[(ParagraphKind.OPERATIVE, "The parties held talks in Guilin.")],
    )
    p = c.open_procedure(
        revision,
        kind=c.ProcedureKind.CONSENSUS,
        members=MEMBERS,
        chair="CHN",
        now=T0,
    )
    for k, state in enumerate(MEMBERS):
        p = c.approve(p, state, T0 + timedelta(minutes=k + 1))
    bundle = s.make_bundle(
        adopted_text(revision), c.adoption_record(p, T0 + timedelta(hours=1)), keys
    )
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle, indent=2))
    path.chmod(0o644)
    return {"dir": tmp_path, "bundle": path}


def test_keygen_writes_a_private_key_file_0600_and_prints_the_public_key(tmp_path: Path) -> None:
    path = tmp_path / "state.key"
    code, out, err = run_keygen(path)
    assert (code, err) == (0, "")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = s.read_private_key(path)
    assert out.splitlines() == [
        f"private key: {path} (keep it secret; mode 0600)",
        f"public key:  {s.public_key_b64(key.public_key())}",
        f"fingerprint: {s.fingerprint(key.public_key())}",
    ]


def test_keygen_refuses_to_overwrite_a_key(tmp_path: Path) -> None:
    path = tmp_path / "state.key"
    run_keygen(path)
    before = path.read_bytes()
    code, out, err = run_keygen(path)
    assert (code, out) == (1, "")
    assert err == f"error: {path} already exists: refusing to overwrite a key\n"
    assert path.read_bytes() == before


def test_keygen_sign_verify_roundtrip(region: dict[str, Any]) -> None:
    d, bundle = region["dir"], region["bundle"]
    code, out, err = run_verify(bundle)
    assert code == 0, err
    assert "not signed (yet) by: CHN, KAZ, RUS" in out
    for k, state in enumerate(MEMBERS):
        code, out, err = run_sign(
            d / f"{state.lower()}.key", bundle, T0 + timedelta(hours=2, minutes=k)
        )
        assert (code, err) == (0, "")
        assert out.startswith(f"signed {state} ")
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o644  # signing keeps the bundle's mode
    signed = json.loads(bundle.read_text())
    assert [x["state"] for x in signed["signatures"]] == list(MEMBERS)
    code, out, err = run_verify(bundle)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "OK: every check holds"
    passed = [x.split(":")[0][5:] for x in out.splitlines() if x.startswith("ok   ")]
    assert passed == list(s.CHECKS)
    assert list(d.glob(".bundle.json.*")) == []  # no temporary file left behind


def test_a_tampered_bundle_exits_1_naming_the_check(region: dict[str, Any]) -> None:
    d, bundle = region["dir"], region["bundle"]
    run_sign(d / "chn.key", bundle, T0 + timedelta(hours=2))
    data = json.loads(bundle.read_text())
    data["text"]["paragraphs"][0]["text"] = "The parties held talks in Guilin!"
    bundle.write_text(json.dumps(data))
    code, _, err = run_verify(bundle)
    assert (code, err) == (1, "FAIL text-hash: the text differs from the text that was adopted\n")


def test_a_bundle_that_is_not_json_exits_1_with_bundle_format(tmp_path: Path) -> None:
    path = tmp_path / "bundle.json"
    path.write_text("this is not json")
    code, _, err = run_verify(path)
    assert code == 1
    assert err.startswith("FAIL bundle-format: the bundle is not JSON")
    code, _, err = run_verify(tmp_path / "missing.json")
    assert code == 1
    assert err.startswith("FAIL bundle-format: cannot read")


def test_a_key_not_registered_in_the_bundle_cannot_sign(region: dict[str, Any]) -> None:
    d, bundle = region["dir"], region["bundle"]
    run_keygen(d / "stranger.key")
    before = bundle.read_bytes()
    code, out, err = run_sign(d / "stranger.key", bundle, T0 + timedelta(hours=2))
    assert (code, out) == (1, "")
    assert "lists this key" in err and "for no state" in err
    assert bundle.read_bytes() == before


def test_signing_an_altered_bundle_is_refused_and_leaves_it_unchanged(
    region: dict[str, Any],
) -> None:
    d, bundle = region["dir"], region["bundle"]
    data = json.loads(bundle.read_text())
    data["adoption_record"]["adopted_by"] = ["CHN", "KAZ"]
    data["adoption_record"]["text_sha256"] = "0" * 64
    bundle.write_text(json.dumps(data))
    before = bundle.read_bytes()
    code, _, err = run_sign(d / "chn.key", bundle, T0 + timedelta(hours=2))
    assert code == 1
    assert (
        err
        == "error: refusing to sign: text-hash: the text differs from the text that was adopted\n"
    )
    assert bundle.read_bytes() == before


def test_signing_with_a_file_that_is_not_a_key_fails_cleanly(region: dict[str, Any]) -> None:
    d, bundle = region["dir"], region["bundle"]
    (d / "junk.key").write_text("junk")
    code, _, err = run_sign(d / "junk.key", bundle, T0 + timedelta(hours=2))
    assert (code, err) == (1, "error: not a PEM PKCS #8 private key without a password\n")
    code, _, err = run_sign(d / "absent.key", bundle, T0 + timedelta(hours=2))
    assert code == 1 and err.startswith("error: cannot read")

"""`accord keygen` -> `accord sign` -> `accord verify --trust` on real files, and tampering."""

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


def run_verify(
    bundle: Path,
    trust: Path | None = None,
    *,
    allow_unsigned: bool = False,
    predates_log: bool = False,
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = verify_command(
        bundle, out, err, trust=trust, allow_unsigned=allow_unsigned, predates_log=predates_log
    )
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
    # What the verifier pinned earlier, from a platform it trusts: the three states' keys.
    # This offline region keeps no transparency log, and its trust file says so: its
    # bundles carry no ledger section (issue 13; a trust file that does not say so requires one).
    trust = tmp_path / "trust.json"
    pinned = {k.state: [k.to_dict()] for k in keys}
    made = s.make_trust_file(origin="accord.test", exported_at=T0, states=pinned, log_keys=[])
    trust.write_text(json.dumps({**made, "transparency_log": False}))
    return {"dir": tmp_path, "bundle": path, "trust": trust}


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
    d, bundle, trust = region["dir"], region["bundle"], region["trust"]
    code, out, err = run_verify(bundle, trust)
    assert code == 1
    assert err == (
        "FAIL signature-missing: no signature from CHN, KAZ, RUS, which the adoption record "
        "names as adopting the text\n"
    )
    for k, state in enumerate(MEMBERS):
        code, out, err = run_sign(
            d / f"{state.lower()}.key", bundle, T0 + timedelta(hours=2, minutes=k)
        )
        assert (code, err) == (0, "")
        assert out.startswith(f"signed {state} ")
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o644  # signing keeps the bundle's mode
    signed = json.loads(bundle.read_text())
    assert [x["state"] for x in signed["signatures"]] == list(MEMBERS)
    code, out, err = run_verify(bundle, trust)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "OK (NO LEDGER PROOF): every other check holds"
    passed = [x.split(":")[0][5:] for x in out.splitlines() if x.startswith("ok   ")]
    assert passed == list(s.CHECKS)
    assert list(d.glob(".bundle.json.*")) == []  # no temporary file left behind


def test_a_tampered_bundle_exits_1_naming_the_check(region: dict[str, Any]) -> None:
    d, bundle = region["dir"], region["bundle"]
    run_sign(d / "chn.key", bundle, T0 + timedelta(hours=2))
    data = json.loads(bundle.read_text())
    data["text"]["paragraphs"][0]["text"] = "The parties held talks in Guilin!"
    bundle.write_text(json.dumps(data))
    code, _, err = run_verify(bundle, region["trust"])
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


# --- the verifier's trust file: what a forger can no longer get past (issue 11) -------------


def sign_all(region: dict[str, Any], states: tuple[str, ...] = MEMBERS) -> None:
    for k, state in enumerate(states):
        code, _, err = run_sign(
            region["dir"] / f"{state.lower()}.key",
            region["bundle"],
            T0 + timedelta(hours=2, minutes=k),
        )
        assert code == 0, err


def rewrite(path: Path, change: Any) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def replace_text_and_strip_signatures(data: dict[str, Any]) -> None:
    """The forgery of the audit: another text, its hash recomputed, the signatures gone."""
    data["text"]["paragraphs"][0]["text"] = "The parties agreed to whatever the host wrote."
    data["adoption_record"]["text_sha256"] = s.sha256_hex(s.canonical_bytes(data["text"]))
    data["signatures"] = []


def test_a_replaced_text_with_its_hash_recomputed_and_no_signatures_fails(
    region: dict[str, Any],
) -> None:
    sign_all(region)
    rewrite(region["bundle"], replace_text_and_strip_signatures)
    code, out, err = run_verify(region["bundle"], region["trust"])
    assert code == 1
    assert err == (
        "FAIL signature-missing: no signature from CHN, KAZ, RUS, which the adoption record "
        "names as adopting the text\n"
    )
    assert "OK" not in out


def test_allowing_unsigned_says_plainly_the_text_is_unsigned_and_checks_the_rest(
    region: dict[str, Any],
) -> None:
    sign_all(region)
    rewrite(region["bundle"], replace_text_and_strip_signatures)
    code, out, err = run_verify(region["bundle"], region["trust"], allow_unsigned=True)
    assert (code, err) == (0, "")
    assert out.splitlines()[-3:] == [
        "UNSIGNED: the text carries no signature from CHN, KAZ, RUS; it was checked as an "
        "UNSIGNED text",
        "NO LEDGER PROOF: the bundle carries no ledger section; it was checked as a bundle of "
        "a deployment that predates the transparency log, and nothing shows the adoption is "
        "in the log the states witness",
        "OK (UNSIGNED, NO LEDGER PROOF): every other check holds",
    ]
    # Everything else is still checked: a text changed without its hash still fails.
    rewrite(region["bundle"], lambda d: d["text"]["paragraphs"][0].update(text="Another."))
    code, _, err = run_verify(region["bundle"], region["trust"], allow_unsigned=True)
    assert (code, err) == (1, "FAIL text-hash: the text differs from the text that was adopted\n")


def test_one_adopting_state_missing_its_signature_fails_naming_it(region: dict[str, Any]) -> None:
    sign_all(region, ("CHN", "RUS"))
    code, out, err = run_verify(region["bundle"], region["trust"])
    assert code == 1
    assert err == (
        "FAIL signature-missing: no signature from KAZ, which the adoption record names as "
        "adopting the text\n"
    )
    assert "signed by CHN" in out and "signed by RUS" in out


def test_a_signature_by_a_key_the_trust_file_does_not_pin_fails(region: dict[str, Any]) -> None:
    d, bundle = region["dir"], region["bundle"]
    sign_all(region, ("CHN", "RUS"))
    # The host registers a key of its own as Kazakhstan's and signs in its name.
    code, out, _ = run_keygen(d / "forged-kaz.key")
    forged = s.PublicKeyEntry("KAZ", public_key_of(out), T0 - timedelta(days=1))
    rewrite(bundle, lambda data: data["public_keys"].append(forged.to_dict()))
    code, _, err = run_sign(d / "forged-kaz.key", bundle, T0 + timedelta(hours=3))
    assert code == 0, err
    code, out, err = run_verify(bundle, region["trust"])
    assert code == 1
    assert err == (
        f"FAIL key-not-trusted: the trust file (origin accord.test) does not pin KAZ's key "
        f"{forged.fingerprint}\n"
    )
    assert "OK" not in out


def test_a_state_key_swapped_for_the_hosts_own_fails_even_when_every_state_signed(
    region: dict[str, Any],
) -> None:
    d, bundle = region["dir"], region["bundle"]
    code, out, _ = run_keygen(d / "forged-rus.key")
    forged = s.PublicKeyEntry("RUS", public_key_of(out), T0 - timedelta(days=30))

    def swap(data: dict[str, Any]) -> None:
        data["public_keys"] = [k for k in data["public_keys"] if k["state"] != "RUS"]
        data["public_keys"].append(forged.to_dict())

    rewrite(bundle, swap)
    sign_all(region, ("CHN", "KAZ"))
    assert run_sign(d / "forged-rus.key", bundle, T0 + timedelta(hours=3))[0] == 0
    assert run_verify(bundle)[0] == 1  # unpinned keys never pass either
    code, _, err = run_verify(bundle, region["trust"])
    assert code == 1
    assert err.startswith("FAIL key-not-trusted: the trust file (origin accord.test) does not pin")


def test_without_a_trust_file_verify_checks_everything_but_never_says_a_bare_ok(
    region: dict[str, Any],
) -> None:
    sign_all(region)
    # No trust file to say this offline region keeps no transparency log: the flag says it.
    code, out, err = run_verify(region["bundle"], predates_log=True)
    assert code == 1
    assert err == (
        "FAIL key-not-trusted: no trust file was given (--trust FILE): the keys are the "
        "bundle's own, UNPINNED, and prove nothing about who signed\n"
    )
    passed = [x.split(":")[0][5:] for x in out.splitlines() if x.startswith("ok   ")]
    assert passed == [c for c in s.CHECKS if c not in ("key-not-trusted",)]
    assert not any(line.startswith("OK") for line in out.splitlines())


def test_a_key_used_outside_the_validity_the_trust_file_pins_fails(region: dict[str, Any]) -> None:
    sign_all(region)

    def retire_chn(data: dict[str, Any]) -> None:
        data["states"]["CHN"]["signing_keys"][0]["valid_until"] = "2021-07-15T10:00:00.000000Z"

    rewrite(region["trust"], retire_chn)  # the verifier learnt CHN retired it before signing
    code, _, err = run_verify(region["bundle"], region["trust"])
    assert code == 1
    assert err == (
        "FAIL key-validity: the trust file says CHN's key was not valid at "
        "2021-07-15T11:00:00.000000Z\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "the trust file is not JSON"),
        ("[" * 100_000, "the trust file is not JSON"),
        ('{"format": "accord-trust/9", "origin": "x", "states": {}}', "this verifier reads"),
        ('{"format": "accord-trust/1", "origin": "x", "states": []}', "needs 'states'"),
        (
            '{"format": "accord-trust/1", "origin": "x", "log_keys": [],'
            ' "states": {"CHN": {"signing_keys": [{"fingerprint": "abc"}]}}}',
            "is not a SHA-256 fingerprint",
        ),
    ],
    ids=["not-json", "deep", "future-format", "wrong-type", "bad-fingerprint"],
)
def test_an_unusable_trust_file_exits_2_saying_why(
    region: dict[str, Any], content: str, message: str
) -> None:
    region["trust"].write_text(content)
    code, out, err = run_verify(region["bundle"], region["trust"])
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {region['trust']}: ") and message in err
    code, _, err = run_verify(region["bundle"], region["dir"] / "absent.json")
    assert code == 2 and err.startswith("error: cannot read the trust file")


MISSING_LEDGER = (
    "FAIL inclusion-proof: missing: the bundle carries no ledger section, so nothing shows "
    "that the adoption is in the log the states witness (a bundle of a deployment that "
    "predates the transparency log is checked with --predates-log)\n"
)


def test_a_bundle_without_its_ledger_section_fails_inclusion_proof_unless_the_log_is_absent(
    region: dict[str, Any],
) -> None:
    """Issue 13: a host that strips the ledger section away (its inclusion proof, checkpoint
    and cosignatures) does not get a bundle that verifies, unless the verifier itself says
    the deployment predates the transparency log."""
    sign_all(region)
    rewrite(region["trust"], lambda data: data.pop("transparency_log"))  # as exported today
    code, out, err = run_verify(region["bundle"], region["trust"])
    assert (code, err) == (1, MISSING_LEDGER)
    assert not any(line.startswith("OK") for line in out.splitlines())
    rewrite(region["trust"], lambda data: data.update(transparency_log=True))
    assert run_verify(region["bundle"], region["trust"])[:3:2] == (1, MISSING_LEDGER)
    # The verifier's own word that this deployment kept no log: said plainly in the output.
    code, out, err = run_verify(region["bundle"], region["trust"], predates_log=True)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "OK (NO LEDGER PROOF): every other check holds"
    rewrite(region["trust"], lambda data: data.update(transparency_log="no"))
    code, _, err = run_verify(region["bundle"], region["trust"])
    assert code == 2 and "transparency_log is true or false" in err

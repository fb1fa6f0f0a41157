"""Keys, signatures and verification bundles, with the tamper tests of issue 4."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import random
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain import consensus as c
from accord.domain import signing as s
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.negotiation import ParagraphKind, adopted_text, new_draft, text_hash
from accord.domain.signing.statement import StatementWriter

T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
ADOPTED_AT = T0 + timedelta(hours=2)
SIGNED_AT = ADOPTED_AT + timedelta(hours=1)
MEMBERS = ("CHN", "KAZ", "RUS", "UZB")


def fixed_key(n: int) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes([n]) * 32)


KEYS = {state: fixed_key(i + 1) for i, state in enumerate([*MEMBERS, "UN"])}


def key_entry(state: str, **validity: datetime | None) -> s.PublicKeyEntry:
    return s.PublicKeyEntry(
        state=state,
        public_key=s.public_key_b64(KEYS[state].public_key()),
        valid_from=validity.get("valid_from") or T0 - timedelta(days=365),
        valid_until=validity.get("valid_until"),
    )


def unsigned_bundle() -> dict[str, Any]:
    revision = new_draft(
        document_id="tashkent-2021",
        title="Joint statement",
        chair="UZB",
        paragraphs=[
            (ParagraphKind.PREAMBULAR, "Recalling the Charter of the United Nations,"),
            (ParagraphKind.OPERATIVE, "We welcome the regional security dialogue."),
            (ParagraphKind.OPERATIVE, "Мы приветствуем диалог. 我们欢迎对话。"),
        ],
    )
    p = c.open_procedure(
        revision,
        kind=c.ProcedureKind.SILENCE,
        members=MEMBERS,
        observers=["UN"],
        chair="UZB",
        now=T0,
        deadline=ADOPTED_AT,
    )
    p = c.explain_position(p, "RUS", T0 + timedelta(minutes=5), text="", dissociate_from=["OP2"])
    record = c.adoption_record(p, ADOPTED_AT)
    keys = [key_entry(state) for state in [*MEMBERS, "UN"]]
    return s.make_bundle(adopted_text(revision), record, keys)


def signed_bundle(states: tuple[str, ...] = MEMBERS) -> dict[str, Any]:
    bundle = unsigned_bundle()
    for k, state in enumerate(states):
        bundle = s.sign_bundle(bundle, KEYS[state], state, SIGNED_AT + timedelta(minutes=k))
    return bundle


@pytest.fixture
def bundle() -> dict[str, Any]:
    return signed_bundle()


def failed(bundle: Any) -> tuple[str | None, str]:
    report = s.verify_bundle(bundle)
    return report.failed_check, report.message


# --- keys ------------------------------------------------------------------------------------


def test_a_fingerprint_is_the_grouped_sha256_of_the_raw_public_key() -> None:
    public = KEYS["CHN"].public_key()
    digest = hashlib.sha256(s.raw_public_key(public)).hexdigest()
    fp = s.fingerprint(public)
    assert fp.replace(" ", "") == digest
    assert [len(group) for group in fp.split(" ")] == [4] * 16
    assert s.fingerprint(s.raw_public_key(public)) == fp
    assert s.load_public_key_b64(s.public_key_b64(public)) == public


def test_the_key_file_is_pkcs8_pem_mode_0600_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "chn.key"
    s.write_private_key(path, KEYS["CHN"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----\n")
    assert s.read_private_key(path).public_key() == KEYS["CHN"].public_key()
    before = path.read_bytes()
    with pytest.raises(RuleViolation, match="refusing to overwrite"):
        s.write_private_key(path, KEYS["RUS"])
    assert path.read_bytes() == before


def test_a_key_that_is_not_ed25519_is_refused() -> None:
    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(InvalidInput, match="not an Ed25519 key"):
        s.load_private_key(other)
    with pytest.raises(InvalidInput, match="not a PEM"):
        s.load_private_key(b"hello")
    with pytest.raises(InvalidInput, match="must be 32 bytes"):
        s.load_public_key_b64(base64.b64encode(b"x" * 31).decode())


# --- a good bundle ---------------------------------------------------------------------------


def trust_for(bundle: dict[str, Any]) -> s.Trust:
    """A trust file pinning exactly the keys the bundle lists."""
    states: dict[str, list[dict[str, Any]]] = {}
    for key in bundle["public_keys"]:
        states.setdefault(key["state"], []).append(key)
    return s.parse_trust_file(
        s.make_trust_file(origin="accord.test", exported_at=T0, states=states, log_keys=[])
    )


def test_a_bundle_signed_by_every_adopting_state_verifies(bundle: dict[str, Any]) -> None:
    report = s.verify_bundle(bundle, trust=trust_for(bundle), require_signatures=True)
    assert report.ok is True
    assert report.pinned is True
    assert report.failed_check is None
    assert [check.name for check in report.checks] == list(s.CHECKS)
    assert report.document_id == "tashkent-2021"
    assert report.revision == 1
    assert report.adopted_by == MEMBERS
    assert [state for state, _ in report.signed_by] == list(MEMBERS)
    assert report.unsigned == ()


def test_a_partly_signed_bundle_verifies_and_says_who_has_not_signed() -> None:
    report = s.verify_bundle(signed_bundle(("CHN", "UZB")))
    assert (report.ok, report.unsigned) == (True, ("KAZ", "RUS"))


def test_the_bundle_text_hash_is_the_negotiation_text_hash(bundle: dict[str, Any]) -> None:
    assert bundle["adoption_record"]["text_sha256"] == text_hash(bundle["text"])
    assert text_hash(bundle["text"]) == s.sha256_hex(rfc8785.dumps(bundle["text"]))


def test_a_raw_json_file_verifies_like_the_parsed_bundle(bundle: dict[str, Any]) -> None:
    assert s.verify_bundle(json.dumps(bundle, ensure_ascii=False).encode()).ok is True


def test_signing_again_replaces_the_states_earlier_signature(bundle: dict[str, Any]) -> None:
    again = s.sign_bundle(bundle, KEYS["CHN"], "CHN", SIGNED_AT + timedelta(days=1))
    chn = [x for x in again["signatures"] if x["state"] == "CHN"]
    assert [x["signed_at"] for x in chn] == ["2021-07-16T12:00:00.000000Z"]
    assert len(again["signatures"]) == 4
    assert s.verify_bundle(again).ok is True
    assert bundle["signatures"][0]["signed_at"] == "2021-07-15T12:00:00.000000Z"  # not mutated


# --- tamper tests ----------------------------------------------------------------------------


def test_one_character_of_the_text_changed_fails_text_hash(bundle: dict[str, Any]) -> None:
    bundle["text"]["paragraphs"][1]["text"] = "We welcome the regional security dialogue!"
    assert failed(bundle) == ("text-hash", "the text differs from the text that was adopted")


def test_a_swapped_signature_fails_signature(bundle: dict[str, Any]) -> None:
    sigs = bundle["signatures"]
    sigs[0]["signature"], sigs[1]["signature"] = sigs[1]["signature"], sigs[0]["signature"]
    assert failed(bundle) == ("signature", "the signature of CHN is invalid")


def test_a_signature_moved_to_another_state_fails_unknown_key(bundle: dict[str, Any]) -> None:
    bundle["signatures"][0]["key_fingerprint"] = bundle["signatures"][1]["key_fingerprint"]
    assert failed(bundle) == ("unknown-key", "CHN signed with a key of KAZ")


@pytest.mark.parametrize("change", ["remove", "add"])
def test_a_removed_or_added_state_fails_adoption_record(
    bundle: dict[str, Any], change: str
) -> None:
    adopted = bundle["adoption_record"]["adopted_by"]
    if change == "remove":
        adopted.remove("KAZ")
    else:
        adopted.append("USA")
        adopted.sort()
    assert failed(bundle) == (
        "adoption-record",
        "the adoption record differs from the one CHN signed",
    )


def test_a_forged_record_with_matching_digests_fails_signature(bundle: dict[str, Any]) -> None:
    record = bundle["adoption_record"]
    record["procedure"] = "consensus"
    record["explanations"] = []
    forged = s.sha256_hex(rfc8785.dumps(record))
    for sig in bundle["signatures"]:
        sig["adoption_record_sha256"] = forged
    assert failed(bundle) == ("signature", "the signature of CHN is invalid")


def test_a_record_with_no_adopting_state_fails_adoption_record(bundle: dict[str, Any]) -> None:
    bundle["adoption_record"]["adopted_by"] = []
    assert failed(bundle) == (
        "adoption-record",
        "an adoption record names at least one adopting state",
    )


def test_a_record_for_another_revision_fails_adoption_record() -> None:
    bundle = unsigned_bundle()
    bundle["adoption_record"]["revision"] = 2
    assert failed(bundle) == (
        "adoption-record",
        "the record is for another document or revision",
    )


def test_a_key_used_after_it_expired_fails_key_validity() -> None:
    bundle = signed_bundle()
    # The registry says RUS's key expired before RUS signed (a key rotated or revoked).
    for entry in bundle["public_keys"]:
        if entry["state"] == "RUS":
            entry["valid_until"] = "2021-07-15T10:00:00.000000Z"
    assert failed(bundle) == (
        "key-validity",
        "RUS's key was not valid at 2021-07-15T12:02:00.000000Z",
    )


def test_a_key_not_yet_valid_fails_key_validity(bundle: dict[str, Any]) -> None:
    bundle["public_keys"][0]["valid_from"] = "2022-01-01T00:00:00.000000Z"
    assert failed(bundle)[0] == "key-validity"


def test_a_signer_that_did_not_adopt_fails_signer_not_adopter() -> None:
    bundle = signed_bundle()
    record = bundle["adoption_record"]
    statement = s.signing_statement(
        text_sha256=record["text_sha256"],
        record=record,
        record_sha256=s.sha256_hex(rfc8785.dumps(record)),
        state="UN",
        signed_at="2021-07-15T12:30:00.000000Z",
    )
    bundle["signatures"].append(
        {
            "state": "UN",
            "key_fingerprint": s.fingerprint(KEYS["UN"].public_key()),
            "signed_at": "2021-07-15T12:30:00.000000Z",
            "signature": base64.b64encode(KEYS["UN"].sign(statement)).decode(),
            "adoption_record_sha256": s.sha256_hex(rfc8785.dumps(record)),
        }
    )
    assert failed(bundle) == ("signer-not-adopter", "UN is not a state that adopted it")


def test_a_key_the_bundle_does_not_hold_fails_unknown_key(bundle: dict[str, Any]) -> None:
    bundle["public_keys"] = [k for k in bundle["public_keys"] if k["state"] != "KAZ"]
    assert failed(bundle) == ("unknown-key", "KAZ signed with a key the bundle does not hold")


def test_a_wrong_fingerprint_in_the_key_list_fails_unknown_key(bundle: dict[str, Any]) -> None:
    bundle["public_keys"][0]["fingerprint"] = "0000 " * 15 + "0000"
    assert failed(bundle) == ("unknown-key", "the fingerprint listed for CHN's key is wrong")


@pytest.mark.parametrize("garbage", ["AAAA", "not base64!", base64.b64encode(b"\0" * 64).decode()])
def test_a_malformed_or_foreign_signature_fails_signature(
    bundle: dict[str, Any], garbage: str
) -> None:
    bundle["signatures"][2]["signature"] = garbage
    assert failed(bundle) == ("signature", "the signature of RUS is invalid")


@pytest.mark.parametrize(
    "mangle",
    [
        lambda b: b"{not json",
        lambda b: b"[]",
        lambda b: json.dumps({**b, "format": "accord-bundle/9"}),
        lambda b: {k: v for k, v in b.items() if k != "text"},
        lambda b: {**b, "signatures": [{"state": "CHN"}]},
        lambda b: {**b, "signatures": [b["signatures"][0], b["signatures"][0]]},
        lambda b: {**b, "public_keys": [{**b["public_keys"][0], "public_key": "AAAA"}]},
        lambda b: {**b, "public_keys": [{**b["public_keys"][0], "valid_from": "2021-07-15"}]},
        lambda b: {**b, "text": {**b["text"], "big": 2**60}},
        lambda b: json.dumps({**b, "text": {**b["text"], "x": float("nan")}}),
        lambda b: b"[" * 100_000,
    ],
)
def test_a_bundle_that_is_not_a_bundle_fails_bundle_format(
    bundle: dict[str, Any], mangle: Any
) -> None:
    assert failed(mangle(bundle))[0] == "bundle-format"


def test_a_signature_dated_before_adoption_fails_adoption_record() -> None:
    bundle = unsigned_bundle()
    with pytest.raises(InvalidInput, match="before it was adopted"):
        s.sign_bundle(bundle, KEYS["CHN"], "CHN", ADOPTED_AT - timedelta(minutes=1))


# --- signing refusals ------------------------------------------------------------------------


def test_nobody_signs_an_altered_text() -> None:
    bundle = unsigned_bundle()
    bundle["text"]["title"] = "Joint statement (final)"
    with pytest.raises(InvalidInput, match="refusing to sign: text-hash"):
        s.sign_bundle(bundle, KEYS["CHN"], "CHN", SIGNED_AT)


def test_a_state_that_did_not_adopt_cannot_sign() -> None:
    with pytest.raises(NotPermitted, match="UN did not adopt this text"):
        s.sign_bundle(unsigned_bundle(), KEYS["UN"], "UN", SIGNED_AT)


def test_a_key_not_registered_for_the_state_cannot_sign() -> None:
    with pytest.raises(InvalidInput, match="not registered for CHN"):
        s.sign_bundle(unsigned_bundle(), KEYS["RUS"], "CHN", SIGNED_AT)


def test_an_expired_key_cannot_sign() -> None:
    bundle = unsigned_bundle()
    bundle["public_keys"][0]["valid_until"] = "2021-07-15T11:30:00.000000Z"
    with pytest.raises(RuleViolation, match=r"not valid at 2021-07-15T12:00:00\.000000Z"):
        s.sign_bundle(bundle, KEYS["CHN"], "CHN", SIGNED_AT)


def test_signing_needs_an_aware_time() -> None:
    with pytest.raises(InvalidInput, match="timezone-aware"):
        s.sign_bundle(unsigned_bundle(), KEYS["CHN"], "CHN", datetime(2021, 7, 15, 12))


def test_the_server_accepts_only_a_signature_that_verifies() -> None:
    signed = s.sign_bundle(unsigned_bundle(), KEYS["KAZ"], "KAZ", SIGNED_AT)
    entry = signed["signatures"][0]
    accepted = s.add_signature(unsigned_bundle(), entry)
    assert s.verify_bundle(accepted).ok is True
    forged = {**entry, "signature": base64.b64encode(b"\1" * 64).decode()}
    with pytest.raises(InvalidInput, match="signature refused: signature: the signature of KAZ"):
        s.add_signature(unsigned_bundle(), forged)
    with pytest.raises(InvalidInput, match="a signature is an object"):
        s.add_signature(unsigned_bundle(), {"signature": "x"})


# --- canonical bytes -------------------------------------------------------------------------


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_canonical_bytes_and_verification_do_not_depend_on_key_order(seed: int) -> None:
    bundle = signed_bundle(("CHN", "RUS"))
    shuffled = _shuffled(copy.deepcopy(bundle), random.Random(seed))
    assert s.canonical_bytes(shuffled) == s.canonical_bytes(bundle)
    assert s.verify_bundle(json.dumps(shuffled)).ok is True


@settings(max_examples=100, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=20,
    ),
    seed=st.integers(0, 2**32),
)
def test_canonical_bytes_of_any_json_value_are_stable_under_key_order(
    value: Any, seed: int
) -> None:
    assert s.canonical_bytes(_shuffled(value, random.Random(seed))) == s.canonical_bytes(value)


@settings(max_examples=200, deadline=None)
@given(
    state=st.text(),
    signed_at=st.text(),
    document_id=st.text(),
    revision=st.integers(1, 2**53 - 1),
)
def test_the_fast_statement_writer_gives_exactly_the_signing_statement(
    state: str, signed_at: str, document_id: str, revision: int
) -> None:
    record = {"document_id": document_id, "revision": revision}
    args = {"text_sha256": "ab" * 32, "record": record, "record_sha256": "cd" * 32}
    try:
        expected = s.signing_statement(**args, state=state, signed_at=signed_at)  # type: ignore[arg-type]
    except ValueError:  # lone surrogates have no canonical form: both must refuse them
        with pytest.raises(ValueError):
            StatementWriter(**args).statement(state, signed_at)  # type: ignore[arg-type]
        return
    assert StatementWriter(**args).statement(state, signed_at) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["2021-07-15T09:00:00Z", "2021-07-15T09:00:00.000000+00:00", "2021-02-30T09:00:00.000000Z", ""],
)
def test_only_the_one_canonical_time_form_is_accepted(text: str) -> None:
    with pytest.raises(InvalidInput):
        c.parse_time(text)
    assert c.parse_time("2021-07-15T09:00:00.000001Z") == T0 + timedelta(microseconds=1)

"""Every check of `verify_bundle` failing on its own, the validity edges, and the report.

Each tampered bundle below is otherwise valid: its signatures are remade over the tampered
record, so the only thing wrong is the one thing the test names.
"""

from __future__ import annotations

import base64
import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain import consensus as c
from accord.domain import signing as s
from accord.domain.negotiation import ParagraphKind, adopted_text, new_draft
from accord.domain.signing.verify import CheckFailed

T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
ADOPTED_AT = T0 + timedelta(hours=2)
MEMBERS = ("CHN", "KAZ", "RUS", "UZB")
KEYS = {state: Ed25519PrivateKey.from_private_bytes(bytes([i + 1]) * 32) for i, state in
        enumerate([*MEMBERS, "UN"])}  # fmt: skip
PASSED = (
    s.CheckResult("bundle-format", True, "well-formed"),
    s.CheckResult("language-version", True, "one language"),
    s.CheckResult("text-hash", True, "text SHA-256 {text}"),
    s.CheckResult("adoption-record", True, "adopted by CHN, KAZ, RUS, UZB (silence)"),
    s.CheckResult("unknown-key", True, "2 signature key(s) found"),
    s.CheckResult("signature", True, "2 signature(s) valid"),
    s.CheckResult("key-validity", True, "every key was valid when it signed"),
    s.CheckResult("signer-not-adopter", True, "every signer adopted the text"),
)


# The checks that run without a trust file and without requiring every signature.
RUN = tuple(c for c in s.CHECKS if c not in ("key-not-trusted", "signature-missing"))


def when(minutes: float) -> str:
    return c.format_time(ADOPTED_AT + timedelta(minutes=minutes))


def unsigned() -> dict[str, Any]:
    revision = new_draft(
        document_id="tashkent-2021",
        title="Joint statement",
        chair="UZB",
        paragraphs=[
            (ParagraphKind.PREAMBULAR, "Recalling the Charter,"),
            (ParagraphKind.OPERATIVE, "We welcome the dialogue."),
        ],
    )
    p = c.open_procedure(
        revision,
        kind=c.ProcedureKind.SILENCE,
        members=MEMBERS,
        chair="UZB",
        now=T0,
        deadline=ADOPTED_AT,
    )
    p = c.explain_position(p, "RUS", T0, text="", dissociate_from=["OP1"])
    keys = [
        s.PublicKeyEntry(state, s.public_key_b64(KEYS[state].public_key()), T0)
        for state in [*MEMBERS, "UN"]
    ]
    return s.make_bundle(adopted_text(revision), c.adoption_record(p, ADOPTED_AT), keys)


def signature(bundle: dict[str, Any], state: str, signed_at: str, key: str = "") -> dict[str, Any]:
    """`state`'s signature over the bundle as it stands, made with `key`'s key (its own)."""
    private = KEYS[key or state]
    record = bundle["adoption_record"]
    record_sha256 = s.sha256_hex(rfc8785.dumps(record))
    statement = s.signing_statement(
        text_sha256=record["text_sha256"],
        record=record,
        record_sha256=record_sha256,
        state=state,
        signed_at=signed_at,
    )
    return {
        "state": state,
        "key_fingerprint": s.fingerprint(private.public_key()),
        "signed_at": signed_at,
        "signature": base64.b64encode(private.sign(statement)).decode(),
        "adoption_record_sha256": record_sha256,
    }


def resigned(bundle: dict[str, Any], **signed_at: str) -> dict[str, Any]:
    """The bundle with its signatures made again over its current record (and times)."""
    out = copy.deepcopy(bundle)
    times = {sig["state"]: sig["signed_at"] for sig in out["signatures"]} | signed_at
    out["signatures"] = [signature(out, state, at) for state, at in sorted(times.items())]
    return out


def good() -> dict[str, Any]:
    return resigned(unsigned(), KAZ=when(60), RUS=when(61))


def key_of(bundle: dict[str, Any], state: str) -> dict[str, Any]:
    return next(k for k in bundle["public_keys"] if k["state"] == state)


def text_sha(bundle: dict[str, Any]) -> str:
    return s.sha256_hex(rfc8785.dumps(bundle["text"]))


def expected_checks(bundle: dict[str, Any], upto: int) -> list[s.CheckResult]:
    return [
        s.CheckResult(r.name, True, r.detail.format(text=text_sha(bundle))) for r in PASSED[:upto]
    ]


# --- a good bundle, in full ----------------------------------------------------------------------


def test_a_good_bundle_reports_every_check_with_what_it_found() -> None:
    bundle = good()
    report = s.verify_bundle(bundle)
    assert report == s.VerificationReport(
        ok=True,
        failed_check=None,
        message="every check holds",
        checks=tuple(expected_checks(bundle, len(PASSED))),
        document_id="tashkent-2021",
        revision=1,
        adopted_by=MEMBERS,
        signed_by=(
            ("KAZ", s.fingerprint(KEYS["KAZ"].public_key())),
            ("RUS", s.fingerprint(KEYS["RUS"].public_key())),
        ),
        # No ledger section, and none asked for (`require_ledger_proof`): the report says so.
        no_ledger_proof=True,
    )
    assert report.unsigned == ("CHN", "UZB")
    required = s.verify_bundle(bundle, require_ledger_proof=True)
    assert (required.ok, required.failed_check, required.no_ledger_proof) == (
        False,
        "inclusion-proof",
        False,
    )
    assert required.message.startswith("missing: the bundle carries no ledger section")


def test_signing_at_the_instant_of_adoption_counts() -> None:
    assert s.verify_bundle(resigned(unsigned(), KAZ=when(0))).ok is True


# --- each check failing on its own -----------------------------------------------------------


def _signed_before_adoption() -> dict[str, Any]:
    return resigned(good(), KAZ=c.format_time(ADOPTED_AT - timedelta(microseconds=1)))


def _dissociation_from_a_missing_paragraph() -> dict[str, Any]:
    bundle = good()
    bundle["adoption_record"]["explanations"][0]["dissociated_from"] = ["OP7"]
    return resigned(bundle)


def _record_not_canonical() -> dict[str, Any]:
    bundle = good()
    bundle["adoption_record"]["remark"] = "added after adoption"  # parsed records drop it
    return resigned(bundle)


def _record_for_another_document() -> dict[str, Any]:
    bundle = good()
    bundle["adoption_record"]["document_id"] = "almaty-2022"
    return resigned(bundle)


def _record_signed_as_another() -> dict[str, Any]:
    bundle = good()
    bundle["signatures"][1]["adoption_record_sha256"] = "0" * 64
    return bundle


def _key_of_another_state() -> dict[str, Any]:
    bundle = good()
    bundle["signatures"][0] = signature(bundle, "KAZ", when(60), key="RUS")
    bundle["signatures"][1] = signature(bundle, "RUS", when(61), key="KAZ")
    return bundle


def _signature_over_another_time() -> dict[str, Any]:
    bundle = good()
    bundle["signatures"][0]["signed_at"] = when(62)  # the signature covers 60
    return bundle


def _expired_at_the_signature() -> dict[str, Any]:
    bundle = good()
    key_of(bundle, "RUS")["valid_until"] = when(61)
    return bundle


def _signed_by_a_non_adopter() -> dict[str, Any]:
    bundle = good()
    bundle["signatures"].append(signature(bundle, "UN", when(70)))
    return bundle


@pytest.mark.parametrize(
    ("tamper", "check", "message"),
    [
        (_signed_before_adoption, "adoption-record", "KAZ signed before the text was adopted"),
        (
            _dissociation_from_a_missing_paragraph,
            "adoption-record",
            "RUS dissociates from an unknown paragraph",
        ),
        (_record_not_canonical, "adoption-record", "the adoption record is not in canonical form"),
        (
            _record_for_another_document,
            "adoption-record",
            "the record is for another document or revision",
        ),
        (
            _record_signed_as_another,
            "adoption-record",
            "the adoption record differs from the one RUS signed",
        ),
        (_key_of_another_state, "unknown-key", "KAZ signed with a key of RUS"),
        (_signature_over_another_time, "signature", "the signature of KAZ is invalid"),
        (_expired_at_the_signature, "key-validity", "RUS's key was not valid at " + when(61)),
        (_signed_by_a_non_adopter, "signer-not-adopter", "UN is not a state that adopted it"),
    ],
)
def test_each_check_fails_on_its_own_and_the_report_names_it(
    tamper: Any, check: str, message: str
) -> None:
    bundle = tamper()
    report = s.verify_bundle(bundle)
    index = RUN.index(check)
    assert (report.ok, report.failed_check) == (False, check)
    assert report.message == message
    # Every earlier check ran and passed; the failed one is last and says why.
    assert [(r.name, r.passed) for r in report.checks] == [
        *((name, True) for name in RUN[:index]),
        (check, False),
    ]
    assert report.checks[-1].detail == report.message
    assert list(report.checks[:2]) == expected_checks(bundle, 2)[: min(index, 2)]
    assert report.document_id == "tashkent-2021"


def test_dissociating_from_every_paragraph_is_allowed() -> None:
    bundle = good()
    bundle["adoption_record"]["explanations"][0]["dissociated_from"] = ["PP1", "OP1"]
    assert s.verify_bundle(resigned(bundle)).ok is True


def test_a_failed_record_check_still_reports_what_it_could_read() -> None:
    report = s.verify_bundle(_signed_before_adoption())
    # The record parsed before the failure was found: the report names it.
    assert (report.revision, report.adopted_by) == (1, MEMBERS)
    assert [state for state, _ in report.signed_by] == ["KAZ", "RUS"]


def test_a_record_that_does_not_parse_leaves_the_report_without_adopters() -> None:
    bundle = good()
    bundle["adoption_record"]["procedure"] = "vote"
    report = s.verify_bundle(resigned(bundle))
    assert (report.failed_check, report.revision, report.adopted_by) == (
        "adoption-record",
        None,
        (),
    )


def test_a_record_for_another_revision_of_the_same_document_fails() -> None:
    bundle = good()
    bundle["text"]["revision"] = 2
    bundle["adoption_record"]["text_sha256"] = text_sha(bundle)
    report = s.verify_bundle(resigned(bundle))
    assert (report.failed_check, report.message) == (
        "adoption-record",
        "the record is for another document or revision",
    )


def test_a_text_paragraph_that_is_not_an_object_is_reported_not_raised() -> None:
    bundle = good()
    bundle["text"]["paragraphs"].append("a stray string")
    bundle["adoption_record"]["text_sha256"] = text_sha(bundle)
    report = s.verify_bundle(resigned(bundle))
    assert (report.ok, report.failed_check) == (True, None)


def test_a_document_id_that_is_not_text_is_not_reported_as_one() -> None:
    bundle = good()
    bundle["text"]["document_id"] = 7
    bundle["adoption_record"]["text_sha256"] = text_sha(bundle)
    report = s.verify_bundle(resigned(bundle))
    assert (report.failed_check, report.document_id) == ("adoption-record", None)


# --- validity edges: valid-from inclusive, valid-until exclusive ------------------------------


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "ok"),
    [
        (when(60), None, True),  # from the very instant of signing
        (c.format_time(ADOPTED_AT + timedelta(minutes=60, microseconds=1)), None, False),
        (when(0), when(60), False),  # until the instant of signing: no longer valid
        (when(0), c.format_time(ADOPTED_AT + timedelta(minutes=60, microseconds=1)), True),
        (when(0), when(61), True),
    ],
)
def test_a_key_is_valid_from_its_first_instant_until_just_before_its_last(
    valid_from: str, valid_until: str | None, ok: bool
) -> None:
    bundle = resigned(unsigned(), KAZ=when(60))
    key_of(bundle, "KAZ").update(valid_from=valid_from, valid_until=valid_until)
    report = s.verify_bundle(bundle)
    assert (report.ok, report.failed_check) == (ok, None if ok else "key-validity")


# --- malformed bundles are reported, never raised -----------------------------------------------


def _with(path: tuple[Any, ...], value: Any) -> Any:
    def change(bundle: dict[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(bundle)
        target = out
        for step in path[:-1]:
            target = target[step]
        if value is _DROP:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return out

    return change


_DROP = object()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_with(("format",), None), "unknown bundle format None"),
        (_with(("text",), []), "text is missing or has the wrong type"),
        (_with(("text", "paragraphs"), {}), "text.paragraphs is missing or has the wrong type"),
        (_with(("adoption_record",), "x"), "adoption_record is missing or has the wrong type"),
        (
            _with(("adoption_record", "text_sha256"), 5),
            "adoption_record.text_sha256 is missing or has the wrong type",
        ),
        (_with(("signatures",), {}), "signatures is missing or has the wrong type"),
        (_with(("public_keys",), None), "public_keys is missing or has the wrong type"),
        (_with(("signatures", 0), "KAZ"), "signatures[0] is missing or has the wrong type"),
        (
            _with(("signatures", 1, "state"), _DROP),
            "signatures[1].state is missing or has the wrong type",
        ),
        (
            _with(("signatures", 0, "key_fingerprint"), 1),
            "signatures[0].key_fingerprint is missing or has the wrong type",
        ),
        (
            _with(("signatures", 0, "signature"), None),
            "signatures[0].signature is missing or has the wrong type",
        ),
        (
            _with(("signatures", 0, "adoption_record_sha256"), []),
            "signatures[0].adoption_record_sha256 is missing or has the wrong type",
        ),
        (
            _with(("signatures", 0, "signed_at"), 1626339600),
            "signatures[0].signed_at is missing or has the wrong type",
        ),
        (
            _with(("signatures", 0, "signed_at"), "2021-07-15 11:00"),
            "signatures[0].signed_at: '2021-07-15 11:00' is not a UTC time like "
            "2021-07-15T09:00:00.000000Z",
        ),
        (_with(("public_keys", 2), 3), "public_keys[2] is missing or has the wrong type"),
        (
            _with(("public_keys", 0, "state"), None),
            "public_keys[0].state is missing or has the wrong type",
        ),
        (
            _with(("public_keys", 0, "fingerprint"), _DROP),
            "public_keys[0].fingerprint is missing or has the wrong type",
        ),
        (
            _with(("public_keys", 0, "public_key"), 0),
            "public_keys[0].public_key is missing or has the wrong type",
        ),
        (
            _with(("public_keys", 1, "public_key"), base64.b64encode(b"k" * 31).decode()),
            "public_keys[1]: the public key must be 32 bytes, not 31",
        ),
        (
            _with(("public_keys", 0, "valid_from"), None),
            "public_keys[0].valid_from is missing or has the wrong type",
        ),
        (
            _with(("public_keys", 1, "valid_until"), "tomorrow"),
            "public_keys[1].valid_until: 'tomorrow' is not a UTC time like "
            "2021-07-15T09:00:00.000000Z",
        ),
        (
            _with(("public_keys", 1, "valid_until"), 20210716),
            "public_keys[1].valid_until is missing or has the wrong type",
        ),
        (
            _with(("public_keys", 1, "valid_until"), "2021-02-30T00:00:00.000000Z"),
            "public_keys[1].valid_until: '2021-02-30T00:00:00.000000Z' is not a valid time",
        ),
    ],
)
def test_a_malformed_part_fails_bundle_format_naming_it(change: Any, message: str) -> None:
    report = s.verify_bundle(change(good()))
    assert (report.ok, report.failed_check, report.message) == (False, "bundle-format", message)
    assert report.checks == (s.CheckResult("bundle-format", False, message),)
    assert (report.document_id, report.revision, report.adopted_by, report.signed_by) == (
        None,
        None,
        (),
        (),
    )


def test_a_key_without_an_end_of_validity_is_well_formed() -> None:
    bundle = good()
    key_of(bundle, "KAZ").pop("valid_until")
    assert s.verify_bundle(bundle).ok is True


def test_bytes_and_text_of_the_bundle_verify_alike() -> None:
    raw = json.dumps(good())
    assert s.verify_bundle(raw) == s.verify_bundle(raw.encode()) == s.verify_bundle(good())
    assert s.verify_bundle(bytearray(raw.encode())) == s.verify_bundle(good())  # type: ignore[arg-type]
    report = s.verify_bundle(b"\xff not json")
    assert (report.failed_check, report.message.startswith("the bundle is not JSON")) == (
        "bundle-format",
        True,
    )


SCALAR = st.none() | st.booleans() | st.integers(-(2**60), 2**60) | st.floats() | st.text()
JSON = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            out += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            out += _paths(inner, (*prefix, index))
    return out


GOOD = good()
PATHS = _paths(GOOD)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATHS), JSON | st.just(_DROP)), min_size=1, max_size=3))
def test_no_malformed_bundle_makes_verification_raise(
    changes: list[tuple[tuple[Any, ...], Any]],
) -> None:
    bundle = copy.deepcopy(GOOD)
    for path, value in changes:
        try:
            bundle = _with(path, value)(bundle)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the path
    report = s.verify_bundle(bundle)
    assert report.failed_check in (None, *s.CHECKS)
    assert report.ok is (report.failed_check is None)
    assert [r.name for r in report.checks] == list(RUN[: len(report.checks)])
    assert all(r.passed for r in report.checks[:-1])


# --- the verifier's policy checks: reported alongside, stopping only where documented -----------


def trust_pinning(bundle: dict[str, Any], *, leave_out: str = "") -> s.Trust:
    states: dict[str, list[dict[str, Any]]] = {}
    for key in bundle["public_keys"]:
        if key["state"] != leave_out:
            states.setdefault(key["state"], []).append(key)
    return s.parse_trust_file(
        s.make_trust_file(origin="accord.test", exported_at=T0, states=states, log_keys=[])
    )


def test_an_untrusted_key_is_reported_and_the_checks_after_it_still_run() -> None:
    bundle = _signature_over_another_time()  # KAZ's signature is also invalid
    report = s.verify_bundle(bundle, trust=trust_pinning(bundle, leave_out="UN"))
    assert [(r.name, r.passed) for r in report.checks] == [
        ("bundle-format", True),
        ("language-version", True),
        ("text-hash", True),
        ("adoption-record", True),
        ("unknown-key", True),
        ("key-not-trusted", False),
        ("signature", False),
    ]
    assert [f.name for f in report.failures] == ["key-not-trusted", "signature"]
    assert (report.failed_check, report.pinned) == ("key-not-trusted", True)


def test_a_signer_that_did_not_adopt_stops_the_run_before_missing_signatures() -> None:
    report = s.verify_bundle(_signed_by_a_non_adopter(), require_signatures=True)
    assert [f.name for f in report.failures] == ["signer-not-adopter"]
    assert report.checks[-1].name == "signer-not-adopter"


def test_missing_signatures_are_named_after_every_other_check_held() -> None:
    report = s.verify_bundle(good(), require_signatures=True)
    assert [(r.name, r.passed) for r in report.checks][-2:] == [
        ("signer-not-adopter", True),
        ("signature-missing", False),
    ]
    assert report.message == (
        "no signature from CHN, UZB, which the adoption record names as adopting the text"
    )


def test_a_failed_check_reads_as_its_message() -> None:
    failure = CheckFailed("text-hash", "the text differs from the text that was adopted")
    assert (str(failure), failure.check) == (failure.message, "text-hash")

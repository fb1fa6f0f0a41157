"""Root keys, signed rosters, revocations, signed acts and recomputing the outcome (issue 12)."""

from __future__ import annotations

import base64
import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain import consensus as c
from accord.domain import signing as s
from accord.domain.errors import InvalidInput
from accord.domain.negotiation import ParagraphKind, adopted_text, new_draft

T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
MEMBERS = ("CHN", "KAZ", "RUS")


def key(n: int) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes([n]) * 32)


ROOTS = {state: key(10 + i) for i, state in enumerate(MEMBERS)}
HEADS = {state: key(20 + i) for i, state in enumerate(MEMBERS)}
DELEGATES = {state: key(30 + i) for i, state in enumerate(MEMBERS)}
PEOPLE = {f"{st_.lower()}-{role}": st_ for st_ in MEMBERS for role in ("head", "delegate")}


def b64(k: Ed25519PrivateKey) -> str:
    return s.public_key_b64(k.public_key())


def roots() -> list[s.RootKey]:
    return [s.make_root_key(state, ROOTS[state], T0 - timedelta(days=30)) for state in MEMBERS]


def roster(state: str, sequence: int = 1, at: datetime | None = None) -> s.Roster:
    code = state.lower()
    return s.Roster(
        state=state,
        sequence=sequence,
        effective_at=at or T0 - timedelta(days=1),
        persons=(
            s.RosterPerson(f"{code}-head", "head", (b64(HEADS[state]),)),
            s.RosterPerson(f"{code}-delegate", "delegate", (b64(DELEGATES[state]),)),
        ),
    )


def accept(signed: Any, current: s.Roster | None = None, state: str = "CHN") -> s.Roster:
    return s.accept_roster(
        signed, state=state, roots=roots(), current=current, person_states=PEOPLE
    )


# --- rosters ---------------------------------------------------------------------------------


def test_a_roster_signed_by_the_state_root_takes_effect() -> None:
    taken = accept(s.sign_roster(roster("CHN"), ROOTS["CHN"]))
    assert taken == roster("CHN")
    assert taken.person("chn-head") is not None
    assert s.roster_from_dict(taken.to_dict()) == taken


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("signed by another root", "roster-signature"),
        ("signed by the secretariat", "roster-signature"),
        ("signature altered", "roster-signature"),
        ("person added after signing", "roster-signature"),
        ("not a roster", "roster-format"),
        ("for another state", "roster-format"),
        ("person of another state", "roster-foreign-person"),
        ("unknown person", "roster-foreign-person"),
    ],
)
def test_a_roster_the_state_did_not_sign_as_it_is_is_refused(change: str, code: str) -> None:
    signed = s.sign_roster(roster("CHN"), ROOTS["CHN"])
    if change == "signed by another root":
        signed = s.sign_roster(roster("CHN"), ROOTS["RUS"])
    elif change == "signed by the secretariat":
        signed = s.sign_roster(roster("CHN"), key(99))
    elif change == "signature altered":
        raw = bytearray(base64.b64decode(signed["signature"]))
        raw[0] ^= 1
        signed["signature"] = base64.b64encode(bytes(raw)).decode()
    elif change == "person added after signing":
        signed["roster"]["persons"].append(
            {"person": "chn-delegate2", "role": "head", "public_keys": [b64(key(98))]}
        )
    elif change == "not a roster":
        signed = {"roster": {"format": "x"}}
    elif change == "for another state":
        signed = s.sign_roster(roster("RUS"), ROOTS["RUS"])
    else:
        doc = roster("CHN").to_dict()
        doc["persons"][1]["person"] = "rus-head" if "another" in change else "nobody"
        signed = s.sign_roster(doc, ROOTS["CHN"])
    with pytest.raises(s.CredentialRefused) as refused:
        accept(signed)
    assert refused.value.code == code
    assert code in s.ROSTER_REFUSALS


def test_a_roster_backdated_before_the_one_in_force_is_refused() -> None:
    current = roster("CHN", 2, T0)
    for sequence, at in ((2, T0 + timedelta(days=1)), (3, T0), (3, T0 - timedelta(days=2))):
        with pytest.raises(s.CredentialRefused) as refused:
            accept(s.sign_roster(roster("CHN", sequence, at), ROOTS["CHN"]), current)
        assert refused.value.code == "roster-backdated"
    later = roster("CHN", 3, T0 + timedelta(days=1))
    assert accept(s.sign_roster(later, ROOTS["CHN"]), current) == later


def test_a_roster_signed_by_a_revoked_root_is_refused() -> None:
    root_fp = s.fingerprint(ROOTS["CHN"].public_key())
    revocation = s.Revocation("CHN", root_fp, "compromise", T0)
    signed = s.sign_revocation(revocation, ROOTS["CHN"])
    assert s.accept_revocation(signed, state="CHN", roots=roots()) == revocation
    after = s.revoke_root(roots(), revocation)
    doc = s.sign_roster(roster("CHN", 2, T0 + timedelta(hours=1)), ROOTS["CHN"])
    with pytest.raises(s.CredentialRefused) as refused:
        s.accept_roster(doc, state="CHN", roots=after, current=None, person_states=PEOPLE)
    assert refused.value.code == "root-revoked"


def test_a_rotated_root_hands_over_and_the_old_one_signs_nothing_after() -> None:
    new_root = key(77)
    statement = s.rotation_statement("CHN", b64(new_root), T0)
    after = s.accept_rotation(s.sign_rotation(statement, ROOTS["CHN"]), state="CHN", roots=roots())
    late = roster("CHN", 2, T0 + timedelta(hours=1))
    ok = s.accept_roster(
        s.sign_roster(late, new_root), state="CHN", roots=after, current=None, person_states=PEOPLE
    )
    assert ok == late
    with pytest.raises(s.CredentialRefused) as refused:
        s.accept_roster(
            s.sign_roster(late, ROOTS["CHN"]),
            state="CHN",
            roots=after,
            current=None,
            person_states=PEOPLE,
        )
    assert refused.value.code == "root-revoked"
    forged = s.sign_rotation(s.rotation_statement("CHN", b64(key(78)), T0), key(99))
    with pytest.raises(s.CredentialRefused):
        s.accept_rotation(forged, state="CHN", roots=roots())


@settings(max_examples=25, deadline=None)
@given(st.binary(min_size=1, max_size=64), st.integers(min_value=0, max_value=511))
def test_any_change_to_the_signed_bytes_is_caught(noise: bytes, position: int) -> None:
    signed = s.sign_roster(roster("CHN"), ROOTS["CHN"])
    raw = bytearray(base64.b64decode(signed["signature"]))
    raw[position % 64] ^= noise[0] or 1
    signed["signature"] = base64.b64encode(bytes(raw)).decode()
    with pytest.raises(s.CredentialRefused):
        accept(signed)


# --- signed acts and the outcome they produce ------------------------------------------------


def _revision() -> Any:
    return new_draft(
        document_id="tashkent-2021",
        title="Joint statement",
        chair="KAZ",
        paragraphs=[
            (ParagraphKind.PREAMBULAR, "Recalling the Charter of the United Nations,"),
            (ParagraphKind.OPERATIVE, "We welcome the regional security dialogue."),
        ],
    )


def _challenge(state: str, at: datetime, p: c.Procedure, nonce: str) -> dict[str, Any]:
    return s.make_challenge(
        nonce=nonce,
        issued_at=at,
        expires_at=at + s.CHALLENGE_LIFETIME,
        person=f"{state.lower()}-head",
        state=state,
        document_id=p.document_id,
        revision=p.revision,
        text_sha256=p.text_hash,
    )


def adopted_bundle(
    signer: dict[str, Ed25519PrivateKey] | None = None,
) -> dict[str, Any]:
    """A consensus adoption: every member approves with a signed act; RUS dissociates."""
    revision = _revision()
    p = c.open_procedure(
        revision, kind=c.ProcedureKind.CONSENSUS, members=MEMBERS, chair="KAZ", now=T0
    )
    acts = []
    steps = [("CHN", "approve", []), ("RUS", "approve", []), ("RUS", "explain", ["OP1"])]
    steps.append(("KAZ", "approve", []))
    for i, (state, act, paragraphs) in enumerate(steps):
        at = T0 + timedelta(minutes=i + 1)
        challenge = _challenge(state, at, p, f"nonce-{i}")
        statement = s.act_statement(challenge, act=act, dissociated_from=paragraphs)
        signed = s.sign_act(statement, (signer or HEADS)[state])
        accepted = at + timedelta(seconds=5)
        if act == "approve":
            p = c.approve(p, state, accepted)
        else:
            p = c.explain_position(p, state, accepted, text="", dissociate_from=paragraphs)
        acts.append(
            {
                "state": state,
                "act": act,
                "at": c.format_time(accepted),
                "reason": "",
                "confirm_by": None,
                "dissociated_from": paragraphs,
                "signed": signed,
            }
        )
    record = c.adoption_record(p, p.last_act_at or T0)
    bundle = s.make_bundle(adopted_text(revision), record, [])
    bundle["signed_acts"] = s.acts_section(
        procedure={"members": list(MEMBERS), "observers": [], "chair": "KAZ", "deadline": None},
        roots=roots(),
        rosters=[s.sign_roster(roster(state), ROOTS[state]) for state in MEMBERS],
        revocations=[],
        acts=acts,
    )
    return bundle


def failed(bundle: Any, trust: Any = None) -> str | None:
    return s.verify_bundle(bundle, trust=trust).failed_check


def test_the_outcome_recomputed_from_the_signed_acts_is_the_record() -> None:
    report = s.verify_bundle(adopted_bundle())
    assert report.ok, report.message
    assert any("4 signed act(s)" in check.detail for check in report.checks)


def test_an_act_altered_after_signing_fails_act_signature() -> None:
    bundle = adopted_bundle()
    bundle["signed_acts"]["acts"][0]["signed"]["act"]["reason"] = "a forged reason"
    assert failed(bundle) == "act-signature"
    bundle = adopted_bundle()
    bundle["signed_acts"]["acts"][1]["act"] = "object"
    assert failed(bundle) == "act-signature"


def test_an_unsigned_act_of_a_state_with_a_root_fails_act_signature() -> None:
    bundle = adopted_bundle()
    bundle["signed_acts"]["acts"][2]["signed"] = None
    assert failed(bundle) == "act-signature"


def test_an_act_by_someone_not_on_the_roster_fails() -> None:
    bundle = adopted_bundle(signer={**HEADS, "RUS": key(66)})
    assert failed(bundle) == "act-not-on-roster"
    bundle = adopted_bundle(signer={**HEADS, "RUS": DELEGATES["RUS"]})
    assert failed(bundle) == "act-not-on-roster"


def test_a_key_revoked_before_it_signed_fails_and_one_revoked_after_is_noted() -> None:
    bundle = adopted_bundle()
    chn_key = s.fingerprint(HEADS["CHN"].public_key())
    early = s.Revocation("CHN", chn_key, "compromise", T0)
    bundle["signed_acts"]["revocations"] = [s.sign_revocation(early, ROOTS["CHN"])]
    assert failed(bundle) == "key-revoked"
    late = s.Revocation("CHN", chn_key, "left-office", T0 + timedelta(days=1))
    bundle["signed_acts"]["revocations"] = [s.sign_revocation(late, ROOTS["CHN"])]
    report = s.verify_bundle(bundle)
    assert report.ok
    assert any("before its key was revoked" in check.detail for check in report.checks)


def test_an_act_recorded_outside_its_challenge_fails_act_time() -> None:
    bundle = adopted_bundle()
    bundle["signed_acts"]["acts"][0]["at"] = c.format_time(T0 + timedelta(hours=5))
    assert failed(bundle) == "act-time"


def test_a_suppressed_act_or_a_record_that_does_not_follow_fails_outcome_mismatch() -> None:
    bundle = adopted_bundle()
    del bundle["signed_acts"]["acts"][3]  # KAZ's approval left out: not adopted
    assert failed(bundle) == "outcome-mismatch"
    bundle = adopted_bundle()
    bundle["signed_acts"]["procedure"]["members"].append("UZB")  # a member who never approved
    assert failed(bundle) == "outcome-mismatch"


def test_a_root_the_trust_file_does_not_pin_is_refused_and_pinned_roots_demand_acts() -> None:
    bundle = adopted_bundle()
    pinned = {state: [r.to_dict()] for state, r in zip(MEMBERS, roots(), strict=True)}
    trust_doc = s.make_trust_file(
        origin="test", exported_at=T0, states={}, log_keys=[], roots=pinned
    )
    trust = s.parse_trust_file(trust_doc)
    assert failed(bundle, trust) is None
    other = copy.deepcopy(trust_doc)
    other["states"]["CHN"]["root_keys"] = [
        {"fingerprint": s.fingerprint(key(55).public_key()), "public_key": b64(key(55))}
    ]
    assert failed(bundle, s.parse_trust_file(other)) == "key-not-trusted"
    stripped = adopted_bundle()
    stripped["signed_acts"]["roots"] = []  # the host hides the roots: acts still must be signed
    stripped["signed_acts"]["rosters"] = []
    for act in stripped["signed_acts"]["acts"]:
        act["signed"] = None
    assert failed(stripped, trust) == "act-signature"


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=3), st.sampled_from(["state", "act", "reason"]))
def test_any_act_changed_in_the_bundle_is_caught(index: int, field: str) -> None:
    bundle = adopted_bundle()
    act = bundle["signed_acts"]["acts"][index]
    act[field] = {"state": "KAZ" if act["state"] != "KAZ" else "CHN", "act": "object"}.get(
        field, "changed"
    )
    assert failed(bundle) in s.ACT_CHECKS


def test_a_roster_names_legal_linguistic_reviewers_beside_their_role() -> None:
    key = b64(HEADS["KAZ"])
    data = {
        "format": s.ROSTER_FORMAT, "state": "KAZ", "sequence": 1,
        "effective_at": "2021-07-01T00:00:00.000000Z",
        "persons": [
            {"person": "kaz-delegate", "role": "delegate", "public_keys": [key],
             "reviews": ["zh", "ru"]},
            {"person": "kaz-head", "role": "head", "public_keys": [key]},
        ],
    }  # fmt: skip
    roster = s.roster_from_dict(data)
    assert [(p.person, p.role, p.reviews) for p in roster.persons] == [
        ("kaz-delegate", "delegate", ("zh", "ru")),
        ("kaz-head", "head", ()),
    ]
    # A person who reviews nothing is written as before: earlier signatures still hold.
    assert roster.to_dict()["persons"][1] == {
        "person": "kaz-head",
        "role": "head",
        "public_keys": [key],
    }
    assert roster.to_dict() == data
    for wrong in (["fr"], ["zh", "zh"], "zh"):
        data["persons"][0]["reviews"] = wrong
        with pytest.raises(
            InvalidInput, match=r"persons\[0\]\.reviews lists languages among en, zh, ru"
        ):
            s.roster_from_dict(data)

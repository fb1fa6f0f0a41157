"""A state under its roster signs the adopted text through its head, over a challenge
(issue 12): refused for anyone not on the roster, for a revoked key, a replayed or foreign
challenge, a state key; a signature forged in the database fails `accord verify`."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from accord.domain import signing
from accord.domain.errors import DomainError
from accord.members import rosters
from accord.members import services as member_services
from accord.negotiation import selectors, services
from accord.negotiation.models import Signature
from accord.negotiation.signing_cli import verify_command

MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")


@pytest.fixture
def adopted_under_rosters(region: Any, draft: Any, capitals: Any) -> Any:
    capitals.accede(*MEMBERS)
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in MEMBERS:
        head = region.head(code)
        services.approve(
            actor=head,
            document_id=document.pk,
            signed=capitals.signed(head, document.pk, "approve"),
        )
    document.refresh_from_db()
    assert document.status == "adopted"
    return document


def refused(table_counts: Any, call: Any) -> str:
    before = table_counts()
    with pytest.raises(DomainError) as error:
        call()
    assert table_counts() == before, "a refused signature changed something"
    return error.value.code


def verify(bundle: dict[str, Any], tmp_path: Path, *flags: str) -> tuple[int, str]:
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    out, err = io.StringIO(), io.StringIO()
    # The ledger proof is the transparency log's own matter (issue 13), not checked here.
    code = verify_command(
        path, out, err, allow_unsigned="--allow-unsigned" in flags, predates_log=True
    )
    return code, out.getvalue() + err.getvalue()


def sign_all(region: Any, capitals: Any, document: Any) -> None:
    for code in MEMBERS:
        head = region.head(code)
        services.submit_signature(
            actor=head,
            document_id=document.pk,
            signature=capitals.text_signature(head, document.pk),
        )


def test_every_head_signs_the_text_and_the_bundle_verifies(
    region: Any, adopted_under_rosters: Any, capitals: Any, tmp_path: Path
) -> None:
    document = adopted_under_rosters
    sign_all(region, capitals, document)
    rows = {s.state_id: s for s in Signature.objects.filter(document=document)}
    assert sorted(rows) == list(MEMBERS)
    assert rows["KAZ"].person == "kaz-head" and rows["KAZ"].key_id is None
    bundle = selectors.get_bundle(region.delegate("KAZ"), document.pk)
    assert bundle["signatures"] == []  # no state key signed
    assert [s["state"] for s in bundle["signed_acts"]["signatures"]] == list(MEMBERS)
    report = signing.verify_bundle(bundle, require_signatures=True)
    assert report.ok, report.message
    assert [state for state, _fp in report.signed_by] == list(MEMBERS)
    code, text = verify(bundle, tmp_path)
    # Every check holds; only the verifier's own pins are missing (no trust file given).
    fails = [line.split(":")[0] for line in text.splitlines() if line.startswith("FAIL")]
    assert (code, fails) == (1, ["FAIL key-not-trusted"])


def test_a_head_made_by_the_secretariat_cannot_sign_the_text(
    region: Any, adopted_under_rosters: Any, capitals: Any, table_counts: Any
) -> None:
    document = adopted_under_rosters
    impostor = member_services.add_person(
        actor=region.secretariat, username="kaz-head-2", password="x" * 20, role="head",
        state_code="KAZ",
    )  # fmt: skip
    assert (
        refused(
            table_counts,
            lambda: services.issue_signature_challenge(actor=impostor, document_id=document.pk),
        )
        == "act-not-on-roster"
    )
    # With a challenge taken by the real head and a key of the impostor's own.
    real = capitals.text_signature(region.head("KAZ"), document.pk)
    forged = signing.sign_act(dict(real["act"], person="kaz-head-2"), Ed25519PrivateKey.generate())
    code = refused(
        table_counts,
        lambda: services.submit_signature(
            actor=impostor, document_id=document.pk, signature=forged
        ),
    )
    assert code == "act-not-on-roster"
    # The delegate, on the roster but not as head, cannot sign either (the platform's own
    # rule answers first).
    delegate = region.delegate("KAZ")
    assert (
        refused(
            table_counts,
            lambda: services.issue_signature_challenge(actor=delegate, document_id=document.pk),
        )
        == "not_permitted"
    )


def test_a_state_key_no_longer_signs_for_a_state_under_its_roster(
    region: Any, adopted_under_rosters: Any, keys: Any, table_counts: Any
) -> None:
    document = adopted_under_rosters
    head = region.head("KAZ")
    bundle = selectors.get_bundle(head, document.pk)
    signed = signing.sign_bundle(bundle, keys["KAZ"], "KAZ", timezone.now())
    code = refused(
        table_counts,
        lambda: services.submit_signature(
            actor=head, document_id=document.pk, signature=services.signature_from(signed, head)
        ),
    )
    assert code == "act-signature"


def test_replayed_foreign_and_tampered_signatures_are_refused(
    region: Any, adopted_under_rosters: Any, capitals: Any, draft: Any, table_counts: Any
) -> None:
    document = adopted_under_rosters
    head = region.head("KGZ")
    signed = capitals.text_signature(head, document.pk)
    services.submit_signature(actor=head, document_id=document.pk, signature=signed)
    assert (
        refused(
            table_counts,
            lambda: services.submit_signature(
                actor=head, document_id=document.pk, signature=signed
            ),
        )
        == "act-replayed"
    )
    # A challenge for another document's signature does not sign this one.
    other = draft(title="Another statement")
    services.open_adoption(actor=region.chair, document_id=other.pk, kind="consensus")
    for code in MEMBERS:
        h = region.head(code)
        services.approve(
            actor=h, document_id=other.pk, signed=capitals.signed(h, other.pk, "approve")
        )
    elsewhere = capitals.text_signature(head, other.pk)
    assert (
        refused(
            table_counts,
            lambda: services.submit_signature(
                actor=head, document_id=document.pk, signature=elsewhere
            ),
        )
        == "act-revision"
    )
    # The statement altered after signing (another text hash) does not verify.
    fresh = capitals.text_signature(head, document.pk)
    fresh["act"]["text_sha256"] = "0" * 64
    assert (
        refused(
            table_counts,
            lambda: services.submit_signature(actor=head, document_id=document.pk, signature=fresh),
        )
        == "act-mismatch"
    )
    # Someone else's key on the roster: not this person's.
    wrong_key = capitals.text_signature(head, document.pk, key=capitals.people["kgz-delegate"])
    assert (
        refused(
            table_counts,
            lambda: services.submit_signature(
                actor=head, document_id=document.pk, signature=wrong_key
            ),
        )
        == "act-not-on-roster"
    )


def test_a_revoked_key_signs_nothing_after_its_revocation(
    region: Any, adopted_under_rosters: Any, capitals: Any, table_counts: Any
) -> None:
    document = adopted_under_rosters
    head = region.head("TJK")
    key = capitals.people["tjk-head"]
    revocation = signing.Revocation(
        "TJK", signing.fingerprint(key.public_key()), "compromise",
        timezone.now() - timedelta(seconds=1),
    )  # fmt: skip
    rosters.submit_key_statement(
        actor=region.secretariat,
        state_code="TJK",
        signed=signing.sign_revocation(revocation, capitals.roots["TJK"]),
    )
    signed = capitals.text_signature(head, document.pk)
    code = refused(
        table_counts,
        lambda: services.submit_signature(actor=head, document_id=document.pk, signature=signed),
    )
    assert code == "key-revoked"


def test_a_signature_forged_in_the_database_fails_verify(
    region: Any, adopted_under_rosters: Any, capitals: Any, tmp_path: Path
) -> None:
    document = adopted_under_rosters
    sign_all(region, capitals, document)
    # The host rewrites UZB's signature in the database with a key of its own.
    row = Signature.objects.get(document=document, state_id="UZB")
    forged = signing.sign_act(row.signed["act"], Ed25519PrivateKey.generate())
    Signature.objects.filter(pk=row.pk).update(
        signed=dict(row.signed, signature=forged["signature"])
    )
    bundle = selectors.get_bundle(region.delegate("KAZ"), document.pk)
    code, text = verify(bundle, tmp_path)
    assert code == 1 and "FAIL act-signature" in text and "UZB" in text
    # Or drops it and claims the state signed with a state key it registered itself.
    Signature.objects.filter(pk=row.pk).delete()
    bundle = selectors.get_bundle(region.delegate("KAZ"), document.pk)
    host_key = Ed25519PrivateKey.generate()
    bundle["public_keys"].append(
        {"state": "UZB", "fingerprint": signing.fingerprint(host_key.public_key()),
         "public_key": signing.public_key_b64(host_key.public_key()),
         "valid_from": "2000-01-01T00:00:00.000000Z", "valid_until": None}
    )  # fmt: skip
    bundle = signing.sign_bundle(bundle, host_key, "UZB", timezone.now())
    code, text = verify(bundle, tmp_path)
    assert code == 1 and "FAIL act-not-on-roster" in text

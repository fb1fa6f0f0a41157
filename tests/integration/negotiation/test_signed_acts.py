"""Acts that speak for a state are signed by a head on its root-signed roster (issue 12)."""

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
from accord.members.models import ActChallenge, RootKey
from accord.negotiation import selectors, services
from accord.negotiation.models import AdoptionAct, SignedAct
from accord.negotiation.signing_cli import verify_command

MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")


@pytest.fixture
def opened(region: Any, draft: Any, capitals: Any) -> Any:
    capitals.accede(*MEMBERS)
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    return document


def approve_all(region: Any, capitals: Any, document: Any) -> None:
    for code in MEMBERS:
        head = region.head(code)
        services.approve(
            actor=head,
            document_id=document.pk,
            signed=capitals.signed(head, document.pk, "approve"),
        )


def refused(table_counts: Any, call: Any) -> str:
    before = table_counts()
    with pytest.raises(DomainError) as error:
        call()
    assert table_counts() == before, "a refused act changed something"
    return error.value.code


def test_signed_acts_adopt_the_text_and_the_bundle_recomputes_it(
    region: Any, opened: Any, capitals: Any
) -> None:
    head = region.head("KGZ")
    services.approve(
        actor=head, document_id=opened.pk, signed=capitals.signed(head, opened.pk, "approve")
    )
    services.dissociate(
        actor=head,
        document_id=opened.pk,
        paragraphs=["OP2"],
        text="We keep our view.",
        signed=capitals.signed(
            head, opened.pk, "dissociate", reason="We keep our view.", paragraphs=["OP2"]
        ),
    )
    for code in ("KAZ", "TJK", "UZB"):
        other = region.head(code)
        services.approve(
            actor=other, document_id=opened.pk, signed=capitals.signed(other, opened.pk, "approve")
        )
    opened.refresh_from_db()
    assert opened.status == "adopted"
    assert SignedAct.objects.count() == 5
    bundle = selectors.get_bundle(region.delegate("KAZ"), opened.pk)
    report = signing.verify_bundle(bundle)
    assert report.ok, report.message
    assert len(bundle["signed_acts"]["acts"]) == 5
    assert len(bundle["signed_acts"]["rosters"]) == 4


def test_an_unsigned_act_of_a_state_under_a_roster_is_refused(
    region: Any, opened: Any, table_counts: Any
) -> None:
    code = refused(
        table_counts, lambda: services.approve(actor=region.head("KAZ"), document_id=opened.pk)
    )
    assert code == "act-signature"


def test_a_replayed_challenge_is_refused(
    region: Any, opened: Any, capitals: Any, table_counts: Any
) -> None:
    head = region.head("KAZ")
    signed = capitals.signed(head, opened.pk, "approve")
    services.approve(actor=head, document_id=opened.pk, signed=signed)
    code = refused(
        table_counts, lambda: services.approve(actor=head, document_id=opened.pk, signed=signed)
    )
    assert code == "act-replayed"


def test_a_signed_act_for_another_act_or_revision_is_refused(
    region: Any, opened: Any, capitals: Any, table_counts: Any
) -> None:
    head = region.head("KAZ")
    approve = capitals.signed(head, opened.pk, "approve")
    assert (
        refused(
            table_counts,
            lambda: services.object_to(
                actor=head, document_id=opened.pk, reason="No.", signed=approve
            ),
        )
        == "act-mismatch"
    )
    other = capitals.signed(head, opened.pk, "approve")
    statement = dict(other["act"], revision=99)
    forged = signing.sign_act(statement, capitals.people["kaz-head"])
    assert (
        refused(
            table_counts, lambda: services.approve(actor=head, document_id=opened.pk, signed=forged)
        )
        == "act-mismatch"
    )


def test_an_expired_challenge_is_refused(
    region: Any, opened: Any, capitals: Any, table_counts: Any
) -> None:
    head = region.head("KAZ")
    signed = capitals.signed(head, opened.pk, "approve")
    ActChallenge.objects.filter(nonce=signed["act"]["nonce"]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert (
        refused(
            table_counts, lambda: services.approve(actor=head, document_id=opened.pk, signed=signed)
        )
        == "act-challenge-expired"
    )


def test_a_bad_signature_or_a_key_not_on_the_roster_is_refused(
    region: Any, opened: Any, capitals: Any, table_counts: Any
) -> None:
    head = region.head("KAZ")
    stranger = capitals.signed(head, opened.pk, "approve", key=Ed25519PrivateKey.generate())
    assert (
        refused(
            table_counts,
            lambda: services.approve(actor=head, document_id=opened.pk, signed=stranger),
        )
        == "act-not-on-roster"
    )
    signed = capitals.signed(head, opened.pk, "approve")
    signed["signature"] = signing.sign_act(signed["act"], Ed25519PrivateKey.generate())["signature"]
    assert (
        refused(
            table_counts, lambda: services.approve(actor=head, document_id=opened.pk, signed=signed)
        )
        == "act-signature"
    )


def test_a_revoked_key_signs_nothing(
    region: Any, opened: Any, capitals: Any, table_counts: Any
) -> None:
    head = region.head("KAZ")
    fp = signing.fingerprint(capitals.people["kaz-head"].public_key())
    revocation = signing.Revocation("KAZ", fp, "compromise", timezone.now() - timedelta(minutes=1))
    rosters.submit_key_statement(
        actor=region.secretariat,
        state_code="KAZ",
        signed=signing.sign_revocation(revocation, capitals.roots["KAZ"]),
    )
    signed = capitals.signed(head, opened.pk, "approve")
    assert (
        refused(
            table_counts, lambda: services.approve(actor=head, document_id=opened.pk, signed=signed)
        )
        == "key-revoked"
    )


def test_rosters_refused_for_their_reason_and_proposals_change_nothing(
    region: Any, capitals: Any
) -> None:
    capitals.accede("KAZ")
    forged = signing.sign_roster(capitals.roster("KAZ"), Ed25519PrivateKey.generate())
    with pytest.raises(DomainError) as error:
        rosters.submit_roster(actor=region.secretariat, state_code="KAZ", signed=forged)
    assert error.value.code == "roster-signature"
    foreign = capitals.roster("KAZ").to_dict()
    foreign["persons"][0]["person"] = "kgz-head"
    with pytest.raises(DomainError) as error:
        rosters.submit_roster(
            actor=region.secretariat,
            state_code="KAZ",
            signed=signing.sign_roster(foreign, capitals.roots["KAZ"]),
        )
    assert error.value.code == "roster-foreign-person"
    before = rosters.current_roster("KAZ")
    proposal = capitals.roster("KAZ", **{"kaz-delegate": "head"}).to_dict()
    rosters.propose_roster(actor=region.secretariat, state_code="KAZ", roster=proposal)
    assert rosters.current_roster("KAZ") == before
    with pytest.raises(DomainError) as error:
        rosters.register_root_key(
            actor=region.secretariat,
            state_code="KAZ",
            public_key=signing.public_key_b64(Ed25519PrivateKey.generate().public_key()),
        )
    assert error.value.code == "root-registered"
    assert RootKey.objects.filter(state_id="KAZ").count() == 1


def test_an_act_forged_in_the_database_fails_accord_verify(
    region: Any, opened: Any, capitals: Any, tmp_path: Path
) -> None:
    approve_all(region, capitals, opened)
    row = AdoptionAct.objects.get(state_id="TJK")
    forged = SignedAct.objects.get(act=row)
    forged.signed["act"]["reason"] = "inserted by the host"
    forged.save()
    AdoptionAct.objects.filter(pk=row.pk).update(reason="inserted by the host")
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(selectors.get_bundle(region.delegate("KAZ"), opened.pk)))
    out, err = io.StringIO(), io.StringIO()
    assert verify_command(path, out, err, allow_unsigned=True) == 1
    assert "FAIL act-signature" in err.getvalue()


def test_the_exported_trust_file_pins_the_roots_and_the_bundle_verifies_against_it(
    region: Any, opened: Any, capitals: Any, keys: Any, tmp_path: Path
) -> None:
    from accord.ledger.trust import write_trust_file
    from fixtures.negotiation import witness_the_log

    approve_all(region, capitals, opened)
    witness_the_log(region, keys)  # the states' witnesses cosign the log with the adoption
    trust, path = tmp_path / "trust.json", tmp_path / "bundle.json"
    write_trust_file(trust)
    pinned = json.loads(trust.read_text())["states"]["KAZ"]["root_keys"]
    assert pinned[0]["fingerprint"] == RootKey.objects.get(state_id="KAZ").fingerprint
    bundle = selectors.get_bundle(region.delegate("KAZ"), opened.pk)
    path.write_text(json.dumps(bundle))
    out, err = io.StringIO(), io.StringIO()
    assert verify_command(path, out, err, trust=trust, allow_unsigned=True) == 0, err.getvalue()
    bundle["signed_acts"]["roots"] = []  # the host hides KAZ's root: its acts must still be signed
    bundle["signed_acts"]["rosters"] = []
    for act in bundle["signed_acts"]["acts"]:
        act["signed"] = None
    path.write_text(json.dumps(bundle))
    assert verify_command(path, io.StringIO(), err, trust=trust, allow_unsigned=True) == 1
    assert "FAIL act-signature" in err.getvalue()

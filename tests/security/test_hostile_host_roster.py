"""A hostile host: the secretariat makes a "head" for a state under a roster (issue 12).

The state's root key did not name that person, so every act in the state's name is refused,
signed or not, and nothing changes; an act the host forges in the database is caught by
`accord verify` as `act-signature`.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from accord.domain import signing
from accord.domain.errors import DomainError
from accord.members import rosters
from accord.members import services as member_services
from accord.negotiation import selectors, services
from accord.negotiation.models import AdoptionAct
from accord.negotiation.signing_cli import verify_command
from fixtures.negotiation import counts

MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")


def test_a_head_made_by_the_secretariat_speaks_for_no_one(
    region: Any,
    draft: Any,
    capitals: Any,
) -> None:
    capitals.accede(*MEMBERS)
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    impostor = member_services.add_person(
        actor=region.secretariat, username="kaz-head-2", password="x" * 20, role="head",
        state_code="KAZ",
    )  # fmt: skip
    key = Ed25519PrivateKey.generate()
    before = counts()
    with pytest.raises(DomainError) as error:
        services.object_to(actor=impostor, document_id=document.pk, reason="forged")
    assert error.value.code == "act-not-on-roster"
    with pytest.raises(DomainError) as error:
        rosters.require_on_roster(impostor, region.states["KAZ"], document.created_at)
    assert error.value.code == "act-not-on-roster"
    # A signature of their own changes nothing: the key is not on KAZ's roster either.
    real = capitals.signed(region.head("KAZ"), document.pk, "object", reason="forged")
    statement = dict(real["act"], person="kaz-head-2")
    for act in ("approve", "object"):
        call = services.approve if act == "approve" else services.object_to
        kwargs = {} if act == "approve" else {"reason": "forged"}
        with pytest.raises(DomainError) as error:
            call(
                actor=impostor,
                document_id=document.pk,
                signed=signing.sign_act(statement, key),
                **kwargs,
            )
        assert error.value.code == "act-not-on-roster"
    # The secretariat's own roster, signed with a key of its own, takes no effect.
    forged = signing.sign_roster(capitals.roster("KAZ", **{"kaz-delegate": "head"}), key)
    with pytest.raises(DomainError) as error:
        rosters.submit_roster(actor=region.secretariat, state_code="KAZ", signed=forged)
    assert error.value.code == "roster-signature"
    assert counts() == before


def test_an_act_inserted_in_the_database_fails_verify_with_act_signature(
    region: Any,
    draft: Any,
    capitals: Any,
    tmp_path: Path,
) -> None:
    capitals.accede(*MEMBERS)
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in ("KAZ", "KGZ", "TJK"):
        head = region.head(code)
        services.approve(
            actor=head,
            document_id=document.pk,
            signed=capitals.signed(head, document.pk, "approve"),
        )
    # UZB never approved: the host writes its approval straight into the database.
    procedure = document.procedures.get()
    AdoptionAct.objects.create(
        procedure=procedure, act="approve", state_id="UZB", by=region.secretariat,
        at=procedure.acts.order_by("-at").first().at,
    )  # fmt: skip
    services.settle_procedure(procedure_id=procedure.pk)
    document.refresh_from_db()
    assert document.status == "adopted"  # the host's record says adopted ...
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(selectors.get_bundle(region.delegate("KAZ"), document.pk)))
    out, err = io.StringIO(), io.StringIO()
    assert verify_command(path, out, err, allow_unsigned=True) == 1  # ... the bundle says no
    assert "FAIL act-signature" in err.getvalue()

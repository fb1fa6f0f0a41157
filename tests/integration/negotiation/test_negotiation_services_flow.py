"""The whole flow through the services: draft, amendments, brackets, revisions, adoption by
silence and by consensus, explanations, the chair's statement, signatures and the bundle."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from accord.domain import signing
from accord.domain.errors import RuleViolation
from accord.ledger.models import LedgerEntry
from accord.ledger.trust import trust_document
from accord.negotiation import selectors, services, tick
from accord.negotiation.models import AdoptionProcedure, Document, Signature
from accord.negotiation.signing_cli import verify_command
from fixtures.negotiation import witness_the_log

pytestmark = pytest.mark.django_db(transaction=False)


def _sign(region: Any, keys: Any, document: Document, code: str, at: Any = None) -> Signature:
    head = region.head(code)
    bundle = selectors.get_bundle(head, document.pk)
    moment = at or timezone.now()
    signed = signing.sign_bundle(bundle, keys[code], code, moment)
    return services.submit_signature(
        actor=head,
        document_id=document.pk,
        signature=services.signature_from(signed, head),
        now=moment,
    )


def test_a_draft_goes_from_brackets_to_a_signed_bundle_by_silence(
    region: Any, draft: Any, keys: Any, tmp_path: Path
) -> None:
    document = draft()
    amendment = services.propose_amendment(
        actor=region.delegate("KGZ"), document_id=document.pk, against=1,
        kind="replace-span", paragraph_id=2, quote="welcome", text="warmly welcome",
    )  # fmt: skip
    services.support_amendment(actor=region.delegate("UZB"), document_id=document.pk, code="A1")
    services.oppose_amendment(actor=region.head("TJK"), document_id=document.pk, code="A1")
    rev2 = services.issue_revision(
        actor=region.chair, document_id=document.pk, decisions={amendment.code: "bracketed"}
    )
    view = selectors.get_revision(region.head("KAZ"), document.pk)
    assert view.value.number == 2 and rev2.number == 2
    assert view.value.paragraphs[1].render() == (
        "The participants [welcome / warmly welcome] the dialogue."
    )
    bracket = view.value.paragraphs[1].brackets[0]
    assert bracket.alternatives[0].backers == frozenset({"TJK"})
    assert bracket.alternatives[1].backers == frozenset({"KGZ", "UZB"})
    with pytest.raises(RuleViolation):
        services.open_adoption(
            actor=region.chair, document_id=document.pk, kind="silence",
            deadline=timezone.now() + timedelta(hours=1),
        )  # fmt: skip
    services.issue_revision(
        actor=region.chair, document_id=document.pk, decisions={}, resolutions={bracket.id: 1}
    )
    assert selectors.get_revision(region.chair, document.pk).value.is_adoptable
    line = selectors.get_redline(region.head("UZB"), document.pk, 1, 3)
    assert [c.markup() for c in line.changes] == [
        "The participants {+warmly +}welcome the dialogue."
    ]
    assert line.changes[0].proposers == ("KGZ",)

    opened = timezone.now()
    deadline = opened + timedelta(hours=2)
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence", deadline=deadline, now=opened
    )
    services.attach_explanation(
        actor=region.head("TJK"), document_id=document.pk, text="TJK prefers the plain word.",
        dissociate_from=["OP1"], now=opened + timedelta(minutes=5),
    )  # fmt: skip
    assert tick.run(deadline - timedelta(seconds=1)) == []
    done = tick.run(deadline + timedelta(seconds=1))
    assert done == [f"negotiation: document {document.pk} adopted "
                    "(nobody broke silence before the deadline)"]  # fmt: skip
    assert tick.run(deadline + timedelta(hours=1)) == []  # idempotent
    document.refresh_from_db()
    assert document.status == "adopted"
    assert document.adopted_at == deadline

    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        _sign(region, keys, document, code, at=deadline + timedelta(minutes=1))
    witness_the_log(region, keys)  # the states' witnesses cosign the log with the adoption
    bundle = selectors.get_bundle(region.observer, document.pk)
    assert [s["state"] for s in bundle["signatures"]] == ["KAZ", "KGZ", "TJK", "UZB"]
    assert bundle["adoption_record"]["explanations"][0]["dissociated_from"] == ["OP1"]
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps(trust_document()))  # pinned from the platform
    out, err = io.StringIO(), io.StringIO()
    assert verify_command(path, out, err, trust=trust) == 0, err.getvalue()


def test_a_read_after_the_deadline_shows_the_adoption_and_writes_nothing(
    region: Any, draft: Any
) -> None:
    """Reads never write (issue 16): the read computes the outcome from the domain; the tick
    (or the next act) persists it."""
    document = draft()
    opened = timezone.now() - timedelta(hours=3)
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence",
        deadline=opened + timedelta(hours=1), now=opened,
    )  # fmt: skip
    entries = LedgerEntry.objects.count()
    read = selectors.get_document(region.observer, document.pk)
    adoption = selectors.get_adoption(region.observer, document.pk)
    page = selectors.get_document_page(region.observer, document.pk)
    assert adoption.evaluation.outcome.value == "adopted"
    assert page.adoption is not None and page.adoption.evaluation.outcome.value == "adopted"
    assert read.status == "adoption"
    assert Document.objects.get(pk=document.pk).status == "adoption"
    assert AdoptionProcedure.objects.get(document=document).outcome == "pending"
    assert LedgerEntry.objects.count() == entries
    tick.run(timezone.now())
    assert Document.objects.get(pk=document.pk).status == "adopted"
    assert AdoptionProcedure.objects.get(document=document).outcome == "adopted"
    assert LedgerEntry.objects.filter(action="adoption.adopted").count() == 1


def test_breaking_silence_returns_draft_to_negotiation(region: Any, draft: Any) -> None:
    document = draft()
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence",
        deadline=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    services.break_silence(
        actor=region.head("UZB"), document_id=document.pk, reason="OP2 needs more work."
    )
    document.refresh_from_db()
    assert document.status == "negotiation"
    procedure = AdoptionProcedure.objects.get(document=document)
    assert procedure.outcome == "returned-to-negotiation"
    assert procedure.outcome_reason == "UZB broke silence: OP2 needs more work."


def test_consensus_is_adopted_when_the_last_member_approves(region: Any, draft: Any) -> None:
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    services.approve_ad_referendum(
        actor=region.head("KGZ"), document_id=document.pk,
        confirm_by=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    for code in ("KAZ", "TJK", "UZB"):
        services.approve(actor=region.head(code), document_id=document.pk)
    assert Document.objects.get(pk=document.pk).status == "adoption"
    services.confirm_ad_referendum(actor=region.head("KGZ"), document_id=document.pk)
    document.refresh_from_db()
    assert document.status == "adopted"
    record = AdoptionProcedure.objects.get(document=document).record
    assert record is not None and record["adopted_by"] == ["KAZ", "KGZ", "TJK", "UZB"]


def test_an_unconfirmed_ad_referendum_approval_fails_consensus_at_its_deadline(
    region: Any, draft: Any
) -> None:
    document = draft()
    now = timezone.now()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus", now=now)
    services.approve_ad_referendum(
        actor=region.head("KGZ"), document_id=document.pk,
        confirm_by=now + timedelta(hours=1), now=now + timedelta(minutes=1),
    )  # fmt: skip
    assert tick.run(now + timedelta(hours=2)) == [
        f"negotiation: document {document.pk} failed (KGZ did not confirm ad referendum in time)"
    ]
    assert Document.objects.get(pk=document.pk).status == "negotiation"


def test_an_objection_fails_consensus_and_the_chair_may_issue_a_statement(
    region: Any, draft: Any
) -> None:
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    services.approve(actor=region.head("KAZ"), document_id=document.pk)
    services.object_to(actor=region.head("TJK"), document_id=document.pk, reason="Not ready.")
    assert Document.objects.get(pk=document.pk).status == "negotiation"
    statement = services.issue_chairs_statement(
        actor=region.chair, document_id=document.pk, text="The chair notes broad support."
    )
    assert statement.kind == "chairs-statement"
    assert statement.chair_statement is not None
    assert statement.chair_statement["agreed"] is False
    assert statement.chair_statement["signed"] is False
    assert statement.chair_statement["label"] == "Chair's statement"
    assert statement.based_on_id == document.pk


def test_a_revision_row_never_changes(region: Any, draft: Any) -> None:
    document = draft()
    row = document.revisions.get(number=1)
    row.sha256 = "0" * 64
    with pytest.raises(RuntimeError):
        row.save()

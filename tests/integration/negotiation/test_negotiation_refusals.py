"""Every bad input and forbidden act is refused with a clear error, and changes nothing."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from accord.domain import signing
from accord.domain.errors import DomainError, InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.negotiation import selectors, services

pytestmark = pytest.mark.django_db


def refused(
    table_counts: Callable[[], dict[str, int]],
    error: type[DomainError],
    message: str,
    act: Callable[[], Any],
) -> None:
    before = table_counts()
    with pytest.raises(error) as caught:
        act()
    assert message in caught.value.message
    assert table_counts() == before


def test_an_amendment_against_a_stale_revision_changes_nothing(
    region: Any, draft: Any, table_counts: Any
) -> None:
    document = draft()
    services.issue_revision(actor=region.chair, document_id=document.pk, decisions={})
    refused(table_counts, RuleViolation, "the current revision is Rev.2", lambda: (
        services.propose_amendment(
            actor=region.delegate("KGZ"), document_id=document.pk, against=1,
            kind="delete-paragraph", paragraph_id=2,
        )
    ))  # fmt: skip


def test_an_amendment_to_an_unknown_paragraph_changes_nothing(
    region: Any, draft: Any, table_counts: Any
) -> None:
    document = draft()
    refused(table_counts, InvalidInput, "paragraph 99 does not exist in Rev.1", lambda: (
        services.propose_amendment(
            actor=region.delegate("KGZ"), document_id=document.pk, against=1,
            kind="replace-paragraph", paragraph_id=99, text="New words.",
        )
    ))  # fmt: skip


def test_an_observer_cannot_propose_an_amendment(
    region: Any, draft: Any, table_counts: Any
) -> None:
    document = draft()
    refused(table_counts, NotPermitted, "member state", lambda: (
        services.propose_amendment(
            actor=region.observer, document_id=document.pk, against=1,
            kind="delete-paragraph", paragraph_id=2,
        )
    ))  # fmt: skip


def test_a_deadline_in_the_past_changes_nothing(region: Any, draft: Any, table_counts: Any) -> None:
    document = draft()
    refused(table_counts, InvalidInput, "the deadline must be in the future", lambda: (
        services.open_adoption(
            actor=region.chair, document_id=document.pk, kind="silence",
            deadline=timezone.now() - timedelta(minutes=1),
        )
    ))  # fmt: skip


def test_a_text_with_brackets_cannot_be_put_to_adoption(
    region: Any, draft: Any, table_counts: Any
) -> None:
    document = draft()
    services.propose_amendment(
        actor=region.delegate("KGZ"), document_id=document.pk, against=1,
        kind="replace-span", paragraph_id=2, quote="welcome", text="note",
    )  # fmt: skip
    services.issue_revision(
        actor=region.chair, document_id=document.pk, decisions={"A1": "bracketed"}
    )
    refused(table_counts, RuleViolation, "still holds brackets (OP1)", lambda: (
        services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    ))  # fmt: skip


def test_only_the_chair_issues_revisions_and_opens_adoption(
    region: Any, draft: Any, table_counts: Any
) -> None:
    document = draft()
    refused(table_counts, NotPermitted, "Only the chair", lambda: (
        services.issue_revision(actor=region.head("KAZ"), document_id=document.pk, decisions={})
    ))  # fmt: skip
    refused(table_counts, NotPermitted, "Only the chair", lambda: (
        services.open_adoption(actor=region.head("UZB"), document_id=document.pk, kind="consensus")
    ))  # fmt: skip


def test_an_observer_cannot_object_and_a_delegate_does_not_speak_for_the_state(
    region: Any, draft: Any, table_counts: Any
) -> None:
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    refused(table_counts, NotPermitted, "observers neither approve nor object", lambda: (
        services.object_to(actor=region.observer, document_id=document.pk, reason="No.")
    ))  # fmt: skip
    refused(table_counts, NotPermitted, "Only the head of delegation", lambda: (
        services.object_to(actor=region.delegate("TJK"), document_id=document.pk, reason="No.")
    ))  # fmt: skip


def test_nothing_is_approved_or_objected_after_adoption(
    region: Any, adopted: Any, table_counts: Any
) -> None:
    refused(table_counts, RuleViolation, "has been adopted", lambda: (
        services.object_to(actor=region.head("TJK"), document_id=adopted.pk, reason="Late.")
    ))  # fmt: skip
    refused(table_counts, RuleViolation, "has been adopted", lambda: (
        services.approve(actor=region.head("KAZ"), document_id=adopted.pk)
    ))  # fmt: skip
    refused(table_counts, RuleViolation, "no longer negotiated", lambda: (
        services.propose_amendment(
            actor=region.delegate("KGZ"), document_id=adopted.pk, against=1,
            kind="delete-paragraph", paragraph_id=2,
        )
    ))  # fmt: skip


def test_breaking_silence_needs_a_written_reason(
    region: Any, draft: Any, table_counts: Any
) -> None:
    document = draft()
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence",
        deadline=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    refused(table_counts, InvalidInput, "written reason", lambda: (
        services.break_silence(actor=region.head("UZB"), document_id=document.pk, reason="  ")
    ))  # fmt: skip


def _signed(region: Any, document: Any, code: str, key: Ed25519PrivateKey) -> dict[str, Any]:
    bundle = selectors.get_bundle(region.head(code), document.pk)
    signed = signing.sign_bundle(bundle, key, code, timezone.now())
    return next(s for s in signed["signatures"] if s["state"] == code)


def test_a_malformed_signature_changes_nothing(
    region: Any, adopted: Any, keys: Any, table_counts: Any
) -> None:
    signature = _signed(region, adopted, "KGZ", keys["KGZ"])
    broken = dict(signature, signature=base64.b64encode(b"x" * 64).decode())
    refused(table_counts, InvalidInput, "signature refused: signature:", lambda: (
        services.submit_signature(
            actor=region.head("KGZ"), document_id=adopted.pk, signature=broken
        )
    ))  # fmt: skip
    refused(table_counts, InvalidInput, "lacks key_fingerprint", lambda: (
        services.submit_signature(
            actor=region.head("KGZ"), document_id=adopted.pk, signature={"state": "KGZ"}
        )
    ))  # fmt: skip
    refused(table_counts, InvalidInput, "not a UTC time", lambda: (
        services.submit_signature(
            actor=region.head("KGZ"), document_id=adopted.pk,
            signature=dict(signature, signed_at="yesterday"),
        )
    ))  # fmt: skip


def test_a_foreign_signature_changes_nothing(
    region: Any, adopted: Any, keys: Any, table_counts: Any
) -> None:
    # UZB's valid signature, submitted by KGZ's head as if it were KGZ's.
    uzb = _signed(region, adopted, "UZB", keys["UZB"])
    refused(table_counts, InvalidInput, "This signature is for UZB", lambda: (
        services.submit_signature(actor=region.head("KGZ"), document_id=adopted.pk, signature=uzb)
    ))  # fmt: skip
    relabelled = dict(uzb, state="KGZ")
    refused(table_counts, InvalidInput, "unknown-key", lambda: (
        services.submit_signature(
            actor=region.head("KGZ"), document_id=adopted.pk, signature=relabelled
        )
    ))  # fmt: skip
    # A key the secretariat never registered for KGZ.
    stranger = Ed25519PrivateKey.generate()
    bundle = selectors.get_bundle(region.head("KGZ"), adopted.pk)
    with pytest.raises(InvalidInput):
        signing.sign_bundle(bundle, stranger, "KGZ", timezone.now())


def test_a_signature_is_refused_from_a_state_that_did_not_adopt(
    region: Any, adopted: Any, table_counts: Any
) -> None:
    refused(table_counts, NotPermitted, "Only a state that adopted", lambda: (
        services.submit_signature(
            actor=region.observer, document_id=adopted.pk,
            signature={"key_fingerprint": "x", "signed_at": "x", "signature": "x",
                       "adoption_record_sha256": "x"},
        )
    ))  # fmt: skip


def test_a_signature_with_a_key_not_valid_at_signing_time_is_refused(
    region: Any, adopted: Any, keys: Any, table_counts: Any
) -> None:
    from accord.members.models import SigningKey

    key = SigningKey.objects.get(state_id="KGZ")
    signature = _signed(region, adopted, "KGZ", keys["KGZ"])
    SigningKey.objects.filter(pk=key.pk).update(valid_until=timezone.now() - timedelta(hours=1))
    refused(table_counts, InvalidInput, "key-validity", lambda: (
        services.submit_signature(
            actor=region.head("KGZ"), document_id=adopted.pk, signature=signature
        )
    ))  # fmt: skip


def test_a_document_restricted_to_two_states_is_absent_for_a_third(
    region: Any, draft: Any, table_counts: Any
) -> None:
    document = draft(visibility="restricted", states=["KAZ", "UZB"])
    third = region.head("TJK")
    assert document.pk not in [d.pk for d in selectors.list_documents(third)]
    for read in (
        lambda: selectors.get_document(third, document.pk),
        lambda: selectors.get_revision(third, document.pk, 1),
        lambda: selectors.get_redline(third, document.pk, 1, 1),
        lambda: selectors.list_amendments(third, document.pk),
        lambda: selectors.get_bundle(third, document.pk),
    ):
        with pytest.raises(NotFound) as caught:
            read()
        assert caught.value.message == "No such document."
    refused(table_counts, NotFound, "No such document.", lambda: (
        services.propose_amendment(
            actor=region.delegate("TJK"), document_id=document.pk, against=1,
            kind="delete-paragraph", paragraph_id=2,
        )
    ))  # fmt: skip
    assert selectors.get_document(region.head("UZB"), document.pk).pk == document.pk

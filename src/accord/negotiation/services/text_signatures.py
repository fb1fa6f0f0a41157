"""A state under its roster signs the adopted text through its head, over a challenge
(issue 12): the `accord-text-signature/1` act, checked like every act that speaks for a
state (`members.act_signatures`) and stored verbatim beside the signature.

A state without a root key still signs with its registered state key (`signatures`); a
state with one may not: the state key is the secretariat's registration, the roster is the
state's own word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import consensus, events, signing
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.ledger.services import record
from accord.members import act_signatures, rosters
from accord.members.models import ActChallenge, SigningKey, State, User
from accord.negotiation.domain_values import bundle_for
from accord.negotiation.models import AdoptionProcedure, Document, Signature
from accord.negotiation.permissions import document_for, head_state_of

PURPOSE = signing.TEXT_SIGNATURE_FORMAT


def subject_key(document: Document) -> str:
    return f"signature:{document.pk}"


def _adopted(document: Document, state: State) -> AdoptionProcedure:
    if document.status != Document.Status.ADOPTED:
        raise RuleViolation(_("Only an adopted text is signed."))
    row = document.procedures.get(outcome=AdoptionProcedure.Outcome.ADOPTED)
    assert row.record is not None  # a check constraint guarantees it
    if state.code not in row.record["adopted_by"]:
        raise NotPermitted(_("Only a state that adopted the text signs it."))
    return row


def subject_of(row: AdoptionProcedure) -> dict[str, Any]:
    """What a signature of the text names: document, revision, text and record hashes."""
    assert row.record is not None
    record_bytes = consensus.record_from_dict(row.record).canonical_bytes()
    return {
        "document_id": row.record["document_id"],
        "revision": row.record["revision"],
        "text_sha256": row.record["text_sha256"],
        "adoption_record_sha256": signing.sha256_hex(record_bytes),
    }


def _require_roster(state: State) -> None:
    if not rosters.speaks_through_roster(state):
        raise RuleViolation(
            _(
                "%(state)s has no root key: it signs with its registered state key "
                "(accord sign), not with a challenge."
            )
            % {"state": state.code},
            code="no-root-key",
        )


@transaction.atomic
def issue_signature_challenge(
    *, actor: User, document_id: int, now: datetime | None = None
) -> ActChallenge:
    """A challenge for the head's signature of the adopted text (10 minutes, single use)."""
    document = document_for(actor, document_id)
    state = head_state_of(actor)
    row = _adopted(document, state)
    _require_roster(state)
    return act_signatures.issue_state_act_challenge(
        actor=actor,
        state=state,
        purpose=PURPOSE,
        subject_key=subject_key(document),
        subject=subject_of(row),
        now=now,
    )


@dataclass(frozen=True)
class CheckedTextSignature:
    state: State
    checked: act_signatures.CheckedStateAct


def _wrong_text() -> InvalidInput:
    return InvalidInput(
        _("This signature is over another document or revision than the adopted text."),
        code="act-revision",
    )


def check_text_signature(
    *, actor: User, document: Document, signed: Any, moment: datetime
) -> CheckedTextSignature:
    """Every refusal of a head's signature of the text; writes nothing but the challenge's
    use. Precondition: the document row is locked, inside the transaction."""
    state = head_state_of(actor)
    row = _adopted(document, state)
    _require_roster(state)
    checked = act_signatures.check_state_act(
        actor=actor,
        state=state,
        purpose=PURPOSE,
        subject_key=subject_key(document),
        expected=subject_of(row),
        signed=signed,
        moment=moment,
        wrong_subject=_wrong_text(),
    )
    # The bundle with this signature must pass every check a verifier will run.
    keys = SigningKey.objects.filter(state_id__in=row.record["adopted_by"])  # type: ignore[index]
    bundle = bundle_for(row, keys, document.signatures.exclude(state=state))
    bundle["signed_acts"]["signatures"].append(
        {"state": state.code, "submitted_at": consensus.format_time(moment), "signed": signed}
    )
    report = signing.verify_bundle(bundle)
    if not report.ok:
        raise InvalidInput(
            _("signature refused: %(check)s: %(message)s")
            % {"check": report.failed_check, "message": report.message},
            code=report.failed_check,
        )
    return CheckedTextSignature(state, checked)


def do_sign_text(
    *, actor: User, document: Document, checked: CheckedTextSignature, moment: datetime
) -> Signature:
    """Store the head's signature (one per state; a new one replaces it) and record it.

    Lock: the document row, inside the caller's transaction.
    """
    act = checked.checked
    stored, _created = Signature.objects.update_or_create(
        document=document,
        state=checked.state,
        defaults={
            "key": None,
            "key_fingerprint": act.key_fingerprint,
            "signature": act.signed["signature"],
            "signed_at": act.at,
            "record_sha256": act.statement["adoption_record_sha256"],
            "person": act.person,
            "signed": act.signed,
            "challenge": act.challenge,
            "submitted_by": actor,
            "submitted_at": moment,
        },
    )
    record(
        actor=actor,
        action=events.DOCUMENT_SIGNED,
        obj=stored,
        audience=document.audience,
        payload={
            "document": document.public_id,
            "state": checked.state.code,
            "person": act.person,
            "key_fingerprint": act.key_fingerprint,
            "signed_at": consensus.format_time(act.at),
            "signed": act.signed,
        },
    )
    return stored


def is_signed_act(signature: Mapping[str, Any]) -> bool:
    """A submission that is a person's signed act rather than a state key's signature."""
    return isinstance(signature.get("act"), Mapping)


def sign_text(
    *, actor: User, document_id: int, signed: Any, now: datetime | None = None
) -> Signature:
    """The head of a state under its roster signs the adopted text (one transaction)."""
    with transaction.atomic():
        document = document_for(actor, document_id, lock=True)
        moment = now or timezone.now()
        checked = check_text_signature(actor=actor, document=document, signed=signed, moment=moment)
        return do_sign_text(actor=actor, document=document, checked=checked, moment=moment)

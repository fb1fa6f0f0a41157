"""Signatures of an adopted text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import events, signing
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.ledger.services import record
from accord.members import rosters
from accord.members.models import SigningKey, State, User
from accord.negotiation.domain_values import (
    bundle_for,
    domain_fingerprint,
    parse_signed_at,
)
from accord.negotiation.models import (
    AdoptionProcedure,
    Document,
    Signature,
)
from accord.negotiation.permissions import document_for, head_state_of

from .text_signatures import is_signed_act, sign_text


def _signature_fields(signature: Any) -> dict[str, str]:
    if not isinstance(signature, Mapping):
        raise InvalidInput(_("A signature is a JSON object."))
    fields = {}
    for name in ("key_fingerprint", "signed_at", "signature", "adoption_record_sha256"):
        value = signature.get(name)
        if not isinstance(value, str) or not value:
            raise InvalidInput(_("The signature lacks %(field)s.") % {"field": name})
        fields[name] = value
    state = signature.get("state")
    if state is not None and not isinstance(state, str):
        raise InvalidInput(_("The signature's state is a state code."))
    fields["state"] = state or ""
    return fields


def signature_from(body: Any, actor: User) -> Mapping[str, Any]:
    """The signature in a submission: a signature object, or a bundle signed offline
    (`accord sign`), from which the actor's state's signature is taken."""
    if not isinstance(body, Mapping):
        raise InvalidInput(_("Send a signature or a signed bundle as a JSON object."))
    if body.get("format") != signing.BUNDLE_FORMAT:
        return body
    signatures = body.get("signatures")
    if not isinstance(signatures, list):
        raise InvalidInput(_("bundle-format: the bundle has no list of signatures"))
    mine = [s for s in signatures if isinstance(s, Mapping) and s.get("state") == actor.state_id]
    if not mine:
        raise InvalidInput(
            _("The bundle holds no signature of %(state)s.") % {"state": actor.state_id}
        )
    return mine[0]


@dataclass(frozen=True)
class CheckedSignature:
    """What `check_signature` found admissible: who signs, with which key, when."""

    state: State
    key: SigningKey
    signed_at: datetime
    fields: dict[str, Any]


@transaction.atomic
def submit_signature(
    *, actor: User, document_id: int, signature: Mapping[str, Any], now: datetime | None = None
) -> Signature:
    """A head submits the state's signature, made offline or in the browser.

    Accepted only when it verifies against the state's registered key, valid at the time
    of signing, and the state adopted the text; the bundle with it must pass every check.
    """
    if isinstance(signature, Mapping) and is_signed_act(signature):
        # A state under its roster: its head's signed act over a challenge (issue 12).
        return sign_text(actor=actor, document_id=document_id, signed=signature, now=now)
    document = document_for(actor, document_id, lock=True)
    checked = check_signature(actor=actor, document=document, signature=signature, now=now)
    return do_submit_signature(actor=actor, document=document, checked=checked, now=now)


def check_signature(
    *, actor: User, document: Document, signature: Mapping[str, Any], now: datetime | None
) -> CheckedSignature:
    """Every refusal of `submit_signature`, in its order, down to the bundle's own checks;
    writes nothing. Precondition: the document row is locked."""
    state = head_state_of(actor)
    if rosters.speaks_through_roster(state):
        raise NotPermitted(
            _(
                "%(state)s speaks through its signed roster: its head signs the adopted text "
                "with a key on the roster, over a challenge, not with a state key."
            )
            % {"state": state.code},
            code="act-signature",
        )
    fields = _signature_fields(signature)
    if document.status != Document.Status.ADOPTED:
        raise RuleViolation(_("Only an adopted text is signed."))
    row = document.procedures.get(outcome=AdoptionProcedure.Outcome.ADOPTED)
    assert row.record is not None  # a check constraint guarantees it
    adopted_by = list(row.record["adopted_by"])
    if state.code not in adopted_by:
        raise NotPermitted(_("Only a state that adopted the text signs it."))
    if fields["state"] and fields["state"] != state.code:
        raise InvalidInput(
            _("This signature is for %(other)s; you sign for %(state)s.")
            % {"other": fields["state"], "state": state.code}
        )
    fields["state"] = state.code
    if document.signatures.filter(state=state, signature=fields["signature"]).exists():
        # The document row is locked: two identical submissions at once record one.
        raise RuleViolation(
            _("%(state)s has already signed this text with this signature.") % {"state": state.code}
        )
    signed_at = parse_signed_at(fields["signed_at"])
    key = _signing_key(state, fields, signed_at, now)
    keys = SigningKey.objects.filter(state_id__in=adopted_by)
    others = document.signatures.exclude(state=state)
    bundle = bundle_for(row, keys, others)
    signing.add_signature(bundle, fields)  # InvalidInput naming the failed check
    return CheckedSignature(state, key, signed_at, fields)


def _signing_key(
    state: State, fields: Mapping[str, Any], signed_at: datetime, now: datetime | None
) -> SigningKey:
    """The state's registered key the signature names, valid when it signed."""
    key = next(
        (
            k
            for k in SigningKey.objects.filter(state=state)
            if domain_fingerprint(k) == fields["key_fingerprint"]
        ),
        None,
    )
    if key is None:
        raise InvalidInput(
            _("signature refused: unknown-key: the key is not registered for %(state)s")
            % {"state": state.code}
        )
    if not key.is_valid_at(signed_at):
        raise InvalidInput(
            _("signature refused: key-validity: the key was not valid at %(at)s")
            % {"at": fields["signed_at"]}
        )
    if (now or timezone.now()) < signed_at:
        raise InvalidInput(_("signature refused: the signing time is in the future"))
    return key


def do_submit_signature(
    *, actor: User, document: Document, checked: CheckedSignature, now: datetime | None
) -> Signature:
    """Store the state's signature (one per state) and record it.

    Lock: the document row, inside the caller's transaction.
    """
    state, fields = checked.state, checked.fields
    stored, _created = Signature.objects.update_or_create(
        document=document,
        state=state,
        defaults={
            "key": checked.key,
            "key_fingerprint": fields["key_fingerprint"],
            "signature": fields["signature"],
            "signed_at": checked.signed_at,
            "record_sha256": fields["adoption_record_sha256"],
            "submitted_by": actor,
            "submitted_at": now or timezone.now(),
        },
    )
    record(
        actor=actor,
        action=events.DOCUMENT_SIGNED,
        obj=stored,
        audience=document.audience,
        payload={
            "document": document.public_id,
            "state": state.code,
            "key_fingerprint": fields["key_fingerprint"],
            "signed_at": fields["signed_at"],
            "signature": fields["signature"],
        },
    )
    return stored

"""The states' acts in an adoption procedure: approve, object, break silence, explain,
dissociate, close."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import consensus, events
from accord.domain.errors import InvalidInput
from accord.ledger.services import record
from accord.members.models import State, User
from accord.negotiation.domain_values import (
    apply_act,
    procedure_value,
)
from accord.negotiation.models import (
    AdoptionAct,
    AdoptionProcedure,
    Document,
)
from accord.negotiation.permissions import document_for, head_state_of, require_chair
from accord.negotiation.signed_acts import check_signed_act, keep_signed_act
from accord.proceedings import adoption as rules_of_procedure

from .procedures import _locked_pending, _no_pending_procedure, _persist_outcome


def _act(
    *,
    actor: User,
    document_id: int,
    act: str,
    now: datetime | None,
    chair_act: bool = False,
    reason: str = "",
    confirm_by: datetime | None = None,
    dissociate_from: Sequence[str] = (),
    signed: Any = None,
) -> AdoptionAct:
    document = document_for(actor, document_id)
    if chair_act:
        state = require_chair(actor, meeting_id=document.meeting_id)
    else:
        state = head_state_of(actor)
    with transaction.atomic():
        row = _locked_pending(document)
        # The acts read once: for the rules here, and (with the new one) for the answer.
        prefetch_related_objects([row], "acts")
        # Take the time only once the lock is held: acts are then timed in the order they
        # are applied, and a request that waited for the lock is not "dated before" the act
        # that held it.
        moment = now or timezone.now()
        rules_of_procedure.check_act(document, act, now=moment, confirm_by=confirm_by)
        procedure = procedure_value(row)
        due = consensus.evaluate(procedure, moment)
        if due.outcome is not consensus.Outcome.PENDING:
            # Decided by time before this act (a deadline passed): the outcome is stored and
            # committed with this transaction, and the act is refused after it.
            _persist_outcome(row, procedure, due, None, moment)
            stored = None
        else:
            checked = None if chair_act else check_signed_act(
                actor=actor, state=state, row=row, act=act, reason=reason, confirm_by=confirm_by,
                dissociate_from=dissociate_from, signed=signed, moment=moment,
            )  # fmt: skip
            stored = _apply(
                row, procedure, actor, act, moment, chair_act, state, document,
                reason=reason, confirm_by=confirm_by, dissociate_from=dissociate_from,
            )  # fmt: skip
            keep_signed_act(stored, checked)
    if stored is None:
        raise _no_pending_procedure(document)
    return stored


def _apply(
    row: AdoptionProcedure,
    procedure: consensus.Procedure,
    actor: User,
    act: str,
    moment: datetime,
    chair_act: bool,
    state: State,
    document: Document,
    *,
    reason: str,
    confirm_by: datetime | None,
    dissociate_from: Sequence[str],
) -> AdoptionAct:
    """Store `act` on the pending procedure and what it decides. Precondition: `row` is
    locked and still pending at `moment`."""
    stored = AdoptionAct(
        procedure=row,
        act=act,
        state=None if chair_act else state,
        by=actor,
        at=moment,
        reason=reason.strip(),
        confirm_by=confirm_by,
        dissociated_from=list(dissociate_from),
    )
    updated = apply_act(procedure, stored)  # the domain refuses what the rules refuse
    stored.save()
    # The answer's acts without a second read (`selectors.adoption_after`): the new act
    # is the latest, so the list stays in the acts' order (at, id).
    row._prefetched_objects_cache["acts"]._result_cache.append(stored)  # type: ignore[attr-defined]
    evaluation = consensus.evaluate(updated, moment)
    record(
        actor=actor,
        action=events.ADOPTION_BY_ACT[act],
        obj=row,
        audience=document.audience,
        payload={
            "document": document.public_id,
            "state": None if chair_act else state.code,
            "act": act,
            "at": consensus.format_time(moment),
            "reason": stored.reason,
            "dissociated_from": stored.dissociated_from,
        },
    )
    if evaluation.outcome is not consensus.Outcome.PENDING:
        _persist_outcome(row, updated, evaluation, actor, moment)
    return stored


def approve(
    *, actor: User, document_id: int, now: datetime | None = None, signed: Any = None
) -> AdoptionAct:
    """The head's state joins consensus."""
    return _act(
        actor=actor, document_id=document_id, act=AdoptionAct.Act.APPROVE, now=now, signed=signed
    )


def approve_ad_referendum(
    *,
    actor: User,
    document_id: int,
    confirm_by: datetime,
    reason: str = "",
    now: datetime | None = None,
    signed: Any = None,
) -> AdoptionAct:
    """The head approves subject to confirmation from the capital by `confirm_by`; `reason`
    says, if the state wishes, what the capital is to confirm."""
    return _act(
        actor=actor,
        document_id=document_id,
        act=AdoptionAct.Act.APPROVE_AD_REF,
        now=now,
        reason=reason,
        confirm_by=confirm_by,
        signed=signed,
    )


def confirm_ad_referendum(
    *, actor: User, document_id: int, now: datetime | None = None, signed: Any = None
) -> AdoptionAct:
    """The capital confirms the state's ad referendum approval."""
    return _act(
        actor=actor, document_id=document_id, act=AdoptionAct.Act.CONFIRM, now=now, signed=signed
    )


def object_to(
    *,
    actor: User,
    document_id: int,
    reason: str = "",
    now: datetime | None = None,
    signed: Any = None,
) -> AdoptionAct:
    """The head's state objects: consensus fails."""
    return _act(
        actor=actor,
        document_id=document_id,
        act=AdoptionAct.Act.OBJECT,
        now=now,
        reason=reason,
        signed=signed,
    )


def break_silence(
    *,
    actor: User,
    document_id: int,
    reason: str,
    now: datetime | None = None,
    signed: Any = None,
) -> AdoptionAct:
    """The head breaks silence with a written reason: the text returns to negotiation."""
    return _act(
        actor=actor,
        document_id=document_id,
        act=AdoptionAct.Act.BREAK_SILENCE,
        now=now,
        reason=reason,
        signed=signed,
    )


def attach_explanation(
    *,
    actor: User,
    document_id: int,
    text: str,
    dissociate_from: Sequence[str] = (),
    now: datetime | None = None,
    signed: Any = None,
) -> AdoptionAct:
    """An explanation of position (and any dissociation), published with the text."""
    return _act(
        actor=actor,
        document_id=document_id,
        act=AdoptionAct.Act.EXPLAIN,
        now=now,
        reason=text,
        dissociate_from=dissociate_from,
        signed=signed,
    )


def dissociate(
    *,
    actor: User,
    document_id: int,
    paragraphs: Sequence[str],
    text: str = "",
    now: datetime | None = None,
    signed: Any = None,
) -> AdoptionAct:
    """The state joins consensus but dissociates from the named paragraphs (`OP3`)."""
    if not paragraphs:
        raise InvalidInput(_("Name the paragraphs to dissociate from."))
    return attach_explanation(
        actor=actor,
        document_id=document_id,
        text=text,
        dissociate_from=paragraphs,
        now=now,
        signed=signed,
    )


def close_adoption(*, actor: User, document_id: int, now: datetime | None = None) -> AdoptionAct:
    """The chair ends a pending procedure without adoption."""
    return _act(
        actor=actor, document_id=document_id, act=AdoptionAct.Act.CLOSE, now=now, chair_act=True
    )

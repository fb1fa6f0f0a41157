"""Every write of adoption and signing: DESIGN §2 rules 3 and 6.

Acts that can race (approve against object, break silence against the deadline) lock the
procedure row with `select_for_update`, rebuild the procedure by replaying its acts through
`accord.domain.consensus`, apply the new act there and persist the outcome the domain
gives. Two requests on one procedure therefore see each other's acts, in order: an
objection accepted first always stops the adoption a later approval would have completed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import consensus, negotiation, signing
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.visibility import StateStatus, Viewer, can_see
from accord.ledger.services import record
from accord.members.access import encode_states
from accord.members.models import SigningKey, State, User
from accord.negotiation.domain_values import (
    apply_act,
    bundle_for,
    domain_fingerprint,
    parse_signed_at,
    procedure_value,
    revision_value,
)
from accord.negotiation.labels import outcome_label
from accord.negotiation.models import (
    AdoptionAct,
    AdoptionProcedure,
    Document,
    Revision,
    Signature,
)
from accord.negotiation.permissions import document_for, head_state_of, require_chair
from accord.negotiation.signed_acts import check_signed_act, keep_signed_act


def _participants(document: Document) -> tuple[list[str], list[str]]:
    """(members, observers) who may see the document: each member has one voice."""
    members: list[str] = []
    observers: list[str] = []
    for state in State.objects.filter(left_on__isnull=True):
        viewer = Viewer(state=state.code, state_status=StateStatus(state.status))
        if not can_see(viewer, document.audience):
            continue
        (members if state.is_member else observers).append(state.code)
    return members, observers


@transaction.atomic
def open_adoption(
    *,
    actor: User,
    document_id: int,
    kind: str,
    deadline: datetime | None = None,
    now: datetime | None = None,
) -> AdoptionProcedure:
    """The chair puts the current revision to adoption (409 while it holds brackets)."""
    document = document_for(actor, document_id, lock=True)
    chair_state = require_chair(actor)
    if document.status == Document.Status.ADOPTED:
        raise RuleViolation(_("The document has been adopted."))
    if document.status != Document.Status.NEGOTIATION:
        raise RuleViolation(_("An adoption procedure is already open on this document."))
    moment = now or timezone.now()
    revision_row = Revision.objects.get(document=document, number=document.current_revision)
    revision = revision_value(revision_row)
    members, observers = _participants(document)
    try:
        procedure_kind = consensus.ProcedureKind(kind)
    except ValueError:
        raise InvalidInput(_("The procedure is consensus or silence.")) from None
    procedure = consensus.open_procedure(
        revision,
        kind=procedure_kind,
        members=members,
        observers=observers,
        chair=chair_state.code,
        now=moment,
        deadline=deadline,
    )
    text = negotiation.adopted_text(revision)
    row = AdoptionProcedure.objects.create(
        document=document,
        revision=revision_row,
        kind=procedure.kind.value,
        chair_state=chair_state,
        members=encode_states(procedure.members),
        observers=encode_states(procedure.observers),
        text=text,
        text_sha256=procedure.text_hash,
        opened_by=actor,
        opened_at=moment,
        deadline=deadline,
    )
    document.status = Document.Status.ADOPTION
    document.save(update_fields=["status"])
    record(
        actor=actor,
        action="adoption.opened",
        obj=row,
        audience=document.audience,
        payload={
            "document": document.pk,
            "revision": revision.number,
            "kind": row.kind,
            "deadline": consensus.format_time(deadline) if deadline else None,
            "text_sha256": row.text_sha256,
        },
    )
    return row


def _persist_outcome(
    row: AdoptionProcedure,
    procedure: consensus.Procedure,
    evaluation: consensus.Evaluation,
    actor: User | None,
    now: datetime,
) -> None:
    """Store a decided outcome. Precondition: the procedure row is locked."""
    document = Document.objects.select_for_update().get(pk=row.document_id)
    row.outcome = evaluation.outcome.value
    row.decided_at = evaluation.decided_at
    row.outcome_reason = evaluation.reason[:400]
    fields = ["outcome", "decided_at", "outcome_reason"]
    if evaluation.outcome is consensus.Outcome.ADOPTED:
        adoption = consensus.adoption_record(procedure, now)
        row.record = adoption.to_dict()
        row.record_sha256 = adoption.record_hash()
        fields += ["record", "record_sha256"]
        document.status = Document.Status.ADOPTED
        document.adopted_at = evaluation.decided_at
    else:
        # Failed consensus and broken silence both return the text to negotiation.
        document.status = Document.Status.NEGOTIATION
    row.save(update_fields=fields)
    document.save(update_fields=["status", "adopted_at"])
    record(
        actor=actor,
        action=f"adoption.{evaluation.outcome.value}",
        obj=row,
        audience=document.audience,
        payload={
            "document": document.pk,
            "outcome": evaluation.outcome.value,
            "decided_at": consensus.format_time(evaluation.decided_at or now),
            "reason": evaluation.reason,
            "record_sha256": row.record_sha256,
        },
    )


@transaction.atomic
def settle_procedure(*, procedure_id: int, now: datetime | None = None) -> AdoptionProcedure:
    """Persist the outcome the domain gives at `now`, if it is decided (idempotent).

    `accord tick` calls it for every pending procedure; selectors call it on read so that
    a silence procedure is adopted no later than the first read after its deadline.
    """
    moment = now or timezone.now()
    row = (
        AdoptionProcedure.objects.select_for_update()
        .select_related("document", "revision")
        .get(pk=procedure_id)
    )
    if row.outcome != AdoptionProcedure.Outcome.PENDING:
        return row
    procedure = procedure_value(row)
    evaluation = consensus.evaluate(procedure, moment)
    if evaluation.outcome is not consensus.Outcome.PENDING:
        _persist_outcome(row, procedure, evaluation, None, moment)
    return row


def _locked_pending(document: Document) -> AdoptionProcedure:
    row = (
        AdoptionProcedure.objects.select_for_update()
        .select_related("document", "revision")
        .filter(document=document, outcome=AdoptionProcedure.Outcome.PENDING)
        .first()
    )
    if row is None:
        raise _no_pending_procedure(document)
    return row


def _no_pending_procedure(document: Document) -> RuleViolation:
    """The refusal of an act on a document with no procedure open, saying why."""
    document.refresh_from_db(fields=["status"])
    if document.status == Document.Status.ADOPTED:
        return RuleViolation(
            _("The document has been adopted: nothing can be approved or objected.")
        )
    latest = document.procedures.order_by("-opened_at").first()
    if latest is not None:
        return RuleViolation(
            _(
                "The adoption procedure is closed (%(outcome)s): nothing can be approved or "
                "objected."
            )
            % {"outcome": outcome_label(latest.outcome)}
        )
    return RuleViolation(_("No adoption procedure is open on this document."))


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
    state = require_chair(actor) if chair_act else head_state_of(actor)
    with transaction.atomic():
        row = _locked_pending(document)
        # Take the time only once the lock is held: acts are then timed in the order they
        # are applied, and a request that waited for the lock is not "dated before" the act
        # that held it.
        moment = now or timezone.now()
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
    evaluation = consensus.evaluate(updated, moment)
    record(
        actor=actor,
        action=f"adoption.{act}",
        obj=row,
        audience=document.audience,
        payload={
            "document": document.pk,
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
    now: datetime | None = None,
    signed: Any = None,
) -> AdoptionAct:
    """The head approves subject to confirmation from the capital by `confirm_by`."""
    return _act(
        actor=actor,
        document_id=document_id,
        act=AdoptionAct.Act.APPROVE_AD_REF,
        now=now,
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


@transaction.atomic
def issue_chairs_statement(
    *, actor: User, document_id: int, text: str, now: datetime | None = None
) -> Document:
    """When consensus fails, the chair's statement under the chair's own responsibility:
    labelled as such, never signed, never presented as agreed."""
    document = document_for(actor, document_id, lock=True)
    require_chair(actor)
    moment = now or timezone.now()
    row = document.procedures.select_related("document", "revision").order_by("-opened_at").first()
    if row is None:
        raise RuleViolation(_("No adoption procedure has been held on this document."))
    statement = consensus.chair_statement(procedure_value(row), moment, text=text)
    issued = Document.objects.create(
        kind=Document.Kind.CHAIRS_STATEMENT,
        title=_("Chair's statement: %(title)s") % {"title": document.title},
        status=Document.Status.ISSUED,
        visibility=document.visibility,
        owner_state=document.owner_state,
        audience_states=document.audience_states,
        meeting_id=document.meeting_id,
        based_on=document,
        chair_statement=statement.to_dict(),
        created_by=actor,
        created_at=moment,
    )
    issued.concerns.set(document.concerns.all())
    record(
        actor=actor,
        action="document.chairs_statement",
        obj=issued,
        audience=issued.audience,
        payload={"based_on": document.pk, "statement": statement.to_dict()},
    )
    return issued


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


@transaction.atomic
def submit_signature(
    *, actor: User, document_id: int, signature: Mapping[str, Any], now: datetime | None = None
) -> Signature:
    """A head submits the state's signature, made offline or in the browser.

    Accepted only when it verifies against the state's registered key, valid at the time
    of signing, and the state adopted the text; the bundle with it must pass every check.
    """
    document = document_for(actor, document_id, lock=True)
    state = head_state_of(actor)
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
    keys = SigningKey.objects.filter(state_id__in=adopted_by)
    others = document.signatures.exclude(state=state)
    bundle = bundle_for(row, keys, others)
    signing.add_signature(bundle, fields)  # InvalidInput naming the failed check
    stored, _created = Signature.objects.update_or_create(
        document=document,
        state=state,
        defaults={
            "key": key,
            "key_fingerprint": fields["key_fingerprint"],
            "signature": fields["signature"],
            "signed_at": signed_at,
            "record_sha256": fields["adoption_record_sha256"],
            "submitted_by": actor,
            "submitted_at": now or timezone.now(),
        },
    )
    record(
        actor=actor,
        action="document.signed",
        obj=stored,
        audience=document.audience,
        payload={
            "document": document.pk,
            "state": state.code,
            "key_fingerprint": fields["key_fingerprint"],
            "signed_at": fields["signed_at"],
            "signature": fields["signature"],
        },
    )
    return stored

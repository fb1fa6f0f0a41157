"""Amendments: proposing, supporting, opposing and withdrawing them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import consensus, events, negotiation
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.ledger.services import record
from accord.members import rosters
from accord.members.models import State, User
from accord.negotiation.domain_values import amendment_value, procedure_value
from accord.negotiation.models import AdoptionAct, Amendment, AmendmentStance, Document
from accord.negotiation.permissions import document_for, member_state_of
from accord.proceedings import adoption as rules_of_procedure

from .acts import _apply
from .drafts import _current, _require_negotiation
from .procedures import _locked_pending

# The check other apps make of an amendment's language and its wordings in the document's
# other language versions (languages: the document's languages, each wording against its
# version). It returns (language, wordings to keep) or raises a DomainError; it runs with
# the document row locked, before anything is written.
Wordings = Mapping[str, Mapping[str, Any]]
AMENDMENT_WORDINGS: list[
    Callable[[Document, negotiation.Amendment, str, Wordings], tuple[str, dict[str, Any]]]
] = []


def check_wordings(
    document: Document, value: negotiation.Amendment, language: str, translations: Wordings
) -> tuple[str, dict[str, Any]]:
    """The amendment's language and its wordings in the other versions, as the registered
    check keeps them; a one-language deployment takes none."""
    if not AMENDMENT_WORDINGS:
        if language or translations:
            raise InvalidInput(
                _("This document has no other language versions."), field="translations"
            )
        return "", {}
    kept: tuple[str, dict[str, Any]] = ("", {})
    for check in AMENDMENT_WORDINGS:
        kept = check(document, value, language, translations)
    return kept


@transaction.atomic
def propose_amendment(
    *,
    actor: User,
    document_id: int,
    against: int,
    kind: str,
    paragraph_id: int | None = None,
    text: str = "",
    span: tuple[int, int, int] | None = None,
    quote: str | None = None,
    occurrence: int = 1,
    paragraph_kind: str | None = None,
    language: str = "",
    translations: Wordings | None = None,
    now: datetime | None = None,
) -> Amendment:
    """A member's delegation proposes an amendment against the current revision.

    The words to replace are a `span` (segment, start, end) or a `quote` of agreed text.
    `language` is the language it was proposed in; `translations` its wording in the
    document's other language versions (`{"zh": {"text", "quote", "occurrence"}}`).
    """
    document = document_for(actor, document_id, lock=True)
    if document.status == Document.Status.ADOPTION:
        _break_silence_by_amendment(actor, document, now or timezone.now())
    state, code, value = check_amendment(
        actor=actor,
        document=document,
        against=against,
        kind=kind,
        paragraph_id=paragraph_id,
        text=text,
        span=span,
        quote=quote,
        occurrence=occurrence,
        paragraph_kind=paragraph_kind,
    )
    wordings = check_wordings(document, value, language, translations or {})
    return do_propose_amendment(
        actor=actor, document=document, state=state, code=code, value=value, now=now,
        wordings=wordings,
    )  # fmt: skip


def _break_silence_by_amendment(actor: User, document: Document, moment: datetime) -> None:
    """Where the rules of procedure say so, a member's amendment to a text under silence
    breaks silence: the act is stored as the state's, on the ledger, and the text returns to
    negotiation before the amendment is taken (all in the proposal's transaction, so an
    amendment refused after it leaves silence unbroken). Elsewhere the rules' refusal.
    For a state under a root-signed roster breaking silence is an act its head signs
    (issue 12): an amendment, which carries no signature, does not break it there; the state
    breaks silence first, signed, and then proposes.
    Lock: the document row, then its pending procedure's."""
    state = member_state_of(actor)
    row = _locked_pending(document)
    prefetch_related_objects([row], "acts")  # read once, as `_apply` expects
    value = procedure_value(row)
    if consensus.evaluate(value, moment).outcome is not consensus.Outcome.PENDING:
        return  # decided by time: `check_amendment` refuses the text as it now stands
    broken = rules_of_procedure.amend_in_silence(
        document, value, state=state.code, is_head=actor.is_head,
        amendment=f"A{document.next_amendment}", now=moment,
    )  # fmt: skip
    if rosters.speaks_through_roster(state):
        raise NotPermitted(
            _(
                "%(state)s speaks through its signed roster: its head breaks silence with a "
                "signed act first, then the amendment may be proposed."
            )
            % {"state": state.code},
            code="act-signature",
        )
    position = broken.position(state.code)
    assert position is not None  # the domain has just recorded it
    _apply(
        row, value, actor, AdoptionAct.Act.BREAK_SILENCE, moment, False, state, document,
        reason=position.reason, confirm_by=None, dissociate_from=(),
    )  # fmt: skip
    document.refresh_from_db(fields=["status"])


def check_amendment(
    *,
    actor: User,
    document: Document,
    against: int,
    kind: str,
    paragraph_id: int | None,
    text: str,
    span: tuple[int, int, int] | None,
    quote: str | None,
    occurrence: int,
    paragraph_kind: str | None,
) -> tuple[State, str, negotiation.Amendment]:
    """Every refusal of `propose_amendment`, in its order; writes nothing. Returns the
    proposing state, the amendment's code and its domain value.
    Precondition: the document row is locked."""
    state = member_state_of(actor)
    _require_negotiation(document)
    current = _current(document)
    domain_span = None
    if quote is not None and kind == negotiation.AmendmentKind.REPLACE_SPAN:
        if paragraph_id is None:
            raise InvalidInput(_("Name the paragraph the amendment changes."))
        domain_span = negotiation.find_span(current.paragraph(paragraph_id), quote, occurrence)
    elif span is not None:
        domain_span = negotiation.Span(*span)
    code = f"A{document.next_amendment}"
    try:
        amendment_kind = negotiation.AmendmentKind(kind)
        new_kind = negotiation.ParagraphKind(paragraph_kind) if paragraph_kind else None
    except ValueError:
        raise InvalidInput(_("Unknown kind of amendment or paragraph.")) from None
    value = negotiation.propose_amendment(
        current,
        amendment_id=code,
        proposer=state.code,
        against=against,
        kind=amendment_kind,
        paragraph_id=paragraph_id,
        text=text,
        span=domain_span,
        paragraph_kind=new_kind,
    )
    _refuse_a_repeat(document, value)
    return state, code, value


def do_propose_amendment(
    *,
    actor: User,
    document: Document,
    state: State,
    code: str,
    value: negotiation.Amendment,
    now: datetime | None,
    wordings: tuple[str, dict[str, Any]] = ("", {}),
) -> Amendment:
    """Write the amendment, advance the document's numbering, record it.

    Lock: the document row, inside the caller's transaction.
    """
    amendment = Amendment.objects.create(
        document=document,
        code=code,
        against=value.against,
        proposer_state=state,
        proposed_by=actor,
        kind=value.kind.value,
        paragraph_id=value.paragraph_id,
        paragraph_kind=value.paragraph_kind.value if value.paragraph_kind else "",
        span_segment=value.span.segment if value.span else None,
        span_start=value.span.start if value.span else None,
        span_end=value.span.end if value.span else None,
        text=value.text,
        language=wordings[0],
        translations=wordings[1],
        proposed_at=now or timezone.now(),
    )
    document.next_amendment += 1
    document.save(update_fields=["next_amendment"])
    record(
        actor=actor,
        action=events.AMENDMENT_PROPOSED,
        obj=amendment,
        audience=document.audience,
        payload={
            "document": document.public_id,
            "amendment": code,
            "against": value.against,
            "kind": value.kind.value,
            "paragraph_id": value.paragraph_id,
            "text": value.text,
            "language": wordings[0],
            "translations": wordings[1],
        },
    )
    return amendment


def _refuse_a_repeat(document: Document, value: negotiation.Amendment) -> None:
    """A state proposes an amendment once: the same one again (a form sent twice) would
    stand twice in the chair's list. Precondition: the document row is locked."""
    same = document.amendments.filter(
        against=value.against,
        proposer_state_id=value.proposer,
        withdrawn_at__isnull=True,
        kind=value.kind.value,
        paragraph_id=value.paragraph_id,
        paragraph_kind=value.paragraph_kind.value if value.paragraph_kind else "",
        span_segment=value.span.segment if value.span else None,
        span_start=value.span.start if value.span else None,
        span_end=value.span.end if value.span else None,
        text=value.text,
    ).first()
    if same is not None:
        raise RuleViolation(
            _("%(state)s has already proposed this amendment (%(code)s).")
            % {"state": value.proposer, "code": same.code}
        )


def _amendment_for(document: Document, code: str) -> Amendment:
    amendment = document.amendments.select_related("document").filter(code=code).first()
    if amendment is None:
        raise NotFound(_("No such amendment."))  # the path names it: absent is 404
    return amendment


def _take_stance(
    actor: User, document_id: int, code: str, stance: str, now: datetime | None
) -> Amendment:
    document = document_for(actor, document_id, lock=True)
    state = member_state_of(actor)
    _require_negotiation(document)
    amendment = _amendment_for(document, code)
    value = amendment_value(amendment)
    act = negotiation.support if stance == AmendmentStance.Stance.SUPPORT else negotiation.oppose
    act(value, state.code, current_revision=document.current_revision)
    AmendmentStance.objects.update_or_create(
        amendment=amendment,
        state=state,
        defaults={"stance": stance, "by": actor, "at": now or timezone.now()},
    )
    record(
        actor=actor,
        action=events.AMENDMENT_SUPPORTED if stance == "support" else events.AMENDMENT_OPPOSED,
        obj=amendment,
        audience=document.audience,
        payload={"document": document.public_id, "amendment": code, "state": state.code},
    )
    return amendment


@transaction.atomic
def support_amendment(
    *, actor: User, document_id: int, code: str, now: datetime | None = None
) -> Amendment:
    """The actor's state supports an amendment (and stops opposing it)."""
    return _take_stance(actor, document_id, code, AmendmentStance.Stance.SUPPORT, now)


@transaction.atomic
def oppose_amendment(
    *, actor: User, document_id: int, code: str, now: datetime | None = None
) -> Amendment:
    """The actor's state opposes an amendment (and stops supporting it)."""
    return _take_stance(actor, document_id, code, AmendmentStance.Stance.OPPOSE, now)


@transaction.atomic
def withdraw_amendment(
    *, actor: User, document_id: int, code: str, now: datetime | None = None
) -> Amendment:
    """The proposing state withdraws its amendment."""
    document = document_for(actor, document_id, lock=True)
    state = member_state_of(actor)
    _require_negotiation(document)
    amendment = _amendment_for(document, code)
    negotiation.withdraw(
        amendment_value(amendment), state.code, current_revision=document.current_revision
    )
    amendment.withdrawn_at = now or timezone.now()
    amendment.save(update_fields=["withdrawn_at"])
    record(
        actor=actor,
        action=events.AMENDMENT_WITHDRAWN,
        obj=amendment,
        audience=document.audience,
        payload={"document": document.public_id, "amendment": code},
    )
    return amendment

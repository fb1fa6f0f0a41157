"""Every write of the negotiation text: drafts, amendments and revisions (DESIGN §2 rule 4).

Each function is one transaction: it checks who acts, applies the rule from
`accord.domain.negotiation`, saves, and ends with `accord.ledger.services.record`. A refusal
raises before anything is saved, so it changes nothing. Adoption and signatures are in
`accord.negotiation.adoption_services` and re-exported here, so that callers have one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import negotiation
from accord.domain.errors import DomainError, InvalidInput, NotFound, RuleViolation
from accord.domain.text import check_line
from accord.domain.visibility import Visibility
from accord.ledger.services import record
from accord.members.access import encode_states
from accord.members.models import State, User
from accord.negotiation.adoption_services import (
    approve,
    approve_ad_referendum,
    attach_explanation,
    break_silence,
    close_adoption,
    confirm_ad_referendum,
    dissociate,
    issue_chairs_statement,
    object_to,
    open_adoption,
    settle_procedure,
    signature_from,
    submit_signature,
)
from accord.negotiation.domain_values import amendment_value, revision_value
from accord.negotiation.models import Amendment, AmendmentStance, Document, Revision
from accord.negotiation.permissions import document_for, member_state_of, require_chair

__all__ = [
    "approve",
    "approve_ad_referendum",
    "attach_explanation",
    "break_silence",
    "close_adoption",
    "confirm_ad_referendum",
    "create_draft",
    "dissociate",
    "issue_chairs_statement",
    "issue_revision",
    "object_to",
    "open_adoption",
    "oppose_amendment",
    "propose_amendment",
    "settle_procedure",
    "signature_from",
    "submit_signature",
    "support_amendment",
    "withdraw_amendment",
]

OUTCOME_KINDS = [k for k in Document.Kind.values if k != Document.Kind.CHAIRS_STATEMENT]


def _segments(raw: Any) -> tuple[negotiation.Segment, ...]:
    """Segments from input: `{"text": …}` or `{"alternatives": [{"text", "backers"}]}`."""
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(_("A paragraph's segments are a non-empty list."))
    out: list[negotiation.Segment] = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise InvalidInput(_("Each segment is an object."))
        if "alternatives" in item:
            alternatives = item["alternatives"]
            if not isinstance(alternatives, list) or not alternatives:
                raise InvalidInput(_("A bracket needs at least one alternative."))
            built = []
            for alt in alternatives:
                if not isinstance(alt, Mapping) or not isinstance(alt.get("text"), str):
                    raise InvalidInput(_("Each alternative has a text."))
                backers = alt.get("backers") or []
                if not isinstance(backers, list) or not all(isinstance(b, str) for b in backers):
                    raise InvalidInput(_("Backers are a list of state codes."))
                built.append(negotiation.Alternative(alt["text"], frozenset(backers)))
            # Id 0 is a placeholder: new_draft numbers brackets in order.
            out.append(negotiation.Bracket(0, tuple(built)))
        elif isinstance(item.get("text"), str):
            out.append(negotiation.Text(item["text"]))
        else:
            raise InvalidInput(_("A segment has a text or alternatives."))
    return tuple(out)


def _audience_fields(
    actor: User, visibility: str, states: Sequence[str]
) -> tuple[Visibility, State | None, str]:
    try:
        level = Visibility(visibility)
    except ValueError:
        raise InvalidInput(_("Unknown visibility.")) from None
    codes = sorted({code.upper() for code in states})
    if level is Visibility.RESTRICTED:
        if not codes:
            raise InvalidInput(_("A restricted document names its states."))
        if State.objects.filter(code__in=codes).count() != len(codes):
            raise InvalidInput(_("Unknown state code."))
        return level, None, encode_states(codes)
    if codes:
        raise InvalidInput(_("Only a restricted document names states."))
    if level is Visibility.DELEGATION:
        return level, actor.state, ""
    return level, None, ""


def _dialogue_links(
    actor: User, meeting_id: int | None, concern_ids: Sequence[int]
) -> tuple[Any, list[Any]]:
    """The meeting and concerns a draft answers, as far as the chair may see them."""
    if meeting_id is None and not concern_ids:
        return None, []
    from accord.dialogue import selectors as dialogue

    try:
        meeting = None if meeting_id is None else dialogue.get_meeting(actor, meeting_id)
        concerns = [dialogue.get_concern(actor, pk) for pk in sorted(set(concern_ids))]
    except DomainError:
        # Absent and hidden read alike (rule 5); for a draft either is bad input.
        raise InvalidInput(_("No such meeting or concern.")) from None
    return meeting, concerns


TITLE_LIMIT = 300  # the column's width: PostgreSQL refuses a longer one with a 500


def _check_title(title: str) -> None:
    """The same rule for the pages and the CLI as the API's schema states."""
    check_line(title, field="title")
    if len(title) > TITLE_LIMIT:
        raise InvalidInput(f"title: at most {TITLE_LIMIT} characters", field="title")


@transaction.atomic
def create_draft(
    *,
    actor: User,
    kind: str,
    title: str,
    paragraphs: Sequence[Mapping[str, Any]],
    visibility: str = Visibility.PARTICIPANTS.value,
    states: Sequence[str] = (),
    meeting_id: int | None = None,
    concern_ids: Sequence[int] = (),
    now: datetime | None = None,
) -> Document:
    """The chair circulates a draft: the document and its Rev.1.

    Each paragraph is `{"kind": "preambular"|"operative", "text": …}` or, to start with
    brackets, `{"kind": …, "segments": [...]}`.
    """
    chair_state = require_chair(actor)
    moment = now or timezone.now()
    if kind not in OUTCOME_KINDS:
        raise InvalidInput(_("Unknown kind of document."))
    if not title.strip():
        raise InvalidInput(_("A document needs a title."))
    _check_title(title.strip())
    if not paragraphs:
        raise InvalidInput(_("A draft needs at least one paragraph."))
    level, owner, encoded = _audience_fields(actor, visibility, states)
    parsed: list[tuple[negotiation.ParagraphKind, str | tuple[negotiation.Segment, ...]]] = []
    for paragraph in paragraphs:
        try:
            paragraph_kind = negotiation.ParagraphKind(str(paragraph.get("kind")))
        except ValueError:
            raise InvalidInput(_("A paragraph is preambular or operative.")) from None
        if paragraph.get("segments"):
            parsed.append((paragraph_kind, _segments(paragraph["segments"])))
        else:
            text = paragraph.get("text")
            if not isinstance(text, str) or not text.strip():
                raise InvalidInput(_("A paragraph needs text."))
            parsed.append((paragraph_kind, text))
    meeting, concerns = _dialogue_links(actor, meeting_id, concern_ids)
    document = Document.objects.create(
        kind=kind,
        title=title.strip(),
        visibility=level.value,
        owner_state=owner,
        audience_states=encoded,
        meeting=meeting,
        current_revision=1,
        created_by=actor,
        created_at=moment,
    )
    if concerns:
        document.concerns.set(concerns)
    rev1 = negotiation.new_draft(
        document_id=document.domain_id,
        title=document.title,
        chair=chair_state.code,
        paragraphs=parsed,
    )
    row = Revision.objects.create(
        document=document,
        number=1,
        content=negotiation.revision_to_dict(rev1),
        sha256=negotiation.revision_hash(rev1),
        issued_by=actor,
        issued_at=moment,
    )
    record(
        actor=actor,
        action="document.drafted",
        obj=document,
        audience=document.audience,
        payload={"kind": kind, "title": document.title, "revision": 1, "sha256": row.sha256},
    )
    return document


def _current(document: Document) -> negotiation.Revision:
    return revision_value(Revision.objects.get(document=document, number=document.current_revision))


def _require_negotiation(document: Document) -> None:
    if document.status != Document.Status.NEGOTIATION:
        raise RuleViolation(
            _("The document is %(status)s: its text is no longer negotiated.")
            % {"status": document.get_status_display()}
        )


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
    now: datetime | None = None,
) -> Amendment:
    """A member's delegation proposes an amendment against the current revision.

    The words to replace are a `span` (segment, start, end) or a `quote` of agreed text.
    """
    document = document_for(actor, document_id, lock=True)
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
        proposed_at=now or timezone.now(),
    )
    document.next_amendment += 1
    document.save(update_fields=["next_amendment"])
    record(
        actor=actor,
        action="amendment.proposed",
        obj=amendment,
        audience=document.audience,
        payload={
            "document": document.pk,
            "amendment": code,
            "against": value.against,
            "kind": value.kind.value,
            "paragraph_id": value.paragraph_id,
            "text": value.text,
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
        action=f"amendment.{'supported' if stance == 'support' else 'opposed'}",
        obj=amendment,
        audience=document.audience,
        payload={"document": document.pk, "amendment": code, "state": state.code},
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
        action="amendment.withdrawn",
        obj=amendment,
        audience=document.audience,
        payload={"document": document.pk, "amendment": code},
    )
    return amendment


@transaction.atomic
def issue_revision(
    *,
    actor: User,
    document_id: int,
    decisions: Mapping[str, str],
    resolutions: Mapping[int, int] | None = None,
    ad_referendum: Mapping[int, Sequence[str]] | None = None,
    title: str | None = None,
    based_on: int | None = None,
    now: datetime | None = None,
) -> Revision:
    """The chair issues the next revision, deciding every pending amendment.

    `based_on` is the revision the chair was looking at: if another revision was issued in
    the meantime the request is stale and refused.
    """
    document = document_for(actor, document_id, lock=True)
    chair_state = require_chair(actor)
    _require_negotiation(document)
    if based_on is not None and based_on != document.current_revision:
        raise RuleViolation(_("Rev.%(n)s is no longer the current revision.") % {"n": based_on})
    if title is not None:
        _check_title(title.strip())
    current = _current(document)
    rows = list(
        document.amendments.filter(against=document.current_revision)
        .select_related("document")
        .prefetch_related("stances")
    )
    try:
        parsed_decisions = {code: negotiation.Decision(d) for code, d in decisions.items()}
    except ValueError:
        raise InvalidInput(_("A decision is agreed, bracketed or left-out.")) from None
    reserved = None
    if ad_referendum is not None:
        reserved = {int(pid): frozenset(codes) for pid, codes in ad_referendum.items()}
    revision = negotiation.issue_revision(
        current,
        chair=chair_state.code,
        amendments=[amendment_value(row) for row in rows],
        decisions=parsed_decisions,
        resolutions={int(b): int(i) for b, i in (resolutions or {}).items()},
        ad_referendum=reserved,
        title=title,
    )
    moment = now or timezone.now()
    row = Revision.objects.create(
        document=document,
        number=revision.number,
        content=negotiation.revision_to_dict(revision),
        sha256=negotiation.revision_hash(revision),
        issued_by=actor,
        issued_at=moment,
    )
    for amendment in rows:
        if amendment.withdrawn_at is None:
            amendment.decision = parsed_decisions[amendment.code].value
            amendment.save(update_fields=["decision"])
    document.current_revision = revision.number
    fields = ["current_revision"]
    if title is not None and title.strip():
        document.title = revision.title
        fields.append("title")
    document.save(update_fields=fields)
    record(
        actor=actor,
        action="revision.issued",
        obj=row,
        audience=document.audience,
        payload={
            "document": document.pk,
            "revision": revision.number,
            "sha256": row.sha256,
            "decisions": {code: d.value for code, d in sorted(parsed_decisions.items())},
            "open_paragraphs": list(revision.open_paragraphs),
        },
    )
    return row

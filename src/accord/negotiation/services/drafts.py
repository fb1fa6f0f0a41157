"""Drafts: creating one, and the checks shared by the writes on its text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import events, negotiation
from accord.domain.errors import DomainError, InvalidInput, RuleViolation
from accord.domain.text import check_line
from accord.domain.visibility import PUBLIC, Audience, Visibility
from accord.ledger.services import record
from accord.members.models import State, User
from accord.negotiation.domain_values import revision_value
from accord.negotiation.models import Document, Revision
from accord.negotiation.permissions import require_chair

from .search_index import index_document

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


def _draft_audience(actor: User, visibility: str, states: Sequence[str]) -> Audience:
    """Who the new document is for; refuses a level or states that do not fit."""
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
        return Audience(level, states=frozenset(codes))
    if codes:
        raise InvalidInput(_("Only a restricted document names states."))
    if level is Visibility.DELEGATION:
        return Audience(level, owner_state=actor.state_id)
    return Audience(level)


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
    checked = check_draft(
        actor=actor,
        kind=kind,
        title=title,
        paragraphs=paragraphs,
        visibility=visibility,
        states=states,
        meeting_id=meeting_id,
        concern_ids=concern_ids,
    )
    return do_create_draft(actor=actor, checked=checked, now=now)


@dataclass(frozen=True)
class CheckedDraft:
    """What `check_draft` found admissible: the document to create and its Rev.1 paragraphs."""

    chair_state: State
    kind: str
    title: str
    audience: Audience
    parsed: list[tuple[negotiation.ParagraphKind, str | tuple[negotiation.Segment, ...]]]
    meeting: Any  # a dialogue meeting, or None
    concerns: list[Any]


def check_draft(
    *,
    actor: User,
    kind: str,
    title: str,
    paragraphs: Sequence[Mapping[str, Any]],
    visibility: str,
    states: Sequence[str],
    meeting_id: int | None,
    concern_ids: Sequence[int],
) -> CheckedDraft:
    """Every refusal of `create_draft`, in its order; writes nothing."""
    chair_state = require_chair(actor, meeting_id=meeting_id)
    if kind not in OUTCOME_KINDS:
        raise InvalidInput(_("Unknown kind of document."))
    if not title.strip():
        raise InvalidInput(_("A document needs a title."))
    _check_title(title.strip())
    if not paragraphs:
        raise InvalidInput(_("A draft needs at least one paragraph."))
    audience = _draft_audience(actor, visibility, states)
    parsed = _parsed_paragraphs(paragraphs)
    meeting, concerns = _dialogue_links(actor, meeting_id, concern_ids)
    return CheckedDraft(chair_state, kind, title.strip(), audience, parsed, meeting, concerns)


def _parsed_paragraphs(
    paragraphs: Sequence[Mapping[str, Any]],
) -> list[tuple[negotiation.ParagraphKind, str | tuple[negotiation.Segment, ...]]]:
    """Each paragraph's kind and its text, or its segments when it starts with brackets."""
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
    return parsed


def do_create_draft(*, actor: User, checked: CheckedDraft, now: datetime | None) -> Document:
    """Create the document and its Rev.1, and record it.

    Lock: none needed (new rows); call inside the caller's transaction.
    """
    c = checked
    moment = now or timezone.now()
    document = Document.objects.create(
        kind=c.kind,
        title=c.title,
        **Document.audience_fields(c.audience),
        meeting=c.meeting,
        current_revision=1,
        created_by=actor,
        created_at=moment,
    )
    if c.concerns:
        document.concerns.set(c.concerns)
    rev1 = negotiation.new_draft(
        document_id=document.domain_id,
        title=document.title,
        chair=c.chair_state.code,
        paragraphs=c.parsed,
    )
    row = Revision.objects.create(
        document=document,
        number=1,
        content=negotiation.revision_to_dict(rev1),
        sha256=negotiation.revision_hash(rev1),
        issued_by=actor,
        issued_at=moment,
    )
    index_document(document=document)
    record(
        actor=actor,
        action=events.DOCUMENT_DRAFTED,
        obj=document,
        audience=document.audience,
        payload={"kind": c.kind, "title": document.title, "revision": 1, "sha256": row.sha256},
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


def do_open_to_public(document: Document) -> None:
    """The document (its revisions, versions and amendments with it) becomes public: what a
    derestriction does on its date (rule 8). The caller records it on the ledger.

    Lock: the document row, inside the caller's transaction.
    """
    document.audience = PUBLIC
    document.save(update_fields=Document.AUDIENCE_FIELDS)

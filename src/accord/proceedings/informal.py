"""Informal stages of a text: the chair's non-papers, "Friends of the Chair" groups and a
text bracketed in its entirety.

* A **non-paper** is circulated to a meeting's participants (never further, never public)
  and is not negotiable: it is no document, so no amendment, revision or adoption reaches it.
* A **Friends of the Chair** group is a few member states working on one paragraph; the
  group and its work are restricted to its states; the chair (or the paragraph's
  facilitator) records its outcome, and the chair brings it back to all: the outcome then
  goes to the whole document's audience.
* A text **bracketed in its entirety** cannot be put to adoption until the bracket is lifted.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.dialogue import selectors as dialogue_selectors
from accord.domain import events, procedure
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.text import check_line, check_prose
from accord.domain.visibility import Audience, Visibility
from accord.edge.pagination import Page, PageRequest, paginate
from accord.ledger.services import record
from accord.members.access import encode_states
from accord.members.models import State, User
from accord.negotiation.models import Document
from accord.negotiation.permissions import document_for, presides

from .chairing import may_act, paragraph_numbers
from .models import FriendsGroup, NonPaper, WholeTextBracket


def _restricted_to(meeting_audience: Audience, states: set[str]) -> Audience:
    return Audience(Visibility.RESTRICTED, states=frozenset(states))


@transaction.atomic
def circulate_non_paper(*, actor: User, meeting_id: int, title: str, body: str) -> NonPaper:
    """The chair circulates a non-paper to the meeting's participants."""
    meeting = dialogue_selectors.get_meeting(actor, meeting_id, for_update=True)
    if not presides(actor, meeting.pk):
        raise NotPermitted(_("Only the chair or a co-chair circulates a non-paper."))
    title = check_line((title or "").strip(), field="title")
    body = check_prose((body or "").strip(), field="body")
    if not title or len(title) > 200 or not body or len(body) > 50000:
        raise InvalidInput(_("A non-paper needs a title and a text."))
    row = NonPaper.objects.create(meeting=meeting, title=title, body=body, circulated_by=actor)
    record(
        actor=actor,
        action=events.NON_PAPER_CIRCULATED,
        obj=row,
        audience=_non_paper_audience(meeting),
        payload={"meeting": meeting.public_id, "title": title, "body": body},
    )
    return row


def _non_paper_audience(meeting: object) -> Audience:
    # Never public: the meeting's own audience, raised to participants if it was public.
    audience: Audience = meeting.audience  # type: ignore[attr-defined]
    if audience.visibility is Visibility.PUBLIC:
        return Audience(Visibility.PARTICIPANTS)
    return audience


def non_papers(user: User, meeting_id: int) -> list[NonPaper]:
    """The non-papers of a meeting the user may see (never for the public)."""
    return list(_non_papers(user, meeting_id))


def non_papers_page(user: User, meeting_id: int, page: PageRequest) -> Page[NonPaper]:
    """A page of them, the newest first."""
    return paginate(_non_papers(user, meeting_id), page)


def _non_papers(user: User, meeting_id: int) -> QuerySet[NonPaper]:
    meeting = dialogue_selectors.get_meeting(user, meeting_id)
    if user is None or not user.is_authenticated:
        return NonPaper.objects.none()
    return NonPaper.objects.filter(meeting=meeting)


@transaction.atomic
def convene_friends(
    *, actor: User, document_id: int, paragraph: str, states: list[str]
) -> FriendsGroup:
    """The chair (or the paragraph's facilitator) convenes Friends of the Chair."""
    document = document_for(actor, document_id, lock=True)
    may_act(actor, document, procedure.Power.CONSULT, paragraph=paragraph)
    if paragraph not in paragraph_numbers(document):
        raise InvalidInput(_("paragraph: the text has no such paragraph."), field="paragraph")
    codes = sorted({c.upper() for c in states})
    found = {s.code: s for s in State.objects.filter(code__in=codes)}
    if len(codes) < 2 or any(c not in found or not found[c].is_member for c in codes):
        raise InvalidInput(_("states: at least two member states."), field="states")
    if actor.state_id:
        codes = sorted({*codes, actor.state_id})
    row = FriendsGroup.objects.create(
        document=document, paragraph=paragraph, states=encode_states(codes), convened_by=actor
    )
    record(
        actor=actor,
        action=events.FRIENDS_CONVENED,
        obj=row,
        audience=_restricted_to(document.audience, set(codes)),
        payload={"document": document.public_id, "paragraph": paragraph, "states": codes},
    )
    return row


def _group(actor: User, group_id: int) -> FriendsGroup:
    row = FriendsGroup.objects.select_for_update().filter(pk=group_id).first()
    visible = row is not None and (
        actor.is_secretariat
        or actor.state_id in row.state_codes
        or presides(actor, row.document.meeting_id)
    )
    if row is None or not visible:
        raise NotFound(_("No such group."))
    document_for(actor, row.document_id)
    return row


@transaction.atomic
def report_friends(*, actor: User, group_id: int, outcome: str) -> FriendsGroup:
    """The chair or the paragraph's facilitator records the group's outcome (the group
    alone sees it until the chair brings it back)."""
    row = _group(actor, group_id)
    may_act(actor, row.document, procedure.Power.REPORT, paragraph=row.paragraph)
    if row.brought_back_at is not None:
        raise RuleViolation(_("The chair has already brought the outcome back to all."))
    words = check_prose((outcome or "").strip(), field="outcome")
    if not words or len(words) > 20000:
        raise InvalidInput(_("outcome: 1 to 20000 characters."), field="outcome")
    row.outcome = words
    row.reported_at = timezone.now()
    row.save(update_fields=["outcome", "reported_at"])
    record(
        actor=actor,
        action=events.FRIENDS_REPORTED,
        obj=row,
        audience=_restricted_to(row.document.audience, set(row.state_codes)),
        payload={"document": row.document.public_id, "paragraph": row.paragraph, "outcome": words},
    )
    return row


@transaction.atomic
def bring_back(*, actor: User, group_id: int) -> FriendsGroup:
    """The chair brings the group's outcome back to everyone the document reaches."""
    row = _group(actor, group_id)
    if not presides(actor, row.document.meeting_id):
        raise NotPermitted(_("Only the chair or a co-chair brings the outcome back to all."))
    if not row.outcome:
        raise RuleViolation(_("The group has no outcome to bring back yet."))
    if row.brought_back_at is not None:
        raise RuleViolation(_("The chair has already brought the outcome back to all."))
    row.brought_back_at = timezone.now()
    row.save(update_fields=["brought_back_at"])
    record(
        actor=actor,
        action=events.FRIENDS_BROUGHT_BACK,
        obj=row,
        audience=row.document.audience,
        payload={
            "document": row.document.public_id,
            "paragraph": row.paragraph,
            "states": row.state_codes,
            "outcome": row.outcome,
        },
    )
    return row


def friends_groups(user: User, document_id: int) -> list[FriendsGroup]:
    """The groups on a document the user may see: its own groups, the ones brought back,
    and all of them for the chair and the secretariat."""
    return list(_friends_groups(user, document_id))


def friends_groups_page(user: User, document_id: int, page: PageRequest) -> Page[FriendsGroup]:
    """A page of them, the newest first."""
    return paginate(_friends_groups(user, document_id), page)


def _friends_groups(user: User, document_id: int) -> QuerySet[FriendsGroup]:
    document = document_for(user, document_id)
    found: QuerySet[FriendsGroup] = FriendsGroup.objects.filter(document=document)
    if not (user.is_secretariat or presides(user, document.meeting_id)):
        mine = (
            found.filter(states__contains=f",{user.state_id},") if user.state_id else found.none()
        )
        found = mine | found.filter(brought_back_at__isnull=False)
    return found.distinct()


@transaction.atomic
def bracket_entirely(*, actor: User, document_id: int, lift: bool = False) -> Document:
    """The chair brackets the whole text (or lifts that bracket)."""
    document = document_for(actor, document_id, lock=True)
    if not presides(actor, document.meeting_id):
        raise NotPermitted(_("Only the chair or a co-chair brackets a text in its entirety."))
    current = WholeTextBracket.objects.filter(document=document, lifted_at__isnull=True).first()
    if lift:
        if current is None:
            raise RuleViolation(_("The text is not bracketed in its entirety."))
        current.lifted_at = timezone.now()
        current.save(update_fields=["lifted_at"])
    else:
        if current is not None:
            raise RuleViolation(_("The text is already bracketed in its entirety."))
        if document.status != Document.Status.NEGOTIATION:
            raise RuleViolation(_("Only a text in negotiation is bracketed."))
        WholeTextBracket.objects.create(document=document, placed_by=actor)
    record(
        actor=actor,
        action=events.TEXT_BRACKET_LIFTED if lift else events.TEXT_BRACKETED_ENTIRELY,
        obj=document,
        audience=document.audience,
        payload={"document": document.public_id},
    )
    return document


def bracketed_entirely(document: Document) -> bool:
    return WholeTextBracket.objects.filter(document=document, lifted_at__isnull=True).exists()

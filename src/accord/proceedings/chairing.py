"""Chairmanship: co-chairs, vice-chairs and facilitators appointed by the chair at a
meeting, and the outgoing chair's hand-over note. Every appointment is on the ledger.

A facilitator is appointed for one paragraph of a document (or one agenda item) and acts
there only, with the powers the rules of procedure give facilitators (`may_act`).
"""

from __future__ import annotations

from datetime import UTC, date, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.dialogue import selectors as dialogue_selectors
from accord.dialogue.models import AgendaItem, Meeting
from accord.domain import events, procedure
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.text import check_prose
from accord.domain.visibility import PUBLIC, Audience, Visibility
from accord.edge.pagination import Page, PageRequest, paginate
from accord.ledger.services import record
from accord.members.models import ChairTerm, State, User
from accord.negotiation.domain_values import revision_value
from accord.negotiation.models import Document, Revision
from accord.negotiation.permissions import document_for

from .messages import in_users_language
from .models import ChairOffice, Handover
from .series import rules_for_meeting


def paragraph_numbers(document: Document) -> list[str]:
    """The paragraph numbers of the document's current revision (`PP1`, `OP3`)."""
    row = Revision.objects.get(document=document, number=document.current_revision)
    revision = revision_value(row)
    labels = revision.labels()
    return [labels[p.id] for p in revision.paragraphs]


@transaction.atomic
def appoint(
    *,
    actor: User,
    meeting_id: int,
    office: str,
    holder: str,
    document_id: int | None = None,
    paragraph: str = "",
    item_id: int | None = None,
) -> ChairOffice:
    """The chair appoints a co-chair, a vice-chair or a facilitator at the meeting."""
    meeting = dialogue_selectors.get_meeting(actor, meeting_id, for_update=True)
    if not actor.is_chair:
        raise NotPermitted(_("Only the chair appoints co-chairs, vice-chairs and facilitators."))
    kind = _office(office)
    person = _holder(meeting, holder)
    document = _paragraphs_text(actor, meeting, document_id, paragraph)
    item = None
    if item_id is not None:
        item = meeting.agenda_items.filter(pk=item_id).first()
        if item is None:
            raise NotFound(_("No such agenda item at this meeting."))
    with in_users_language():
        procedure.check_mandate(
            procedure.Mandate(kind, person.state_id or "", paragraph, item.pk if item else None)
        )
    if ChairOffice.objects.filter(
        meeting=meeting, holder=person, office=kind.value, document=document,
        paragraph=paragraph, item=item, ended_at__isnull=True,
    ).exists():  # fmt: skip
        raise RuleViolation(_("This person already holds this office."))
    return do_appoint(
        actor=actor, meeting=meeting, kind=kind, person=person, document=document,
        paragraph=paragraph, item=item,
    )  # fmt: skip


def _office(office: str) -> procedure.Office:
    try:
        kind = procedure.Office(office)
    except ValueError:
        kind = procedure.Office.CHAIR
    if kind is procedure.Office.CHAIR:  # the chair is the term's, never an appointment
        raise InvalidInput(_("office: co-chair, vice-chair or facilitator."), field="office")
    return kind


def _holder(meeting: Meeting, holder: str) -> User:
    """The person appointed: of a member state taking part in the meeting."""
    person = User.objects.filter(username=holder, is_active=True).select_related("state").first()
    here = set(meeting.participants.values_list("code", flat=True))
    state = person.state if person is not None else None
    if person is None or state is None or state.code not in here or not state.is_member:
        raise InvalidInput(
            _("holder: a person of a member state taking part in this meeting."), field="holder"
        )
    return person


def _paragraphs_text(
    actor: User, meeting: Meeting, document_id: int | None, paragraph: str
) -> Document | None:
    """The text a facilitator's paragraph belongs to, negotiated at this meeting."""
    if document_id is None:
        if paragraph:
            raise InvalidInput(
                _("document: name the text the paragraph belongs to."), field="document"
            )
        return None
    document = document_for(actor, document_id)
    if document.meeting_id != meeting.pk:
        raise InvalidInput(_("document: a text negotiated at this meeting."), field="document")
    if paragraph not in paragraph_numbers(document):
        raise InvalidInput(_("paragraph: the text has no such paragraph."), field="paragraph")
    return document


def do_appoint(
    *,
    actor: User,
    meeting: Meeting,
    kind: procedure.Office,
    person: User,
    document: Document | None,
    paragraph: str,
    item: AgendaItem | None,
) -> ChairOffice:
    """Write the appointment and record it. Lock: the meeting row, in the caller's
    transaction."""
    assert person.state is not None  # `_holder` took a person of a member state
    row = ChairOffice.objects.create(
        meeting=meeting, office=kind.value, holder=person, state=person.state,
        document=document, paragraph=paragraph, item=item, appointed_by=actor,
    )  # fmt: skip
    record(
        actor=actor,
        action=events.CHAIR_APPOINTED,
        obj=row,
        audience=meeting.audience,
        payload={
            "meeting": meeting.public_id,
            "office": kind.value,
            "holder": person.username,
            "state": person.state_id,
            "document": document.public_id if document else None,
            "paragraph": paragraph,
            "item": item.number if item else None,
        },
    )
    return row


@transaction.atomic
def end_office(*, actor: User, office_id: int) -> ChairOffice:
    """The chair ends an appointment."""
    if not actor.is_chair:
        raise NotPermitted(_("Only the chair ends an appointment."))
    row = ChairOffice.objects.select_for_update().filter(pk=office_id).first()
    if row is None:
        raise NotFound(_("No such appointment."))
    meeting = dialogue_selectors.get_meeting(actor, row.meeting_id)
    if row.ended_at is not None:
        raise RuleViolation(_("The appointment has already ended."))
    row.ended_at = timezone.now()
    row.save(update_fields=["ended_at"])
    record(
        actor=actor,
        action=events.CHAIR_APPOINTMENT_ENDED,
        obj=row,
        audience=meeting.audience,
        payload={"meeting": meeting.public_id, "office": row.office, "holder": row.holder.username},
    )
    return row


def may_act(
    actor: User,
    document: Document,
    power: procedure.Power,
    *,
    paragraph: str,
) -> None:
    """NotPermitted unless the actor is the chair, or a co-chair or a facilitator whose
    mandate at the document's meeting gives `power` over `paragraph`."""
    if actor.is_chair:
        return
    if document.meeting_id is None:
        raise NotPermitted(_("Only the chair may do this on a text negotiated at no meeting."))
    offices = list(
        ChairOffice.objects.filter(
            holder=actor, meeting_id=document.meeting_id, ended_at__isnull=True
        ).filter(document__isnull=True)
        | ChairOffice.objects.filter(holder=actor, document=document, ended_at__isnull=True)
    )
    if not offices:
        raise NotPermitted(
            _("Only the chair, a co-chair or the paragraph's facilitator may do this.")
        )
    rules = rules_for_meeting(document.meeting_id)
    refusal = None
    for office in offices:
        try:
            with in_users_language():
                procedure.check_power(rules, office.mandate, power, paragraph=paragraph)
            return
        except NotPermitted as error:
            refusal = error
    assert refusal is not None
    raise refusal


@transaction.atomic
def hand_over(
    *,
    actor: User,
    incoming: str,
    note: str,
    holder: str = "",
    takes_effect_on: date | None = None,
    ends_on: date | None = None,
) -> Handover:
    """The outgoing chair hands the chair to the incoming state's head: the note, the
    outgoing term cut to end the day before `takes_effect_on` (default: today, at once)
    and the incoming term from then to `ends_on` (default: the outgoing term's end)."""
    today = timezone.localdate(timezone=UTC)
    term = (
        ChairTerm.objects.select_for_update()
        .filter(starts_on__lte=today, ends_on__gte=today)
        .first()
    )
    if term is None or term.holder_id != actor.pk or actor.state is None:
        raise NotPermitted(_("Only the chair hands over the chair."))
    state = State.objects.filter(code=incoming.upper()).first()
    if state is None or not state.is_member:
        raise InvalidInput(_("incoming: a member state."), field="incoming")
    if state.code == actor.state_id:
        raise InvalidInput(_("incoming: the chair passes to another state."), field="incoming")
    person = _incoming_head(state, holder)
    words = check_prose((note or "").strip(), field="note")
    if not words or len(words) > 20000:
        raise InvalidInput(_("note: 1 to 20000 characters."), field="note")
    start = takes_effect_on or today
    if not max(today, term.starts_on + timedelta(days=2)) <= start <= term.ends_on:
        raise InvalidInput(
            _("takes_effect_on: a day of the outgoing term, from today, after its second day."),
            field="takes_effect_on",
        )
    end = ends_on or term.ends_on
    if end <= start:
        raise InvalidInput(_("ends_on: a term ends after it starts."), field="ends_on")
    clash = ChairTerm.objects.exclude(pk=term.pk).filter(starts_on__lte=end, ends_on__gte=start)
    if clash.exists():
        raise RuleViolation(_("Another chair's term overlaps these dates."))
    return do_hand_over(actor=actor, term=term, person=person, note=words, start=start, end=end)


def _incoming_head(state: State, username: str) -> User:
    """The head of the incoming state who is to hold the chair (named when there are
    several)."""
    heads = User.objects.filter(state=state, role=User.Role.HEAD, is_active=True)
    if username:
        heads = heads.filter(username=username)
    found = list(heads[:2])
    if len(found) != 1:
        raise InvalidInput(
            _("holder: name the head of delegation of the incoming state who holds the chair."),
            field="holder",
        )
    return found[0]


def do_hand_over(
    *, actor: User, term: ChairTerm, person: User, note: str, start: date, end: date
) -> Handover:
    """Cut the outgoing term, begin the incoming one, keep the note; on the ledger for
    members (the note) and for everyone (who holds the chair). Lock: the outgoing term."""
    assert person.state is not None and actor.state is not None
    term.ends_on = start - timedelta(days=1)
    term.save(update_fields=["ends_on"])
    new_term = ChairTerm.objects.create(
        state=person.state, holder=person, starts_on=start, ends_on=end
    )
    row = Handover.objects.create(
        outgoing_state=actor.state, incoming_state=person.state, note=note, written_by=actor,
        term=new_term,
    )  # fmt: skip
    dates = {"starts_on": start.isoformat(), "ends_on": end.isoformat()}
    record(
        actor=actor,
        action=events.CHAIR_HANDED_OVER,
        obj=row,
        audience=Audience(Visibility.MEMBERS),
        payload={"outgoing": actor.state_id, "incoming": person.state_id, "note": note, **dates},
    )
    record(
        actor=actor,
        action=events.CHAIR_APPOINTED,
        obj=new_term,
        audience=PUBLIC,
        payload={"state": person.state_id, **dates, "handed_over_by": actor.state_id},
    )
    return row


def offices_at(user: User, meeting_id: int) -> list[ChairOffice]:
    return list(_offices_at(user, meeting_id))


def offices_page(user: User, meeting_id: int, page: PageRequest) -> Page[ChairOffice]:
    """A page of the offices at a meeting, the first appointed first."""
    return paginate(_offices_at(user, meeting_id), page)


def _offices_at(user: User, meeting_id: int) -> QuerySet[ChairOffice]:
    meeting = dialogue_selectors.get_meeting(user, meeting_id)
    return ChairOffice.objects.filter(meeting=meeting).select_related("holder", "state", "item")


def handovers(user: User) -> list[Handover]:
    """Hand-over notes: for members and the secretariat."""
    if not (user.is_secretariat or (user.state is not None and user.state.is_member)):
        return []
    return list(
        Handover.objects.select_related("outgoing_state", "incoming_state", "term__holder")[:20]
    )

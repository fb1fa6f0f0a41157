"""Chairmanship: co-chairs, vice-chairs and facilitators appointed by the chair at a
meeting, and the outgoing chair's hand-over note. Every appointment is on the ledger.

A facilitator is appointed for one paragraph of a document (or one agenda item) and acts
there only, with the powers the rules of procedure give facilitators (`may_act`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.dialogue import selectors as dialogue_selectors
from accord.dialogue.models import AgendaItem, Meeting
from accord.domain import events, procedure
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.text import check_prose
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.models import State, User
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
def hand_over(*, actor: User, incoming: str, note: str) -> Handover:
    """The outgoing chair leaves a hand-over note for the incoming chair's state."""
    if not actor.is_chair or actor.state is None:
        raise NotPermitted(_("Only the chair writes the hand-over note."))
    state = State.objects.filter(code=incoming.upper()).first()
    if state is None or not state.is_member:
        raise InvalidInput(_("incoming: a member state."), field="incoming")
    if state.code == actor.state_id:
        raise InvalidInput(_("incoming: the chair passes to another state."), field="incoming")
    words = check_prose((note or "").strip(), field="note")
    if not words or len(words) > 20000:
        raise InvalidInput(_("note: 1 to 20000 characters."), field="note")
    row = Handover.objects.create(
        outgoing_state=actor.state, incoming_state=state, note=words, written_by=actor
    )
    record(
        actor=actor,
        action=events.CHAIR_HANDED_OVER,
        obj=row,
        audience=Audience(Visibility.MEMBERS),
        payload={"outgoing": actor.state_id, "incoming": state.code, "note": words},
    )
    return row


def offices_at(user: User, meeting_id: int) -> list[ChairOffice]:
    meeting = dialogue_selectors.get_meeting(user, meeting_id)
    return list(
        ChairOffice.objects.filter(meeting=meeting).select_related("holder", "state", "item")
    )


def handovers(user: User) -> list[Handover]:
    """Hand-over notes: for members and the secretariat."""
    if not (user.is_secretariat or (user.state is not None and user.state.is_member)):
        return []
    return list(Handover.objects.select_related("outgoing_state", "incoming_state")[:20])

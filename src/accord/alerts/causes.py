"""From a recorded write to the alerts it causes: one rule per ledger action.

`on_record` is the ledger's hook (see `apps.py`): it runs inside the writer's transaction,
so the outbox rows commit or roll back with the write and its ledger entry. The cause key
is the entry's sequence number, unique for ever.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from django.conf import settings

from accord.alerts import recipients
from accord.alerts.outbox import Cause, enqueue
from accord.alerts.selectors import unreachable
from accord.domain.alerts import Trigger
from accord.domain.errors import RuleViolation
from accord.domain.visibility import Audience, StateStatus, Viewer, can_see
from accord.ledger.models import LedgerEntry
from accord.members.models import State
from accord.members.public_ids import named_by

Rule = Callable[[LedgerEntry, Audience], None]


def _cause(
    entry: LedgerEntry,
    audience: Audience,
    trigger: Trigger,
    target: tuple[str, str],
    full: Mapping[str, object],
    summary: Mapping[str, object],
) -> Cause:
    return Cause(
        key=f"ledger:{entry.seq}",
        trigger=trigger,
        audience=audience,
        object_type=target[0],
        object_id=target[1],
        caused_at=entry.recorded_at,
        full=dict(full),
        summary=dict(summary),
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _members_who_see(audience: Audience) -> list[str]:
    found = []
    for state in State.objects.filter(status=State.Status.MEMBER, left_on__isnull=True):
        if can_see(Viewer(state=state.code, state_status=StateStatus(state.status)), audience):
            found.append(state.code)
    return found


def silence_opened(entry: LedgerEntry, audience: Audience) -> None:
    """Alert every participating member; with `ACCORD_SILENCE_NEEDS_CHANNELS`, first refuse
    the procedure (the whole opening rolls back) while a member could not be reached."""
    from accord.negotiation.models import AdoptionProcedure

    if entry.payload.get("kind") != AdoptionProcedure.Kind.SILENCE:
        return
    procedure = AdoptionProcedure.objects.select_related("document").get(pk=entry.object_id)
    states = sorted(procedure.member_states)
    if getattr(settings, "ACCORD_SILENCE_NEEDS_CHANNELS", False):
        missing = unreachable(states)
        if missing:
            raise RuleViolation(
                "A silence procedure cannot open while a participating member has no verified "
                f"alert channel: {', '.join(missing)}. Ask them to add one."
            )
    summary = {"state": procedure.chair_state_id, "deadline": _iso(procedure.deadline)}
    full = {**summary, "title": procedure.document.title}
    target = ("negotiation.document", procedure.document.public_id)
    cause = _cause(entry, audience, Trigger.SILENCE_OPENED, target, full, summary)
    enqueue(cause, people=recipients.officers(states), states=states)


def ad_referendum(entry: LedgerEntry, audience: Audience) -> None:
    from accord.negotiation.models import AdoptionAct, AdoptionProcedure

    state = str(entry.payload.get("state") or "")
    procedure = AdoptionProcedure.objects.select_related("document").get(pk=entry.object_id)
    act = (
        AdoptionAct.objects.filter(
            procedure=procedure, state_id=state, act=AdoptionAct.Act.APPROVE_AD_REF
        )
        .order_by("-at")
        .first()
    )
    summary = {"state": state, "deadline": _iso(act.confirm_by if act else None)}
    full = {**summary, "title": procedure.document.title}
    target = ("negotiation.document", procedure.document.public_id)
    cause = _cause(entry, audience, Trigger.AD_REFERENDUM, target, full, summary)
    enqueue(cause, people=recipients.officers([state]), states=[state])


def document_adopted(entry: LedgerEntry, audience: Audience) -> None:
    from accord.negotiation.models import AdoptionProcedure

    procedure = AdoptionProcedure.objects.select_related("document").get(pk=entry.object_id)
    states = _members_who_see(audience)
    summary: dict[str, object] = {"state": procedure.chair_state_id}
    full = {**summary, "title": procedure.document.title}
    target = ("negotiation.document", procedure.document.public_id)
    cause = _cause(entry, audience, Trigger.DOCUMENT_ADOPTED, target, full, summary)
    enqueue(cause, people=recipients.officers(states), states=states)


def revision_issued(entry: LedgerEntry, audience: Audience) -> None:
    from accord.negotiation.models import Revision

    revision = Revision.objects.select_related("document").get(pk=entry.object_id)
    states = _members_who_see(audience)
    summary: dict[str, object] = {"revision": revision.number}
    full = {**summary, "title": revision.document.title}
    target = ("negotiation.document", revision.document.public_id)
    cause = _cause(entry, audience, Trigger.REVISION_ISSUED, target, full, summary)
    enqueue(cause, people=recipients.officers(states), states=states)


def notification_received(entry: LedgerEntry, audience: Audience) -> None:
    from accord.notifications.models import Notification

    notification = Notification.objects.get(**named_by(entry.object_id))
    states = list(notification.deliveries.values_list("state_id", flat=True))
    summary = {"state": notification.sender_state_id, "deadline": _iso(notification.ack_due_at)}
    full = {**summary, "title": notification.subject}
    target = ("notifications.notification", notification.public_id)
    cause = _cause(entry, audience, Trigger.NOTIFICATION_RECEIVED, target, full, summary)
    enqueue(cause, people=recipients.duty_officers(states), states=states)


def acknowledgement_overdue(entry: LedgerEntry, audience: Audience) -> None:
    from accord.notifications.models import Notification

    notification = Notification.objects.get(**named_by(entry.object_id))
    state = str(entry.payload.get("state") or "")
    summary = {"state": notification.sender_state_id, "deadline": _iso(notification.ack_due_at)}
    full = {**summary, "title": notification.subject}
    target = ("notifications.notification", notification.public_id)
    cause = _cause(entry, audience, Trigger.ACKNOWLEDGEMENT_OVERDUE, target, full, summary)
    enqueue(cause, people=recipients.duty_officers([state]), states=[state])


def hotline_message(entry: LedgerEntry, audience: Audience) -> None:
    from accord.notifications.models import HotlineMessage

    message = HotlineMessage.objects.get(**named_by(entry.object_id))
    summary: dict[str, object] = {"state": message.from_state_id}
    full = {**summary, "text": message.body}
    target = ("notifications.hotlinemessage", message.public_id)
    cause = _cause(entry, audience, Trigger.HOTLINE, target, full, summary)
    to = [message.to_state_id]
    enqueue(cause, people=recipients.duty_officers(to), states=to)


def floor_given(entry: LedgerEntry, audience: Audience) -> None:
    from accord.dialogue.models import FloorRequest

    request = FloorRequest.objects.select_related("item__meeting", "requested_by").get(
        **named_by(entry.object_id)
    )
    meeting = request.item.meeting
    summary: dict[str, object] = {"state": request.state_id}
    full = {**summary, "title": meeting.title}
    target = ("dialogue.meeting", meeting.public_id)
    cause = _cause(entry, audience, Trigger.FLOOR_GIVEN, target, full, summary)
    enqueue(cause, people=[request.requested_by])


def bilateral_requested(entry: LedgerEntry, audience: Audience) -> None:
    from accord.dialogue.models import Bilateral

    bilateral = Bilateral.objects.get(**named_by(entry.object_id))
    summary: dict[str, object] = {"state": bilateral.requester_id}
    full = {**summary, "title": bilateral.subject}
    target = ("dialogue.bilateral", bilateral.public_id)
    cause = _cause(entry, audience, Trigger.BILATERAL_REQUESTED, target, full, summary)
    to = [bilateral.counterpart_id]
    enqueue(cause, people=recipients.officers(to), states=to)


def commitment_overdue(entry: LedgerEntry, audience: Audience) -> None:
    """The lead states' duty officers hear that their commitment is overdue. The entry's
    payload holds every fact: the proceedings app sits beside this one, not below it."""
    payload = entry.payload
    leads = sorted(str(code) for code in payload.get("lead_states") or [])
    summary: dict[str, object] = {"due": payload.get("due"), "paragraph": payload.get("paragraph")}
    full = {**summary, "title": payload.get("description", "")}
    target = ("proceedings.matrix", str(payload.get("document") or ""))
    cause = _cause(entry, audience, Trigger.COMMITMENT_OVERDUE, target, full, summary)
    enqueue(cause, people=recipients.duty_officers(leads), states=leads)


RULES: dict[str, Rule] = {
    "adoption.opened": silence_opened,
    "adoption.approve-ad-referendum": ad_referendum,
    "adoption.adopted": document_adopted,
    "revision.issued": revision_issued,
    "notification.sent": notification_received,
    "notification.replied": notification_received,
    "notification.acknowledgement_overdue": acknowledgement_overdue,
    "notification.reply_overdue": acknowledgement_overdue,
    "hotline.message_sent": hotline_message,
    "floor.given": floor_given,
    "bilateral.requested": bilateral_requested,
    "commitment.overdue": commitment_overdue,
}


def on_record(entry: LedgerEntry, audience: Audience) -> None:
    """The ledger hook. Precondition: inside the transaction that appended `entry`."""
    rule = RULES.get(entry.action)
    if rule is not None:
        rule(entry, audience)

"""Every write about notifications: sending, acknowledging, replying, asking for a meeting.

Each function is one transaction that checks permission, validates against the type's
schema (`accord.domain.notifications`), saves, and ends with `record(...)`, which
appends to the ledger and publishes the event to the notification's audience after commit.
A refused action raises before anything is saved, so it changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.domain import published, search
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.notifications import EXPLANATION_REPLY, subject_of, validate_content
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members import rosters
from accord.members.access import encode_states
from accord.members.models import ChairTerm, State, User
from accord.notifications import selectors, signed_acts
from accord.notifications.models import Delivery, Notification, NotificationType
from accord.notifications.overdue import flag_overdue as flag_overdue


def content_digest(content: dict[str, Any]) -> str:
    """What the ledger keeps of a notification's content: enough to prove it unchanged."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _require_member_state(actor: User, what: str) -> str:
    if actor.state_id is None or actor.state is None or not actor.state.is_member:
        raise NotPermitted(f"only a member state's delegation may {what}")
    return actor.state_id


def _recipients(sender: str, recipients: Iterable[str] | None) -> tuple[Visibility, list[str]]:
    """All other members (`members`), or the named member states only (`restricted`)."""
    members = set(
        State.objects.filter(status=State.Status.MEMBER, left_on__isnull=True).values_list(
            "code", flat=True
        )
    )
    if recipients is None:
        return Visibility.MEMBERS, sorted(members - {sender})
    named = sorted({code.strip().upper() for code in recipients})
    if not named:
        raise InvalidInput("recipients: name at least one state, or send to all members")
    if sender in named:
        raise InvalidInput(f"recipients: {sender} is the sender, not a recipient")
    unknown = [code for code in named if code not in members]
    if unknown:
        raise InvalidInput(f"recipients: {', '.join(unknown)} is not a member state")
    return Visibility.RESTRICTED, named


@transaction.atomic
def send_notification(
    *,
    actor: User,
    type_key: str,
    content: dict[str, Any],
    recipients: Iterable[str] | None = None,
    now: datetime | None = None,
) -> Notification:
    """Send a notification of the current version of `type_key`.

    `recipients=None` sends it to every other member state, visible to all members and the
    secretariat; named recipients make it `restricted` to the sender and those states.
    """
    sender = _require_member_state(actor, "send a notification")
    kind = NotificationType.objects.filter(key=type_key, is_active=True).order_by("-version")
    notification_type = kind.first()
    if notification_type is None:
        raise InvalidInput(f"type: no notification type {type_key!r}")
    if notification_type.is_reply:
        raise InvalidInput(f"type: {type_key} is sent as the reply to a request, not on its own")
    visibility, states = _recipients(sender, recipients)
    if not states:
        raise InvalidInput("recipients: there is no other member state to notify")
    return _create(
        actor=actor,
        notification_type=notification_type,
        content=content,
        audience=Audience(visibility, states=frozenset([sender, *states])),
        sender=sender,
        recipients=states,
        in_reply_to=None,
        now=now or timezone.now(),
    )


def _refuse_a_repeat(
    notification_type: NotificationType,
    sender: str,
    audience: Audience,
    content: dict[str, Any],
) -> None:
    """The same notice to the same states twice (a form sent twice) would ask every
    recipient to acknowledge it twice. The sender's row serialises its notifications."""
    State.objects.select_for_update().filter(code=sender).first()
    earlier = Notification.objects.filter(
        sender_state_id=sender,
        type=notification_type,
        in_reply_to__isnull=True,
        audience_states=encode_states(audience.states),
    ).only("pk", "content")
    same = next((n for n in earlier if n.content == content), None)
    if same is not None:
        raise RuleViolation(
            f"{sender} has already sent this notification to these states "
            f"(notification {same.public_id})."
        )


def _create(
    *,
    actor: User,
    notification_type: NotificationType,
    content: dict[str, Any],
    audience: Audience,
    sender: str,
    recipients: list[str],
    in_reply_to: Notification | None,
    now: datetime,
) -> Notification:
    """Precondition: inside the caller's transaction; permission already checked."""
    schema = notification_type.parsed
    cleaned = validate_content(notification_type.key, schema, content)
    if in_reply_to is None:
        _refuse_a_repeat(notification_type, sender, audience, cleaned)
    subject = subject_of(schema, cleaned, notification_type.title)
    notification = Notification.objects.create(
        type=notification_type,
        sender_state_id=sender,
        sent_by=actor,
        subject=subject,
        search_terms=search.index_terms(subject),
        content=cleaned,
        **Notification.audience_fields(audience),
        sent_at=now,
        ack_due_at=now + timedelta(hours=notification_type.ack_hours),
        reply_due_at=(
            now + timedelta(hours=notification_type.reply_hours)
            if notification_type.reply_hours is not None
            else None
        ),
        in_reply_to=in_reply_to,
    )
    Delivery.objects.bulk_create(
        [Delivery(notification=notification, state_id=code) for code in recipients]
    )
    sent = published.NotificationReplied if in_reply_to else published.NotificationSent
    record(
        actor=actor,
        obj=notification,
        event=sent(
            audience=notification.audience,
            type=notification_type.key,
            version=notification_type.version,
            sender=sender,
            recipients=tuple(recipients),
            visibility=audience.visibility.value,
            subject=notification.subject,
            content_sha256=content_digest(cleaned),
            in_reply_to=in_reply_to.public_id if in_reply_to else None,
            ack_due_at=notification.ack_due_at.isoformat(),
        ),
    )
    return notification


@transaction.atomic
def acknowledge(
    *, actor: User, notification_id: int, now: datetime | None = None, signed: Any = None
) -> Delivery:
    """The actor's state acknowledges receipt; once per state; for a state under its roster,
    signed by a person on it over a challenge (`signed_acts`, issue 12).

    Locks the delivery row so that two officers of one state acknowledging at the same
    moment record one acknowledgement, and the second is told it was already done.
    """
    notification = selectors.get_notification(actor, notification_id)
    delivery = (
        Delivery.objects.select_for_update()
        .filter(notification=notification, state_id=actor.state_id)
        .first()
        if actor.state_id is not None
        else None
    )
    if delivery is None:
        who = actor.state_id or "the secretariat"
        raise NotPermitted(
            f"{who} is not a recipient of notification {notification.public_id}; "
            "only the states it was sent to acknowledge it"
        )
    if delivery.acknowledged_at is not None:
        raise RuleViolation(
            f"{delivery.state_id} already acknowledged notification {notification.public_id} "
            f"on {delivery.acknowledged_at:%Y-%m-%d %H:%M} UTC"
        )
    moment = now or timezone.now()
    checked = signed_acts.check_signed_acknowledgement(
        actor=actor, delivery=delivery, signed=signed, moment=moment
    )
    delivery.acknowledged_at = moment
    delivery.acknowledged_by = actor
    fields = ["acknowledged_at", "acknowledged_by"]
    if checked is not None:
        delivery.acknowledgement_signed = checked.signed
        delivery.acknowledgement_challenge = checked.challenge
        fields += ["acknowledgement_signed", "acknowledgement_challenge"]
    delivery.save(update_fields=fields)
    record(
        actor=actor,
        obj=notification,
        event=published.NotificationAcknowledged(
            audience=notification.audience,
            notification=notification.public_id,
            state=delivery.state_id,
            late=moment > notification.ack_due_at,
            signed=None if checked is None else checked.signed,
        ),
    )
    return delivery


@transaction.atomic
def reply(
    *,
    actor: User,
    notification_id: int,
    content: dict[str, Any],
    now: datetime | None = None,
) -> Notification:
    """A recipient state answers a request for explanation; the reply goes to the requester,
    visible to the same audience as the request."""
    request = selectors.get_notification(actor, notification_id)
    if not request.type.expects_reply:
        raise RuleViolation(
            f"notification {request.public_id} is not a request that expects a reply"
        )
    delivery = (
        Delivery.objects.select_for_update()
        .filter(notification=request, state_id=actor.state_id)
        .first()
        if actor.state_id is not None
        else None
    )
    if delivery is None:
        who = actor.state_id or "the secretariat"
        raise NotPermitted(
            f"{who} is not a recipient of request {request.public_id}; it cannot reply"
        )
    if delivery.reply_id is not None:
        raise RuleViolation(f"{delivery.state_id} already replied to request {request.public_id}")
    moment = now or timezone.now()
    reply_type = (
        NotificationType.objects.filter(key=EXPLANATION_REPLY, is_active=True)
        .order_by("-version")
        .first()
    )
    if reply_type is None:
        raise RuleViolation("no reply type is configured")
    answer = _create(
        actor=actor,
        notification_type=reply_type,
        content=content,
        audience=replace(request.audience, states=request.audience.states | {delivery.state_id}),
        sender=delivery.state_id,
        recipients=[request.sender_state_id],
        in_reply_to=request,
        now=moment,
    )
    delivery.reply = answer
    delivery.replied_at = moment
    # A reply counts as receipt: a state that answered has plainly received the request.
    # Not for a state under its roster: its acknowledgement is a signed act of its own.
    fields = ["reply", "replied_at"]
    if delivery.acknowledged_at is None and not rosters.speaks_through_roster(delivery.state_id):
        delivery.acknowledged_at = moment
        delivery.acknowledged_by = actor
        fields += ["acknowledged_at", "acknowledged_by"]
    delivery.save(update_fields=fields)
    return answer


@transaction.atomic
def request_meeting(
    *, actor: User, notification_id: int, now: datetime | None = None
) -> Notification:
    """The requesting state asks the chair to convene a meeting on an unanswered request.

    Allowed once the reply deadline has passed with at least one recipient silent. When
    the request is restricted, the chair's state joins its audience: asking the chair to
    act on it is the requesting state's choice to show it to the chair.
    """
    request = selectors.get_notification(actor, notification_id)
    if actor.state_id != request.sender_state_id:
        raise NotPermitted("only the requesting state may ask for a meeting on its request")
    request = Notification.objects.select_for_update().get(pk=request.pk)
    moment = now or timezone.now()
    if request.reply_due_at is None:
        raise RuleViolation(f"notification {request.public_id} is not a request for explanation")
    if moment <= request.reply_due_at:
        raise RuleViolation(
            f"the reply deadline ({request.reply_due_at:%Y-%m-%d %H:%M} UTC) has not passed"
        )
    silent = list(
        request.deliveries.filter(replied_at__isnull=True).values_list("state_id", flat=True)
    )
    if not silent:
        raise RuleViolation(f"every recipient replied to request {request.public_id}")
    if request.meeting_requested_at is not None:
        raise RuleViolation(f"a meeting on request {request.public_id} was already asked for")
    term = ChairTerm.current(moment.date())
    if term is None:
        raise RuleViolation("no state holds the chair today")
    fields = ["meeting_requested_at", "meeting_requested_by"]
    if request.visibility == Visibility.RESTRICTED.value:
        request.audience = replace(
            request.audience, states=request.audience.states | {term.state_id}
        )
        fields += Notification.AUDIENCE_FIELDS
    request.meeting_requested_at = moment
    request.meeting_requested_by = actor
    request.save(update_fields=fields)
    record(
        actor=actor,
        obj=request,
        event=published.NotificationMeetingRequested(
            audience=request.audience,
            notification=request.public_id,
            chair_state=term.state_id,
            without_reply=tuple(silent),
        ),
    )
    return request

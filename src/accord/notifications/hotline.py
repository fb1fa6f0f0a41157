"""Every write on the hotline: an urgent channel between two states, with receipts.

A message is `restricted` to its two states: no third state, observer or secretariat sees
it, nor its events or ledger body. Receipts are the recipient state's: "delivered" when a
duty officer's screen or client received it, "read" when someone there marked it read.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.domain import published
from accord.domain.errors import InvalidInput, NotPermitted
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.models import State, User
from accord.notifications import selectors, signed_acts
from accord.notifications.models import HotlineMessage

BODY_LIMIT = 5000
DELIVERED = "delivered"
READ = "read"


def hotline_audience(first: str, second: str) -> Audience:
    return Audience(Visibility.RESTRICTED, states=frozenset({first, second}))


def check_sender(actor: User, to_state: str) -> tuple[str, str]:
    """(sender, receiver) when the actor may send on the hotline to `to_state`; refused
    otherwise."""
    sender = actor.state_id
    if sender is None or actor.state is None or not actor.state.is_member:
        raise NotPermitted("only a member state's delegation may use the hotline")
    if not (actor.is_duty_officer or actor.is_head):
        raise NotPermitted("only a duty officer or the head of delegation sends on the hotline")
    target = (to_state or "").strip().upper()
    if target == sender:
        raise InvalidInput(f"to: {sender} cannot send a hotline message to itself")
    if not State.objects.filter(
        code=target, status=State.Status.MEMBER, left_on__isnull=True
    ).exists():
        raise InvalidInput(f"to: {target or '(empty)'} is not a member state")
    return sender, target


def message_text(body: str) -> str:
    """The text as kept and signed: line ends as a browser's text area gives them (a form
    sends CRLF), no surrounding blanks."""
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise InvalidInput("body: the message is empty")
    if len(text) > BODY_LIMIT:
        raise InvalidInput(f"body: at most {BODY_LIMIT} characters")
    return text


@transaction.atomic
def send_hotline_message(
    *,
    actor: User,
    to_state: str,
    body: str,
    now: datetime | None = None,
    signed: Any = None,
) -> HotlineMessage:
    """A duty officer or head of a member state sends an urgent message to another member;
    for a state under its roster, signed by the sender over a challenge (issue 12)."""
    sender, target = check_sender(actor, to_state)
    text = message_text(body)
    moment = now or timezone.now()
    checked = signed_acts.check_signed_message(
        actor=actor, sender=sender, target=target, text=text, signed=signed, moment=moment
    )
    message = HotlineMessage.objects.create(
        from_state_id=sender,
        to_state_id=target,
        sent_by=actor,
        body=text,
        sent_at=moment,
        **HotlineMessage.audience_fields(hotline_audience(sender, target)),
        signed=None if checked is None else checked.signed,
        challenge=None if checked is None else checked.challenge,
    )
    record(
        actor=actor,
        obj=message,
        event=published.HotlineMessageSent(
            audience=message.audience,
            from_=sender,
            to=target,
            body_sha256=hashlib.sha256(text.encode()).hexdigest(),
            signed=None if checked is None else checked.signed,
        ),
    )
    return message


@transaction.atomic
def give_receipt(
    *, actor: User, message_id: int, receipt: str, now: datetime | None = None
) -> HotlineMessage:
    """The recipient state's delivery or read receipt; a repeated receipt changes nothing."""
    if receipt not in (DELIVERED, READ):
        raise InvalidInput(f"receipt: one of {DELIVERED}, {READ}")
    message = selectors.get_hotline_message(actor, message_id)
    if actor.state_id != message.to_state_id:
        raise NotPermitted("only the receiving state gives receipts for a hotline message")
    message = HotlineMessage.objects.select_for_update().get(pk=message.pk)
    moment = now or timezone.now()
    fields: list[str] = []
    if message.delivered_at is None:
        message.delivered_at = moment
        message.delivered_to = actor
        fields += ["delivered_at", "delivered_to"]
    if receipt == READ and message.read_at is None:
        message.read_at = moment
        message.read_by = actor
        fields += ["read_at", "read_by"]
    if not fields:
        return message
    message.save(update_fields=fields)
    given = (
        published.HotlineMessageRead if "read_at" in fields else published.HotlineMessageDelivered
    )
    record(
        actor=actor,
        obj=message,
        event=given(
            audience=message.audience, message=message.public_id, by=actor.state_id, receipt=receipt
        ),
    )
    return message


def deliver_pending(*, actor: User, messages: list[HotlineMessage]) -> None:
    """Mark as delivered what a duty officer's screen has just shown (no-op for others)."""
    if not actor.is_duty_officer:
        return
    for message in messages:
        if message.to_state_id == actor.state_id and message.delivered_at is None:
            give_receipt(actor=actor, message_id=message.pk, receipt=DELIVERED)

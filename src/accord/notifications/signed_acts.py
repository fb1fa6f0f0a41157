"""Acknowledgements of notifications and hotline messages of a state under its roster are
signed by the person making them, over the server's challenge (issue 12).

An acknowledgement (`accord-acknowledgement/1`) names the notification's public id and the
hash of its content as the ledger recorded it at sending (`content_sha256`); a hotline
message (`accord-hotline-message/1`) its channel (`RUS>CHN`) and the SHA-256 of its text.
Either is made by a head or a delegate on the roster in force (the hotline's own rule, a
duty officer or the head, still applies), checked by `members.act_signatures`, stored
verbatim beside the acknowledgement or the message and carried by its ledger entry.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import signing
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.members import act_signatures, rosters
from accord.members.models import ActChallenge, State, User
from accord.notifications.models import Delivery, Notification

ACKNOWLEDGEMENT = signing.ACKNOWLEDGEMENT_FORMAT
HOTLINE = signing.HOTLINE_FORMAT


def content_digest(content: dict[str, Any]) -> str:
    from accord.notifications.services import content_digest as digest

    return digest(content)


def message_digest(text: str) -> str:
    """SHA-256 of the message's UTF-8 text, as the ledger records it (`body_sha256`)."""
    return hashlib.sha256(text.encode()).hexdigest()


def _no_root(state: State | str) -> RuleViolation:
    code = state if isinstance(state, str) else state.code
    return RuleViolation(
        _("%(state)s has no root key: its acts are not signed over a challenge.") % {"state": code},
        code="no-root-key",
    )


def acknowledgement_subject(notification: Notification) -> dict[str, Any]:
    return {
        "notification_id": notification.public_id,
        "content_sha256": content_digest(notification.content),
    }


def acknowledgement_key(notification: Notification) -> str:
    return f"acknowledgement:{notification.pk}"


def _delivery(actor: User, notification: Notification) -> Delivery:
    delivery = (
        Delivery.objects.filter(notification=notification, state_id=actor.state_id).first()
        if actor.state_id is not None
        else None
    )
    if delivery is None:
        raise NotPermitted(
            _("Only the states a notification was sent to acknowledge it."), code="not-recipient"
        )
    if delivery.acknowledged_at is not None:
        raise RuleViolation(
            _("%(state)s has already acknowledged this notification.")
            % {"state": delivery.state_id},
            code="already-acknowledged",
        )
    return delivery


def issue_acknowledgement_challenge(
    *, actor: User, notification: Notification, now: datetime | None = None
) -> ActChallenge:
    """A challenge for the acknowledgement of `notification` by the actor's state."""
    delivery = _delivery(actor, notification)
    if not rosters.speaks_through_roster(delivery.state_id):
        raise _no_root(delivery.state_id)
    return act_signatures.issue_state_act_challenge(
        actor=actor,
        state=delivery.state,
        purpose=ACKNOWLEDGEMENT,
        subject_key=acknowledgement_key(notification),
        subject=acknowledgement_subject(notification),
        now=now,
    )


def check_signed_acknowledgement(
    *, actor: User, delivery: Delivery, signed: Any, moment: datetime
) -> act_signatures.CheckedStateAct | None:
    """The checked signed acknowledgement; None for a state without a root key.

    Precondition: the delivery row is locked, inside the acknowledgement's transaction.
    """
    if not rosters.speaks_through_roster(delivery.state_id):
        return None
    notification = delivery.notification
    return act_signatures.check_state_act(
        actor=actor,
        state=delivery.state,
        purpose=ACKNOWLEDGEMENT,
        subject_key=acknowledgement_key(notification),
        expected=acknowledgement_subject(notification),
        signed=signed,
        moment=moment,
        wrong_subject=InvalidInput(
            _("This acknowledgement is signed over another notification."), code="act-subject"
        ),
    )


def hotline_key(sender: str, receiver: str) -> str:
    return f"hotline:{signing.channel(sender, receiver)}"


def issue_hotline_challenge(
    *, actor: User, to_state: str, now: datetime | None = None
) -> ActChallenge:
    """A challenge for one hotline message from the actor's state to `to_state`."""
    from accord.notifications.hotline import check_sender

    sender, target = check_sender(actor, to_state)
    if not rosters.speaks_through_roster(sender):
        raise _no_root(sender)
    assert actor.state is not None
    return act_signatures.issue_state_act_challenge(
        actor=actor,
        state=actor.state,
        purpose=HOTLINE,
        subject_key=hotline_key(sender, target),
        subject={"channel": signing.channel(sender, target)},
        now=now or timezone.now(),
    )


def check_signed_message(
    *, actor: User, sender: str, target: str, text: str, signed: Any, moment: datetime
) -> act_signatures.CheckedStateAct | None:
    """The checked signed hotline message; None for a sender without a root key."""
    if not rosters.speaks_through_roster(sender):
        return None
    assert actor.state is not None
    return act_signatures.check_state_act(
        actor=actor,
        state=actor.state,
        purpose=HOTLINE,
        subject_key=hotline_key(sender, target),
        expected={
            "channel": signing.channel(sender, target),
            "message_sha256": message_digest(text),
        },
        signed=signed,
        moment=moment,
        wrong_subject=InvalidInput(
            _("This message is signed for another hotline channel."), code="act-subject"
        ),
    )

"""What the notifications' services publish: notifications, their acknowledgements and
replies, the meeting asked for on an unanswered request, the hotline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accord.domain import events

from .base import Published, absent


@dataclass(frozen=True, kw_only=True)
class NotificationSent(Published):
    KIND = events.NOTIFICATION_SENT
    type: str
    version: int
    sender: str
    recipients: tuple[str, ...]
    visibility: str
    subject: str
    content_sha256: str
    in_reply_to: str | None
    ack_due_at: str


@dataclass(frozen=True, kw_only=True)
class NotificationReplied(NotificationSent):
    """A reply to a request for explanation: a notification like any other, in reply."""

    KIND = events.NOTIFICATION_REPLIED


@dataclass(frozen=True, kw_only=True)
class NotificationAcknowledged(Published):
    KIND = events.NOTIFICATION_ACKNOWLEDGED
    notification: str
    state: str
    late: bool
    signed: Mapping[str, Any] | None = absent()  # for a state under its roster


@dataclass(frozen=True, kw_only=True)
class NotificationAcknowledgementOverdue(Published):
    KIND = events.NOTIFICATION_ACKNOWLEDGEMENT_OVERDUE
    notification: str
    state: str


@dataclass(frozen=True, kw_only=True)
class NotificationReplyOverdue(Published):
    KIND = events.NOTIFICATION_REPLY_OVERDUE
    notification: str
    state: str


@dataclass(frozen=True, kw_only=True)
class NotificationMeetingRequested(Published):
    KIND = events.NOTIFICATION_MEETING_REQUESTED
    notification: str
    chair_state: str
    without_reply: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class NotificationMeetingConvened(Published):
    KIND = events.NOTIFICATION_MEETING_CONVENED
    notification: str
    meeting: str


@dataclass(frozen=True, kw_only=True)
class HotlineMessageSent(Published):
    """The ledger keeps the text's digest; the stream names the two states and the message."""

    KIND = events.HOTLINE_MESSAGE_SENT
    from_: str
    to: str
    body_sha256: str
    signed: Mapping[str, Any] | None = absent()  # for a state under its roster


@dataclass(frozen=True, kw_only=True)
class HotlineMessageDelivered(Published):
    KIND = events.HOTLINE_MESSAGE_DELIVERED
    message: str
    by: str | None
    receipt: str


@dataclass(frozen=True, kw_only=True)
class HotlineMessageRead(HotlineMessageDelivered):
    KIND = events.HOTLINE_MESSAGE_READ

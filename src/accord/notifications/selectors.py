"""Every read of notifications and the hotline, filtered by who is asking (rule 5).

Lists filter in the query with `visible_to`; `get_*` raise the same `NotFound` for an absent
id and for one the viewer may not see, with the same message, so that nothing leaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from accord.domain.errors import NotFound, NotPermitted
from accord.edge.pagination import FIRST_PAGE, Page, PageRequest, paginate
from accord.edge.search import answering, read_query
from accord.members.models import User
from accord.notifications.models import Delivery, HotlineMessage, Notification, NotificationType


def notification_types(*, include_replies: bool = True) -> list[NotificationType]:
    """The current (highest active) version of each type."""
    latest: dict[str, NotificationType] = {}
    for row in NotificationType.objects.filter(is_active=True).order_by("key", "-version"):
        latest.setdefault(row.key, row)
    return [t for t in latest.values() if include_replies or not t.is_reply]


def get_notification_type(*, key: str, version: int | None = None) -> NotificationType:
    rows = NotificationType.objects.filter(key=key)
    row = (
        rows.filter(version=version).first()
        if version is not None
        else rows.filter(is_active=True).order_by("-version").first()
    )
    if row is None:
        raise NotFound(f"no notification type {key!r}")
    return row


def visible_notifications(user: User) -> QuerySet[Notification]:
    """Every notification the user may see: the base of every list, search and export."""
    return Notification.objects.select_related("type", "sender_state", "in_reply_to").visible_to(
        user.viewer()
    )


def list_notifications(
    user: User,
    *,
    q: str | None = None,
    type_key: str | None = None,
    awaiting: bool = False,
) -> QuerySet[Notification]:
    """Search and filter within what the user may see. `awaiting`: not yet acknowledged by
    the user's own state."""
    rows = visible_notifications(user)
    if q:
        # Subjects in any of the three languages, as every search reads them.
        rows = rows.filter(answering(read_query(q)))
    if type_key:
        rows = rows.filter(type__key=type_key)
    if awaiting:
        rows = rows.filter(
            deliveries__state_id=user.state_id, deliveries__acknowledged_at__isnull=True
        )
    return rows.order_by("-sent_at", "-id")


def get_notification(user: User, notification_id: int) -> Notification:
    found = visible_notifications(user).filter(pk=notification_id).first()
    if found is None:
        raise NotFound("no such notification")
    return found


def notifications_page(
    user: User,
    *,
    q: str | None = None,
    type_key: str | None = None,
    awaiting: bool = False,
    page: PageRequest = FIRST_PAGE,
) -> Page[Notification]:
    """A page of `list_notifications`, the latest first."""
    rows = list_notifications(user, q=q, type_key=type_key, awaiting=awaiting)
    return paginate(rows, page, order=LATEST_FIRST)


LATEST_FIRST = ("-sent_at", "-id")


def replies_to(user: User, notification: Notification) -> QuerySet[Notification]:
    return visible_notifications(user).filter(in_reply_to=notification).order_by("sent_at")


def replies_page(
    user: User, notification: Notification, *, page: PageRequest = FIRST_PAGE
) -> Page[Notification]:
    """A page of the replies to a notification, in the order sent."""
    return paginate(replies_to(user, notification), page, order=("sent_at", "id"))


def own_delivery(user: User, notification: Notification) -> Delivery | None:
    """The user's state's delivery of a notification it may see, if it is a recipient."""
    if user.state_id is None:
        return None
    return notification.deliveries.filter(state_id=user.state_id).first()


@dataclass(frozen=True)
class BoardRow:
    """One recipient on the sender's board."""

    state: str
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    ack_overdue: bool
    replied_at: datetime | None
    reply_id: str | None  # the reply's public id
    reply_overdue: bool

    @property
    def status(self) -> str:
        if self.acknowledged_at is not None:
            return "acknowledged"
        return "overdue" if self.ack_overdue else "pending"


def may_see_board(user: User, notification: Notification) -> bool:
    # The secretariat only ever reaches here for notifications it may see (`members`).
    return user.is_secretariat or user.state_id == notification.sender_state_id


def board(user: User, notification_id: int, *, now: datetime) -> list[BoardRow]:
    """Who has acknowledged, who is overdue, who replied: for the sender and the secretariat.

    A recipient sees the notification but not the board: 403, not 404, since it is visible.
    """
    notification = get_notification(user, notification_id)
    if not may_see_board(user, notification):
        raise NotPermitted("only the sending state and the secretariat see the board")
    return board_rows(notification, now=now)


def board_rows(notification: Notification, *, now: datetime) -> list[BoardRow]:
    """Precondition: the caller may see the board of `notification`."""
    rows = []
    for delivery in notification.deliveries.select_related("acknowledged_by", "reply").order_by(
        "state_id"
    ):
        ack_overdue = delivery.acknowledged_at is None and (
            delivery.ack_overdue_at is not None or now > notification.ack_due_at
        )
        reply_overdue = (
            notification.reply_due_at is not None
            and delivery.replied_at is None
            and (delivery.reply_overdue_at is not None or now > notification.reply_due_at)
        )
        by = delivery.acknowledged_by
        rows.append(
            BoardRow(
                state=delivery.state_id,
                acknowledged_at=delivery.acknowledged_at,
                acknowledged_by=by.username if by is not None else None,
                ack_overdue=ack_overdue,
                replied_at=delivery.replied_at,
                reply_id=delivery.reply.public_id if delivery.reply is not None else None,
                reply_overdue=reply_overdue,
            )
        )
    return rows


def sent_by_state(user: User) -> QuerySet[Notification]:
    """Notifications the user's own state sent (for its board)."""
    if user.state_id is None:
        return Notification.objects.none()
    return visible_notifications(user).filter(sender_state_id=user.state_id)


@dataclass(frozen=True)
class Awaiting:
    """Everything waiting for the user's state: the duty officer view."""

    to_acknowledge: list[Notification]
    replies_due: list[Notification]
    hotline_unread: list[HotlineMessage]
    unanswered_requests: list[Notification]


def awaiting_state(user: User) -> Awaiting:
    if user.state_id is None:
        return Awaiting([], [], [], [])
    base = visible_notifications(user)
    mine = Q(deliveries__state_id=user.state_id)
    to_acknowledge = base.filter(mine, deliveries__acknowledged_at__isnull=True)
    replies_due = base.filter(mine, reply_due_at__isnull=False, deliveries__replied_at__isnull=True)
    unanswered = base.filter(
        sender_state_id=user.state_id,
        reply_due_at__isnull=False,
        deliveries__replied_at__isnull=True,
    ).distinct()
    unread = hotline_messages(user).filter(to_state_id=user.state_id, read_at__isnull=True)
    return Awaiting(
        to_acknowledge=list(to_acknowledge.order_by("ack_due_at")),
        replies_due=list(replies_due.order_by("reply_due_at")),
        hotline_unread=list(unread.order_by("sent_at")),
        unanswered_requests=list(unanswered.order_by("reply_due_at")),
    )


def hotline_messages(user: User, *, with_state: str | None = None) -> QuerySet[HotlineMessage]:
    """The hotline messages of the user's state; nobody else's, the secretariat's never."""
    rows = HotlineMessage.objects.select_related("from_state", "to_state", "sent_by").visible_to(
        user.viewer()
    )
    if with_state:
        rows = rows.filter(Q(from_state_id=with_state) | Q(to_state_id=with_state))
    return rows.order_by("-sent_at", "-id")


def hotline_page(
    user: User, *, with_state: str | None = None, page: PageRequest = FIRST_PAGE
) -> Page[HotlineMessage]:
    """A page of `hotline_messages`, the latest first."""
    return paginate(hotline_messages(user, with_state=with_state), page, order=LATEST_FIRST)


def get_hotline_message(user: User, message_id: int) -> HotlineMessage:
    found = hotline_messages(user).filter(pk=message_id).first()
    if found is None:
        raise NotFound("no such hotline message")
    return found

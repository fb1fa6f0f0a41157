"""Notifications as JSON and as iCalendar (the periods they announce: exercise dates …).

Both take the rows a selector returned for the asking user, so an export never holds more
than that user's lists do.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from icalendar import Calendar, vText
from icalendar import Event as CalendarEvent

from accord.domain.notifications import calendar_span
from accord.domain.text import clean_for_import
from accord.notifications.models import Notification

PRODID = "-//Accord//Confidence-building notifications//EN"


def as_record(notification: Notification) -> dict[str, Any]:
    """A notification as plain JSON values (the API's `NotificationOut` and the export)."""
    return {
        "id": notification.public_id,
        "type": notification.type.key,
        "type_version": notification.type.version,
        "type_title": notification.type.title,
        "sender": notification.sender_state_id,
        "recipients": sorted(notification.audience.states - {notification.sender_state_id})
        if notification.visibility == "restricted"
        else None,
        "visibility": notification.visibility,
        "subject": notification.subject,
        "content": notification.content,
        "sent_at": notification.sent_at.isoformat(),
        "ack_due_at": notification.ack_due_at.isoformat(),
        "reply_due_at": notification.reply_due_at.isoformat()
        if notification.reply_due_at
        else None,
        "in_reply_to": notification.in_reply_to.public_id if notification.in_reply_to else None,
    }


def as_json(notifications: Iterable[Notification]) -> list[dict[str, Any]]:
    return [as_record(n) for n in notifications]


def as_icalendar(notifications: Iterable[Notification], *, host: str = "accord") -> bytes:
    """One VEVENT per notification that announces a period; the others are left out."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Accord notifications")
    for notification in notifications:
        span = calendar_span(notification.type.parsed, notification.content)
        if span is None:
            continue
        start, end = span
        event = CalendarEvent()
        event.add("uid", f"{notification.public_id}@{host}")
        event.add(
            "summary",
            vText(clean_for_import(f"{notification.sender_state_id}: {notification.subject}")),
        )
        event.add(
            "description",
            vText(
                clean_for_import(
                    f"{notification.type.title} (notification {notification.public_id})"
                )
            ),
        )
        event.add("dtstamp", notification.sent_at)
        if isinstance(start, datetime):
            event.add("dtstart", start)
            event.add("dtend", end)
        else:
            assert isinstance(end, date)
            # iCalendar all-day events end on the day after the last day (exclusive).
            event.add("dtstart", start)
            event.add("dtend", end + timedelta(days=1))
        event.add("categories", [notification.type.key])
        calendar.add_component(event)
    return calendar.to_ical()

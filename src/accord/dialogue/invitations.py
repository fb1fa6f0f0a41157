"""iCalendar for meetings: one meeting's invitation, and a person's calendar feed.

Built only from meetings a selector returned, so a feed holds nothing its reader may not
see. Times carry the venue's time zone, so calendars show the local time of the meeting.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event, vText

from accord.domain.text import clean_for_import

from .models import Meeting

PRODID = "-//Accord//Regional security dialogue//EN"


def _text(value: str) -> vText:
    """Text as iCalendar holds it: escaped and folded by `icalendar`, and without the
    control characters RFC 5545 forbids (a row saved before titles were checked may hold
    them; its calendar must still render)."""
    return vText(clean_for_import(value))


def _event(meeting: Meeting) -> Event:
    zone = ZoneInfo(meeting.time_zone)
    event = Event()
    event.add("uid", f"{meeting.public_id}@accord")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", _text(meeting.title))
    event.add("location", _text(meeting.venue or meeting.online_url))
    states = sorted(s.code for s in meeting.participants.all())
    observers = sorted(s.code for s in meeting.observers.all())
    description = f"{meeting.get_kind_display()} · {', '.join(states)}"
    if observers:
        description += f" · observers: {', '.join(observers)}"
    event.add("description", _text(description))
    event.add("class", "PUBLIC" if meeting.visibility == "public" else "CONFIDENTIAL")
    if meeting.online_url:
        event.add("url", "".join(clean_for_import(meeting.online_url).split()))
    return event


def _sitting_events(meeting: Meeting) -> Iterable[Event]:
    zone = ZoneInfo(meeting.time_zone)
    for sitting in meeting.sittings.all():
        event = Event()
        event.add("uid", f"{sitting.public_id}@accord")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", sitting.starts_at.astimezone(zone))
        event.add("dtend", sitting.ends_at.astimezone(zone))
        event.add("summary", _text(f"{meeting.title}: {sitting.title}"))
        event.add("location", _text(meeting.venue or meeting.online_url))
        event.add("related-to", f"{meeting.public_id}@accord")
        yield event


def calendar_of(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """An iCalendar document with each meeting and its plenary sittings."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    # An X- property has no type of its own: without vText a line break goes out raw.
    calendar.add("x-wr-calname", _text(name))
    for meeting in meetings:
        calendar.add_component(_event(meeting))
        for sitting in _sitting_events(meeting):
            calendar.add_component(sitting)
    calendar.add_missing_timezones()
    return calendar.to_ical()

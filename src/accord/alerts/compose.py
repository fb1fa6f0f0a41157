"""What an alert says, in its channel's language and time zone.

The subject names only the kind of alert, never the object: mail subjects are read on lock
screens and logged by relays. The body says what happened from the facts the row holds,
which `outbox` has already cut to the channel's clearance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.alerts.links import public_url
from accord.alerts.models import Alert, Channel
from accord.domain.alerts import Trigger
from accord.members.models import State

SUBJECTS: dict[Trigger, Promise] = {
    Trigger.SILENCE_OPENED: gettext_lazy("A silence procedure has opened"),
    Trigger.SILENCE_REMINDER: gettext_lazy("Reminder: a silence procedure is closing"),
    Trigger.AD_REFERENDUM: gettext_lazy("An ad referendum approval awaits confirmation"),
    Trigger.NOTIFICATION_RECEIVED: gettext_lazy("A notification awaits acknowledgement"),
    Trigger.ACKNOWLEDGEMENT_OVERDUE: gettext_lazy("An acknowledgement is overdue"),
    Trigger.ESCALATION: gettext_lazy("Escalation: a notification is still unacknowledged"),
    Trigger.HOTLINE: gettext_lazy("A hotline message"),
    Trigger.FLOOR_GIVEN: gettext_lazy("You have the floor"),
    Trigger.BILATERAL_REQUESTED: gettext_lazy("A bilateral meeting is requested"),
    Trigger.REVISION_ISSUED: gettext_lazy("A revision has been issued"),
    Trigger.DOCUMENT_ADOPTED: gettext_lazy("A document has been adopted"),
    Trigger.COMMITMENT_OVERDUE: gettext_lazy("A commitment of your state is overdue"),
    Trigger.VERIFICATION: gettext_lazy("Confirm this address for Accord alerts"),
}

# (with the object's title or text, without it) — the second for a summary-only channel.
HEADLINES: dict[Trigger, tuple[Promise, Promise]] = {
    Trigger.SILENCE_OPENED: (
        gettext_lazy(
            "The chair (%(state)s) has circulated “%(title)s” under a silence procedure. It is "
            "adopted at %(deadline)s unless a member breaks silence before then."
        ),
        gettext_lazy(
            "The chair (%(state)s) has opened a silence procedure on a restricted document. "
            "It ends at %(deadline)s."
        ),
    ),
    Trigger.SILENCE_REMINDER: (
        gettext_lazy(
            "The silence procedure on “%(title)s” ends at %(deadline)s. Your state has not acted."
        ),
        gettext_lazy(
            "A silence procedure on a restricted document ends at %(deadline)s. Your state "
            "has not acted."
        ),
    ),
    Trigger.AD_REFERENDUM: (
        gettext_lazy(
            "%(state)s approved “%(title)s” ad referendum: confirm by %(deadline)s, or the "
            "approval counts as an objection."
        ),
        gettext_lazy(
            "%(state)s approved a restricted document ad referendum: confirm by %(deadline)s, "
            "or the approval counts as an objection."
        ),
    ),
    Trigger.NOTIFICATION_RECEIVED: (
        gettext_lazy(
            "A notification from %(state)s awaits your acknowledgement by %(deadline)s: "
            "“%(title)s”."
        ),
        gettext_lazy("A notification from %(state)s awaits you; acknowledge it by %(deadline)s."),
    ),
    Trigger.ACKNOWLEDGEMENT_OVERDUE: (
        gettext_lazy(
            "The acknowledgement of “%(title)s” from %(state)s was due at %(deadline)s and is "
            "overdue."
        ),
        gettext_lazy(
            "The acknowledgement of a notification from %(state)s was due at %(deadline)s and "
            "is overdue."
        ),
    ),
    Trigger.ESCALATION: (
        gettext_lazy(
            "Your state's duty officers have not acknowledged “%(title)s” from %(state)s, due "
            "at %(deadline)s."
        ),
        gettext_lazy(
            "Your state's duty officers have not acknowledged a notification from %(state)s, "
            "due at %(deadline)s."
        ),
    ),
    Trigger.HOTLINE: (
        gettext_lazy("A hotline message from %(state)s: %(text)s"),
        gettext_lazy("A hotline message from %(state)s awaits you."),
    ),
    Trigger.FLOOR_GIVEN: (
        gettext_lazy("The chair has given %(state)s the floor at “%(title)s”."),
        gettext_lazy("The chair has given %(state)s the floor."),
    ),
    Trigger.BILATERAL_REQUESTED: (
        gettext_lazy("%(state)s requests a bilateral meeting: “%(title)s”."),
        gettext_lazy("A bilateral request from %(state)s awaits you."),
    ),
    Trigger.REVISION_ISSUED: (
        gettext_lazy("Rev.%(revision)s of “%(title)s” has been issued."),
        gettext_lazy("Rev.%(revision)s of a restricted document has been issued."),
    ),
    Trigger.DOCUMENT_ADOPTED: (
        gettext_lazy("“%(title)s” has been adopted."),
        gettext_lazy("A restricted document has been adopted."),
    ),
    Trigger.COMMITMENT_OVERDUE: (
        gettext_lazy(
            "Your state's commitment under %(paragraph)s, “%(title)s”, was due on %(due)s and "
            "is not done."
        ),
        gettext_lazy(
            "Your state's commitment under %(paragraph)s of a restricted document was due on "
            "%(due)s and is not done."
        ),
    ),
    Trigger.VERIFICATION: (
        gettext_lazy(
            "Your confirmation code for Accord alerts is %(code)s. Enter it on your alerts "
            "page within 24 hours. If you did not ask for alerts, ignore this message."
        ),
        gettext_lazy(
            "Your confirmation code for Accord alerts is %(code)s. Enter it on your alerts "
            "page within 24 hours. If you did not ask for alerts, ignore this message."
        ),
    ),
}


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str
    payload: dict[str, Any]


def local_time(value: str | None, time_zone: str) -> str:
    """An ISO moment as the recipient reads it: `2021-07-15 18:00 (Asia/Tashkent)`."""
    if not value:
        return "—"
    moment = datetime.fromisoformat(value).astimezone(ZoneInfo(time_zone))
    return f"{moment:%Y-%m-%d %H:%M} ({time_zone})"


def _state_name(code: object) -> str:
    state = State.objects.filter(code=str(code or "")).first()
    return state.name if state is not None else str(code or "")


def headline(alert: Alert, channel: Channel) -> str:
    """One sentence; precondition: the channel's language is active."""
    trigger = Trigger(alert.trigger)
    facts = alert.facts
    full = "title" in facts or "text" in facts
    template = HEADLINES[trigger][0 if full else 1]
    values = {
        "state": _state_name(facts.get("state")),
        "title": facts.get("title", ""),
        "text": facts.get("text", ""),
        "deadline": local_time(facts.get("deadline"), channel.time_zone),
        "revision": facts.get("revision", ""),
        "paragraph": facts.get("paragraph", ""),
        "due": facts.get("due", ""),
        "code": facts.get("code", ""),
    }
    return str(template) % values


def _item(alert: Alert, channel: Channel) -> dict[str, str]:
    return {
        "headline": headline(alert, channel),
        "url": public_url(alert.object_type, alert.object_id),
        "trigger": alert.trigger,
    }


def compose(alerts: Sequence[Alert], channel: Channel) -> Message:
    """The message for one alert, or the daily digest of several, to `channel`."""
    with translation.override(channel.language):
        items = [_item(alert, channel) for alert in alerts]
        if len(alerts) == 1:
            subject = _("Accord: %(what)s") % {"what": SUBJECTS[Trigger(alerts[0].trigger)]}
        else:
            subject = _("Accord: your daily digest (%(count)s alerts)") % {"count": len(alerts)}
        context = {
            "items": items,
            "settings_url": public_url("alerts.channel", ""),
            "language": channel.language,
        }
        text = render_to_string("alerts/email/alert.txt", context)
        html = render_to_string("alerts/email/alert.html", context)
    payload = {
        "type": "accord.digest" if len(alerts) > 1 else f"accord.{alerts[0].trigger}",
        "alerts": [
            {
                "id": alert.public_id,
                "trigger": alert.trigger,
                "caused_at": alert.caused_at.isoformat(),
                "url": item["url"],
                "summary": item["headline"],
                "facts": alert.facts,
            }
            for alert, item in zip(alerts, items, strict=True)
        ],
    }
    return Message(subject=subject, text=text, html=html, payload=payload)

"""Times as people read them: a countdown ("in 2 days", "overdue by 3 h") and a moment
in a meeting's own time zone next to the viewer's."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

MINUTE, HOUR, DAY = 60, 3600, 86400


def span(seconds: float) -> str:
    """A duration in its largest whole unit: "2 days", "3 h", "5 min"."""
    seconds = abs(int(seconds))
    if seconds >= 2 * DAY:
        days = seconds // DAY
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if seconds >= HOUR:
        hours = seconds // HOUR
        return ngettext("%(n)d h", "%(n)d h", hours) % {"n": hours}
    minutes = max(1, seconds // MINUTE)
    return ngettext("%(n)d min", "%(n)d min", minutes) % {"n": minutes}


def countdown_text(moment: datetime, now: datetime) -> str:
    left = (moment - now).total_seconds()
    if left >= 0:
        return _("in %(span)s") % {"span": span(left)}
    return _("overdue by %(span)s") % {"span": span(left)}


@register.simple_tag(takes_context=True)
def countdown(context: template.Context, moment: datetime | None) -> SafeString | str:
    """`<time>` with the moment and how far it is from now; overdue ones marked."""
    if moment is None:
        return ""
    now = context.get("now") or timezone.now()
    overdue = moment < now
    return format_html(
        '<time datetime="{}" class="countdown{}" title="{}">{}</time>',
        moment.isoformat(),
        " overdue" if overdue else "",
        formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"),
        countdown_text(moment, now),
    )


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


@register.simple_tag
def when(moment: datetime | None, zone_name: str | None = None) -> SafeString | str:
    """The moment in the language's one date format, in `zone_name` (the meeting's own
    time zone) and, when that differs, in the viewer's zone beside it."""
    if moment is None:
        return ""
    viewer = timezone.get_current_timezone()
    own = _zone(zone_name) or viewer
    first = formats.date_format(moment.astimezone(own), "DATETIME_FORMAT")
    label = _zone_label(own, moment)
    if own.key == getattr(viewer, "key", None):
        return format_html('<time datetime="{}">{} {}</time>', moment.isoformat(), first, label)
    second = formats.date_format(moment.astimezone(viewer), "DATETIME_FORMAT")
    return format_html(
        '<time datetime="{}">{} {}</time> <small class="other-zone">({} {})</small>',
        moment.isoformat(),
        first,
        label,
        second,
        _zone_label(viewer, moment),
    )


def _zone_label(zone: object, moment: datetime) -> str:
    key = getattr(zone, "key", "UTC")
    return "UTC" if key == "UTC" else f"{moment.astimezone(zone).tzname()} ({key})"  # type: ignore[arg-type]

"""Template filters of the procedure pages."""

from __future__ import annotations

from typing import Any

from django import template

from accord.domain import procedure
from accord.proceedings import labels

register = template.Library()


@register.simple_tag
def recent_announcements(meeting: Any, limit: int = 5) -> list[Any]:
    """The chair's latest announcements to the room of `meeting`, newest first.
    Precondition: the page has already shown the reader that meeting (its selector did)."""
    from accord.proceedings.models import Announcement

    return list(Announcement.objects.filter(meeting=meeting)[:limit])


@register.filter
def turn_label(turn: procedure.Turn) -> str:
    return labels.turn_label(turn)


@register.filter
def duration(value: Any) -> str:
    return labels.duration(value)


@register.filter
def rules_lines(rules: procedure.RulesOfProcedure) -> list[tuple[str, str]]:
    return labels.rules_lines(rules)


@register.filter
def series_rules(series: Any) -> procedure.RulesOfProcedure:
    return series.value if series is not None else procedure.RulesOfProcedure()

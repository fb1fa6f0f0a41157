"""Template filters of the procedure pages."""

from __future__ import annotations

from typing import Any

from django import template

from accord.domain import procedure
from accord.proceedings import labels

register = template.Library()


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

"""Reading back what was typed into a refused form (`site.typed`)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def nth_typed(typed: Any, spec: str) -> str:
    """`typed|nth_typed:"slot_start,1"`: the second value typed into `slot_start`."""
    field, _sep, index = spec.partition(",")
    nth = getattr(typed, "nth", None)
    return nth(field, int(index or 0)) if nth else ""


@register.simple_tag
def chosen(typed: Any, field: str, value: Any, default: bool = False) -> str:
    """` selected` when `value` was chosen in `field` (or by default, when nothing was typed)."""
    lists = getattr(typed, "lists", {})
    if field in lists:
        return " selected" if str(value) in lists[field] else ""
    return " selected" if default else ""


@register.inclusion_tag("site/_field_error.html")
def field_error(typed: Any, field: str) -> dict[str, str]:
    return {"field": field, "message": getattr(typed, "errors", {}).get(field, "")}

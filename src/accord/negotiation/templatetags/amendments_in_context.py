"""An amendment shown against its paragraph (`domain.negotiation.in_context`): its
paragraph's number (OP2, PP1), the struck and inserted words, and the states for it and
against it by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from accord.domain import negotiation
from accord.members.models import State
from accord.negotiation.domain_values import amendment_value

register = template.Library()


@dataclass(frozen=True)
class InContext:
    label: str  # OP2, or "" for a new paragraph
    full: tuple[negotiation.Piece, ...]
    brief: tuple[negotiation.Piece, ...]
    supporters: list[str]
    opponents: list[str]

    @property
    def shortened(self) -> bool:
        return self.brief != self.full


@register.simple_tag
def state_names() -> dict[str, str]:
    """Every state's name in the reader's language, read once per page."""
    return {s.code: s.name for s in State.objects.all()}


@register.simple_tag
def in_context(amendment: Any, revision: negotiation.Revision, names: dict[str, str]) -> InContext:
    value = amendment_value(amendment)
    full = negotiation.in_context(revision, value) if amendment.against == revision.number else ()
    labels = revision.labels()
    return InContext(
        label=labels.get(amendment.paragraph_id, "") if amendment.paragraph_id else "",
        full=full,
        brief=negotiation.in_brief(full),
        supporters=[names.get(code, code) for code in sorted(value.supporters)],
        opponents=[names.get(code, code) for code in sorted(value.opponents)],
    )


@register.filter
def get_name(names: dict[str, str], code: str) -> str:
    return names.get(code, code)

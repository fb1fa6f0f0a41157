"""What a negotiation page shows of a document's language versions: the versions beside the
working language, for the amendment form's wordings in each (rule 8)."""

from __future__ import annotations

from typing import Any

from django import template

from accord.languages.labels import language_name
from accord.languages.selectors import setting_of

register = template.Library()


@register.simple_tag
def other_versions(document: Any) -> list[tuple[str, str]]:
    """(code, name) of each language version other than the working one; [] for one."""
    working, codes = setting_of(document)
    return [(code, language_name(code)) for code in codes if code != working]


@register.filter
def language_label(code: str) -> str:
    """A language's name in the reader's language (“Chinese”, “中文”, “китайском языке”)."""
    return language_name(code)

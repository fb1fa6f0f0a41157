"""Language names as people read them, in the interface's language."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language, pgettext


def language_name(code: str) -> str:
    """“English”, “Chinese”, “Russian” (translated); the code for anything else."""
    names = {
        "en": pgettext("in language", "English"),
        "zh": pgettext("in language", "Chinese"),
        "ru": pgettext("in language", "Russian"),
    }
    return names.get(code, code)


def language_names(codes: Iterable[str]) -> str:
    """Several language names joined for a sentence."""
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(language_name(c) for c in codes)

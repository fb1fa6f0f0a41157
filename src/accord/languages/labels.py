"""Language names as people read them, in the interface's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _


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


def check_name(check: str) -> str:
    """What a concordance finding is about, in the reader's language."""
    names = {
        "numbering": pgettext("concordance check", "paragraph numbering"),
        "subparagraphs": pgettext("concordance check", "sub-paragraphs"),
        "brackets": pgettext("concordance check", "brackets"),
        "numerals": pgettext("concordance check", "numerals"),
        "dates": pgettext("concordance check", "dates"),
        "names": pgettext("concordance check", "names of states and places"),
        "obligation": pgettext("concordance check", "words of obligation"),
        "permission": pgettext("concordance check", "words of permission"),
        "negation": pgettext("concordance check", "negations"),
    }
    return names.get(check, check)


def finding_sentence(finding: Any) -> str:
    """A concordance finding in one sentence, in the reader's language."""
    a, b = finding.languages
    return _(
        "%(label)s: the %(check)s differ between the %(a)s and %(b)s versions "
        "(%(a)s: %(ours)s; %(b)s: %(theirs)s)."
    ) % {
        "label": finding.label + (f" ({finding.where})" if finding.where else ""),
        "check": check_name(str(finding.check)),
        "a": a,
        "b": b,
        "ours": ", ".join(finding.reference) or "—",
        "theirs": ", ".join(finding.other) or "—",
    }

"""The registry's words as people read them, in the interface's language: the original
language line and the distribution levels (never their stored codes, inside sentences)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def original_line(language: str) -> str:
    """“Original: RUSSIAN”, as a document's first page says in which language it was written."""
    names = {
        "en": pgettext("original language", "ENGLISH"),
        "zh": pgettext("original language", "CHINESE"),
        "ru": pgettext("original language", "RUSSIAN"),
    }
    return _("Original: %(language)s") % {"language": names.get(language, language)}


def distribution_name(level: str) -> str:
    """General, Limited, Restricted: the distribution level in the reader's language."""
    names = {
        "general": pgettext("distribution", "General"),
        "limited": pgettext("distribution", "Limited"),
        "restricted": pgettext("distribution", "Restricted"),
    }
    return names.get(level, level)

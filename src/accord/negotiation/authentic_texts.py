"""A text adopted in several languages, as it is published: each language version with its
own title and paragraphs, and the clause that makes them equal — "Done in the English,
Chinese and Russian languages, all texts being equally authentic" — written in each
version's own language, whatever the reader's interface language (DESIGN §2 rule 8).

Shared by the public page and every export (HTML, PDF, Markdown); the Akoma Ntoso
collection (`akn_collection`) reads the same versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.negotiation.publication import Publication, PublishedParagraph

# A text's language -> the interface language its clause is written in, and its script's
# language tag for HTML (`lang`), so each version is read and rendered in its own script.
LOCALES = {"en": "en", "zh": "zh-hans", "ru": "ru"}
HTML_LANG = {"en": "en", "zh": "zh-Hans", "ru": "ru"}


def _language_name(code: str) -> str:
    # The name as it stands in the clause (Russian: the prepositional, "на русском").
    names = {
        "en": pgettext("language in the authenticity clause", "English"),
        "zh": pgettext("language in the authenticity clause", "Chinese"),
        "ru": pgettext("language in the authenticity clause", "Russian"),
    }
    return names.get(code, code)


def _listed(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return pgettext("the last of a list", "%(rest)s and %(last)s") % {
        "rest": pgettext("list separator", ", ").join(names[:-1]),
        "last": names[-1],
    }


def authenticity_clause(language: str, codes: Sequence[str]) -> str:
    """The clause in `language`, naming the `codes` the text was adopted in."""
    with translation.override(LOCALES.get(language, "en")):
        names = [_language_name(code) for code in codes]
        return _("Done in the %(languages)s languages, all texts being equally authentic.") % {
            "languages": _listed(names)
        }


@dataclass(frozen=True)
class LanguageText:
    """One language version of a published text."""

    language: str
    title: str
    paragraphs: tuple[PublishedParagraph, ...]
    clause: str  # the authenticity clause, in this language ("" for a one-language text)

    @property
    def lang(self) -> str:
        return HTML_LANG.get(self.language, self.language)

    @property
    def language_name(self) -> str:
        """The version's language named in itself (English, 中文, Русский), for the links."""
        return {"en": "English", "zh": "中文", "ru": "Русский"}.get(self.language, self.language)

    @property
    def preambular(self) -> tuple[PublishedParagraph, ...]:
        return tuple(p for p in self.paragraphs if p.kind == "preambular")

    @property
    def operative(self) -> tuple[PublishedParagraph, ...]:
        """The operative paragraphs (all of them when none is preambular)."""
        if not self.preambular:
            return self.paragraphs
        return tuple(p for p in self.paragraphs if p.kind == "operative")


def texts_of(published: Publication) -> tuple[LanguageText, ...]:
    """Every language version of `published`, its own language first; one text, with no
    clause, when it was adopted in one language."""
    if not published.versions:
        return (LanguageText(published.language, published.title, published.paragraphs, ""),)
    codes = [published.language, *(str(v["language"]) for v in published.versions)]
    texts = [LanguageText(published.language, published.title, published.paragraphs,
                          authenticity_clause(published.language, codes))]  # fmt: skip
    for entry in published.versions:
        language = str(entry["language"])
        paragraphs = tuple(
            PublishedParagraph(p["number"], p["kind"], p["text"]) for p in entry["paragraphs"]
        )
        texts.append(LanguageText(language, str(entry["title"]), paragraphs,
                                  authenticity_clause(language, codes)))  # fmt: skip
    return tuple(texts)

"""The mediator's stored answer in the reader's language.

A `Mediation` keeps what the domain said, in the domain's English (its notes and label are
part of the record of what the chair was shown), and the codes of the drafters and the
embedder used. A page shows them in the reader's language: the domain's notes are matched
against the sentences the domain writes, a note it does not know is shown as stored.
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, ngettext

from accord.domain import mediation

DRAFTER_LABELS: dict[str, Promise] = {
    "extractive": gettext_lazy("the states' own words"),
    "llm": gettext_lazy("LLM drafter"),
}
EMBEDDER_LABELS: dict[str, Promise] = {
    "minilm": gettext_lazy("sentence-embedding model"),
    "hashing": gettext_lazy("spelling"),
}

_MERGED = re.compile(
    r"(\d+) near-duplicate wording\(s\) were merged by text similarity and are listed under "
    r"the wording they resemble; their support was not transferred to it\."
)
_SILENT = re.compile(
    r"No vote or stated position from: (.+)\. Their figures are extrapolated from the other "
    r"states' evidence\."
)


# A version's language -> its HTML language tag, so each counterpart is read in its script.
HTML_LANG = {"en": "en", "zh": "zh-Hans", "ru": "ru"}


def language_label(code: str) -> str:
    """A version's language (“Chinese”) in the reader's language; the code for another."""
    # The name alone, as a label ("Русский"), not inside a sentence ("на русском языке").
    names = {"en": gettext("English"), "zh": gettext("Chinese"), "ru": gettext("Russian")}
    return names.get(code, code)


def counterpart_rows(counterparts: dict[str, str]) -> list[dict[str, str]]:
    """A wording's counterparts for a page: the language's name, its tag and the text."""
    return [
        {"language": language_label(code), "lang": HTML_LANG.get(code, code), "text": text}
        for code, text in counterparts.items()
    ]


def drafters_label(code: str) -> str:
    """ "extractive+llm" as the reader's language names the two drafters."""
    return " + ".join(str(DRAFTER_LABELS.get(part, part)) for part in code.split("+"))


def embedder_label(code: str) -> str:
    """How near-duplicates were merged ("minilm", "hashing"), in the reader's language."""
    return str(EMBEDDER_LABELS.get(code, code))


def note_text(note: str) -> str:
    """One of the domain's notes in the reader's language."""
    if note == mediation.PREDICTION_LABEL:
        return gettext("Predicted acceptance: a model's estimate, not a vote or a position.")
    merged = _MERGED.fullmatch(note)
    if merged:
        count = int(merged.group(1))
        return ngettext(
            "%(count)s near-duplicate wording was merged by text similarity and is listed "
            "under the wording it resembles; its support was not transferred to it.",
            "%(count)s near-duplicate wordings were merged by text similarity and are listed "
            "under the wordings they resemble; their support was not transferred to them.",
            count,
        ) % {"count": count}
    silent = _SILENT.fullmatch(note)
    if silent:
        return gettext(
            "No vote or stated position from: %(states)s. Their figures are extrapolated "
            "from the other states' evidence."
        ) % {"states": silent.group(1)}
    return note

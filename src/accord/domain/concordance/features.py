"""What a piece of text says that must say the same in every language version.

`features(language, text, places)` reads one piece of text (a paragraph's agreed text, or
one alternative of a bracket) and returns its dates (as ISO `YYYY-MM-DD`, or `YYYY-MM` for a
month), its other numerals (digits; a number written in words is not read), the places and
states it names (their codes), its sub-paragraph markers, and its counts of obligation,
permission and negation words (`words.classes_of`). Dates are read first and taken out, so
"15 May 2021" is neither a "may" nor the numerals 15 and 2021.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from accord.domain.concordance.names import Place, names_in
from accord.domain.concordance.words import classes_of, lexicon


@dataclass(frozen=True)
class Features:
    """One piece of text, as the check compares it."""

    dates: tuple[str, ...]
    numerals: tuple[str, ...]
    names: frozenset[str]
    subparagraphs: int
    classes: tuple[tuple[str, int], ...]  # (class, count), in `words.CLASSES` order


_DASH = r"\s*[-–—]\s*"
_NUMBER = {
    # Thousands: en and zh write 1,000; ru writes 1 000. Decimals: en/zh "1.5", ru "1,5".
    "en": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
    "zh": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
    "ru": re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"),
}
_SUBPARAGRAPH = {
    "en": re.compile(r"(?:^|(?<=[\s:;]))\((?:[a-z]|[ivx]{1,4})\)"),
    "zh": re.compile(r"[（(](?:[a-z]|[一二三四五六七八九十]{1,3})[）)]"),
    "ru": re.compile(r"(?:^|(?<=[\s:;]))\(?[а-яa-z]\)"),
}


@cache
def _month_pattern(language: str) -> str:
    stems = sorted(lexicon()["months"][language], key=len, reverse=True)
    if language == "en":  # English months are capitalised: "may 2021" is not May 2021
        return "(" + "|".join(s.capitalize() for s in stems) + ")"
    return "(?i:(" + "|".join(stems) + r")[^\W\d_]*)"


def _month(language: str, word: str) -> int:
    stems = lexicon()["months"][language]
    best = max((s for s in stems if word.lower().startswith(s)), key=len)
    return stems.index(best) + 1


@cache
def _date_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    if language == "zh":
        return (
            re.compile(
                rf"(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日(?:(?:至|到|{_DASH})(\d{{1,2}})日)?"
            ),
            re.compile(r"(\d{4})年(\d{1,2})月(?!\d)"),
        )
    month = _month_pattern(language)
    day_first = re.compile(rf"(\d{{1,2}})(?:{_DASH}(\d{{1,2}}))?\s+{month}\s+(\d{{4}})")
    patterns = [day_first]
    if language == "en":
        patterns.append(re.compile(rf"{month}\s+(\d{{1,2}}),\s*(\d{{4}})"))
    patterns.append(re.compile(rf"{month}\s+(\d{{4}})"))
    return tuple(patterns)


def _dates(language: str, text: str) -> tuple[list[str], str]:
    """The dates in `text`, and `text` with them blanked out."""
    found: list[str] = []
    for index, pattern in enumerate(_date_patterns(language)):
        for m in pattern.finditer(text):
            found.extend(_date_values(language, index, m))
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return found, text


def _date_values(language: str, index: int, m: re.Match[str]) -> list[str]:
    g = m.groups()
    if language == "zh":
        year, month = int(g[0]), int(g[1])
        days = [] if index == 1 else [d for d in (g[2], g[3]) if d]
    elif index == 0:
        year, month, days = int(g[3]), _month(language, g[2]), [d for d in (g[0], g[1]) if d]
    elif language == "en" and index == 1:
        year, month, days = int(g[2]), _month(language, g[0]), [g[1]]
    else:
        year, month, days = int(g[1]), _month(language, g[0]), []
    if not days:
        return [f"{year:04d}-{month:02d}"]
    return [f"{year:04d}-{month:02d}-{int(d):02d}" for d in days]


def _numerals(language: str, text: str) -> list[str]:
    out = []
    for m in _NUMBER[language].finditer(text):
        raw = m.group()
        if language == "ru":
            raw = re.sub(r"[ \u00a0\u202f]", "", raw).replace(",", ".")
        else:
            raw = raw.replace(",", "")
        try:
            out.append(format(Decimal(raw).normalize(), "f"))
        except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
            continue
    return out


def features(language: str, text: str, places: Sequence[Place]) -> Features:
    """The dates, numerals, names, sub-paragraphs and word classes of `text`."""
    dates, rest = _dates(language, text)
    classes = classes_of(language, rest)
    return Features(
        dates=tuple(sorted(dates)),
        numerals=tuple(sorted(_numerals(language, rest))),
        names=names_in(language, rest, places),
        subparagraphs=len(_SUBPARAGRAPH[language].findall(text)),
        classes=tuple(classes.items()),
    )


def multiset_difference(a: Sequence[str], b: Sequence[str]) -> tuple[list[str], list[str]]:
    """What `a` has that `b` lacks, and what `b` has that `a` lacks (with repeats)."""
    ca, cb = Counter(a), Counter(b)
    return sorted((ca - cb).elements()), sorted((cb - ca).elements())

"""State and place names in the three languages.

The names come from the members list (each state's English, Chinese and Russian name) and
from the lexicon's `[[place]]` entries (other places, and the forms of a state's name as an
adjective or a people: Afghan, афганцев). English names match as whole words, ignoring
case; Chinese names as written; Russian names by their stems, since Russian declines them
(Афганистане, Казахстана): each word of a name loses its ending (`stem`) and then matches a
word that begins with that stem and adds at most three letters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from accord.domain.concordance.words import lexicon

_RU_ENDING = re.compile(r"(?:ая|ое|ий|ый|ия|ие|ья|а|я|о|е|ь|й|ы|и)$")


@dataclass(frozen=True)
class Place:
    """A state or a place and its names in each language (`names["ru"] = ("Казахстан",)`)."""

    code: str
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def stem(word: str) -> str:
    """A Russian word without its ending: Российская -> российск, Индия -> инди."""
    lowered = word.lower()
    stripped = _RU_ENDING.sub("", lowered)
    return stripped if len(stripped) >= 3 else lowered


@cache
def lexicon_places() -> tuple[Place, ...]:
    """The places and name forms the lexicon lists."""
    return tuple(
        Place(p["code"], {lang: tuple(p.get(lang, ())) for lang in ("en", "zh", "ru")})
        for p in lexicon()["place"]
    )


@cache
def _pattern(language: str, name: str) -> re.Pattern[str]:
    if language == "zh":
        return re.compile(re.escape(name))
    if language == "en":
        return re.compile(r"\b" + r"\W+".join(map(re.escape, name.split())) + r"\b", re.I)
    parts = [re.escape(stem(w)) + r"[^\W\d_]{0,3}" for w in name.split()]
    return re.compile(r"(?<![^\W\d_])" + r"\s+".join(parts) + r"(?![^\W\d_])", re.I)


def names_in(language: str, text: str, places: Sequence[Place]) -> frozenset[str]:
    """The codes of the states and places `text` names."""
    found: set[str] = set()
    for place in (*places, *lexicon_places()):
        if place.code in found:
            continue
        if any(_pattern(language, n).search(text) for n in place.names.get(language, ()) if n):
            found.add(place.code)
    return frozenset(found)

"""Words, sentences and meaning-bearing markers in English, Chinese and Russian.

The drafter counts words to tell a wording from a fragment, splits interventions into
sentences and clauses, and refuses to merge wordings whose negations or modals differ.
Chinese is written without spaces, so its words come from jieba's segmentation (an unspaced
sentence would otherwise count as one word); Russian inflects, so its markers are compared
as lemmas from pymorphy3 (могут and может are both мочь). The words themselves come from
`accord.domain.words`, which search reads too.

The markers come from `modality.toml`, kept as data beside this module.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from accord.domain import words

LEXICON_PATH = Path(__file__).with_name("modality.toml")

_HAN = words.HAN
_CYRILLIC = words.CYRILLIC
# A sentence ends at . ! ? followed by a space, or at a Chinese full stop, ! or ? .
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*")
CLAUSE_SEPARATORS = re.compile(r"[;；]")


@cache
def lexicon() -> dict[str, dict[str, frozenset[str]]]:
    """The markers per language and kind (negation, opposition, modal, prefixes…)."""
    data = tomllib.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return {
        language: {kind: frozenset(entries) for kind, entries in kinds.items()}
        for language, kinds in data.items()
    }


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """The words of `text` with their offsets, lower-cased (`words.tokens`)."""
    return words.tokens(text)


def word_count(text: str) -> int:
    """Number of words in `text`, in any of the three languages."""
    return sum(1 for _ in tokens(text))


def _lemma(word: str) -> str:
    return words.lemma(word)


def lemmas(text: str) -> tuple[str, ...]:
    """The words of `text` as compared across wordings: Chinese segmented by jieba, Russian
    as pymorphy3 lemmas (приветствуют and приветствует are both приветствовать), every
    other word lower-cased."""
    return tuple(_lemma(word) if _CYRILLIC.search(word) else word for word, _, _ in tokens(text))


def _all_markers(language: str) -> frozenset[str]:
    kinds = lexicon()[language]
    return kinds["negation"] | kinds["opposition"] | kinds["modal"]


def markers(text: str) -> frozenset[str]:
    """The negation, opposition and modal markers `text` holds, tagged by language
    ("en:not", "zh:应", "ru:мочь"). Two wordings that differ here differ in meaning."""
    found: set[str] = set()
    for word, _, _ in tokens(text):
        if _HAN.fullmatch(word):
            found |= _chinese_markers(word)
        elif _CYRILLIC.search(word):
            found |= _russian_markers(_lemma(word))
        elif word in _all_markers("en"):
            found.add(f"en:{word}")
    return frozenset(found)


def _chinese_markers(word: str) -> set[str]:
    kinds = lexicon()["zh"]
    if word in _all_markers("zh"):
        return {f"zh:{word}"}
    if word in kinds["not_negation"] or any(word.startswith(w) for w in kinds["not_negation"]):
        return set()
    for prefix in kinds["negation_prefixes"]:
        if word.startswith(prefix) and len(word) > len(prefix):
            # A negation fused into a word (不支持): the negation, and a modal after it.
            rest = word[len(prefix) :]
            return {f"zh:{prefix}"} | ({f"zh:{rest}"} if rest in _all_markers("zh") else set())
    return set()


def _russian_markers(lemma: str) -> set[str]:
    kinds = lexicon()["ru"]
    if lemma in _all_markers("ru"):
        return {f"ru:{lemma}"}
    if lemma in kinds["not_negation"]:
        return set()
    for prefix in kinds["negation_prefixes"]:
        rest = lemma[len(prefix) :]
        if lemma.startswith(prefix) and len(rest) > 2 and words.word_is_known(rest):
            return {f"ru:{prefix}"}
    return set()

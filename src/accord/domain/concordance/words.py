"""The words of a version, as the concordance check compares them.

English is split at what is not a letter, a digit or an apostrophe and lower-cased; Chinese
runs are segmented by jieba (an unspaced sentence would otherwise be one word); Russian
words are reduced to pymorphy3 lemmas, so обязуются and обязываются are one word. Both
libraries ship their dictionaries in the package and load on the first Chinese or Russian
text.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

LEXICON_PATH = Path(__file__).with_name("lexicon.toml")
LANGUAGES = ("en", "zh", "ru")
CLASSES = ("obligation", "permission", "negation")

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


@cache
def lexicon() -> dict[str, Any]:
    """The lexicon as data (`lexicon.toml`)."""
    return tomllib.loads(LEXICON_PATH.read_text(encoding="utf-8"))


@cache
def _segmenter() -> Any:
    import jieba  # its dictionary takes a second to load: only on the first Chinese text

    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    return segmenter


@cache
def _morphology() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@cache
def lemma(word: str) -> str:
    """A Russian word's normal form (могут -> мочь)."""
    return str(_morphology().parse(word)[0].normal_form)


def words(text: str) -> Iterator[str]:
    """The words of `text`, lower-cased; Chinese runs as jieba segments them."""
    position = 0
    for run in HAN.finditer(text):
        yield from (m.group().lower() for m in _WORD.finditer(text, position, run.start()))
        for word, _, _ in _segmenter().tokenize(run.group()):
            yield word
        position = run.end()
    yield from (m.group().lower() for m in _WORD.finditer(text, position))


@cache
def _classes(language: str) -> dict[str, frozenset[str]]:
    entry = lexicon()[language]
    return {name: frozenset(entry[name]) for name in CLASSES}


def classes_of(language: str, text: str) -> dict[str, int]:
    """How many words of each class (obligation, permission, negation) `text` holds."""
    counts = dict.fromkeys(CLASSES, 0)
    for word in words(text):
        for name in _word_classes(language, word):
            counts[name] += 1
    return counts


def _word_classes(language: str, word: str) -> list[str]:
    if language == "ru":
        word = lemma(word)
    direct = [name for name, members in _classes(language).items() if word in members]
    if direct or language == "en":
        return direct
    return _fused(language, word)


def _fused(language: str, word: str) -> list[str]:
    """A negation fused into a word (不干涉, невмешательство), and the class of what follows."""
    entry = lexicon()[language]
    if word in entry["not_negation"] or any(
        language == "zh" and word.startswith(w) for w in entry["not_negation"]
    ):
        return []
    for prefix in entry["negation_prefixes"]:
        rest = word[len(prefix) :]
        if not word.startswith(prefix) or not rest:
            continue
        if language == "ru" and (len(rest) <= 2 or not _morphology().word_is_known(rest)):
            continue
        after = [n for n, members in _classes(language).items() if rest in members]
        return ["negation", *(n for n in after if n != "negation")]
    return []

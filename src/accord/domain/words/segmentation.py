"""The words of a text in English, Chinese and Russian, for every rule that reads words:
the mediator's drafting and its meaning guard, and search.

Chinese is written without spaces, so its words come from jieba's segmentation (an unspaced
sentence would otherwise be one word); Russian inflects, so its words are compared as
pymorphy3 lemmas (угрозы and угрозам are both угроза). Both ship their dictionaries in the
package: nothing is downloaded. Each loads on the first Chinese or Russian text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Outside the Chinese runs a word is letters, digits and apostrophes.
_WORD = re.compile(r"[\w']+", re.UNICODE)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@cache
def _segmenter() -> Any:
    import jieba  # loaded on the first Chinese text: its dictionary takes a second

    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    return segmenter


@cache
def _morphology() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def tokens(text: str, *, search: bool = False) -> Iterator[tuple[str, int, int]]:
    """The words of `text` with their offsets, lower-cased: Chinese runs segmented by jieba,
    everything else split at what is not a letter or a digit.

    With `search`, jieba's search mode also gives the shorter words inside a long one
    (中华人民共和国 gives 人民 and 共和国 too), so they overlap: for an index, not for counting.
    """
    mode = "search" if search else "default"
    position = 0
    for han in HAN.finditer(text):
        yield from _spaced(text, position, han.start())
        for word, start, end in _segmenter().tokenize(han.group(), mode=mode):
            yield word, han.start() + start, han.start() + end
        position = han.end()
    yield from _spaced(text, position, len(text))


def _spaced(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    for match in _WORD.finditer(text, start, end):
        yield match.group().lower(), match.start(), match.end()


@cache
def lemma(word: str) -> str:
    """A Russian word's most likely normal form (могут -> мочь)."""
    return str(_morphology().parse(word)[0].normal_form)


@cache
def lemmas(word: str) -> frozenset[str]:
    """Every normal form pymorphy3 reads in a Russian word (стали -> стать, сталь): a
    search that knows only the likeliest would miss the other reading."""
    return frozenset(str(parse.normal_form) for parse in _morphology().parse(word))


def word_is_known(word: str) -> bool:
    """Whether pymorphy3's dictionary holds `word` (rather than guessing its forms)."""
    return bool(_morphology().word_is_known(word))

"""Ranking agreed language by similarity to what is being drafted.

A paragraph of an adopted text is agreed language in every language it was adopted in
(`AgreedParagraph.texts`). Drafting in one language, the drafter is offered the paragraphs
whose text *in that language* shares the most words with the query: the cosine of the two
bags of words, where words are what `mediation.lemmas` makes of them (jieba's segmentation
for Chinese, pymorphy3's lemmas for Russian, so that an inflected form still matches). Words
that carry no meaning of their own (punctuation is never a word; one-character function
words of Chinese and the commonest English and Russian ones are listed) are left out, so
two paragraphs do not look alike for sharing "the" and "的".

The ranking is a pure function: the same memory and query give the same order (ties by
source, then paragraph label).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from accord.domain import mediation
from accord.domain.errors import InvalidInput

DEFAULT_LIMIT = 5
MAX_LIMIT = 20
MINIMUM_SCORE = 0.25
LANGUAGES = ("en", "zh", "ru")
# Words too common to say two paragraphs are alike (lemmas, lower-case).
_STOP = {
    "en": "the a an of and or to in on at for by with as is are be its their this that which",
    "zh": "的 了 和 与 及 在 对 为 是 将 之 其",
    "ru": "и в во на с со о об по к для что как быть этот его их",
}
STOP_WORDS = frozenset(word for words in _STOP.values() for word in words.split(" "))


@dataclass(frozen=True)
class AgreedParagraph:
    """One paragraph of an adopted text, in every language it was adopted in."""

    source: str  # the document's symbol (RSD/MIN/2021/DOC/3), or its title when unregistered
    document: str  # the document's public id
    label: str  # PP1, OP2 …
    texts: Mapping[str, str]  # language -> the paragraph's agreed text

    @property
    def citation(self) -> str:
        """`RSD/MIN/2021/DOC/3, OP2`: where the words were agreed."""
        return f"{self.source}, {self.label}"


@dataclass(frozen=True)
class Suggestion:
    """Agreed language offered to a drafter: the paragraph, its text in the drafter's
    language and how close it is to what they are writing (0 to 1)."""

    paragraph: AgreedParagraph
    language: str
    text: str
    score: float


def _bag(text: str) -> Counter[str]:
    return Counter(w for w in mediation.lemmas(text) if w not in STOP_WORDS)


def similarity(a: str, b: str) -> float:
    """The cosine of the two texts' bags of words (0: nothing shared, 1: the same words)."""
    left, right = _bag(a), _bag(b)
    if not left or not right:
        return 0.0
    shared = sum(left[w] * right[w] for w in left.keys() & right.keys())
    norm = math.sqrt(sum(v * v for v in left.values())) * math.sqrt(
        sum(v * v for v in right.values())
    )
    return shared / norm


def rank_agreed_language(
    query: str,
    language: str,
    memory: Sequence[AgreedParagraph],
    *,
    limit: int = DEFAULT_LIMIT,
    minimum: float = MINIMUM_SCORE,
) -> tuple[Suggestion, ...]:
    """The agreed paragraphs closest to `query` in `language`, best first, at most `limit`,
    none below `minimum`. A paragraph without a text in `language` is not offered in it.

    InvalidInput for a language Accord has no versions in, or a limit out of 1–20.
    """
    if language not in LANGUAGES:
        raise InvalidInput(f"there is no agreed language in {language!r}", field="language")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"a limit is 1 to {MAX_LIMIT}", field="limit")
    if not query.strip():
        return ()
    scored = []
    for paragraph in memory:
        text = paragraph.texts.get(language)
        if not text:
            continue
        score = similarity(query, text)
        if score >= minimum:
            scored.append(Suggestion(paragraph, language, text, round(score, 4)))
    scored.sort(key=lambda s: (-s.score, s.paragraph.source, s.paragraph.label))
    return tuple(scored[:limit])

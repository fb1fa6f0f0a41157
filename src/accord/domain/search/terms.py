"""What search compares: the terms a text is indexed under and the words of a query.

A text is indexed once, when it is written (`index_terms`), as one string of terms each
between spaces (" безопасность угроза угрозы 维护地区安全 "); a query is read into words,
each with the forms it may take (`parse_query`); a text matches when, for every word of the
query, one of its terms begins with one of that word's forms, or holds it for a Chinese
word (`matches`). The database compares the same way (a `contains` of " " + form, or of
the Chinese word), so SQLite and PostgreSQL find exactly the same rows.

- Chinese: each run of Chinese characters is one term, as written, and a query's Chinese
  words, segmented by jieba, are looked for anywhere inside the runs: a word is found
  wherever its characters stand, even where jieba would have cut the text around it
  otherwise (its segmentation depends on the context), and a query of several words
  (地区安全 is 地区 and 安全) finds them apart as well as together.
- Russian: the word as written and every lemma pymorphy3 reads in it, so угроза, угрозы
  and угрозам find one another.
- Everything: NFKC (full-width Latin is Latin), lower case, ё as е.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from accord.domain import words
from accord.domain.errors import InvalidInput

# Bounds: what one object contributes to the index, and what one query may ask.
INDEX_LIMIT = 100_000  # characters of text indexed per object
QUERY_LIMIT = 200  # characters of a query
QUERY_WORDS = 8  # words of a query


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().replace("ё", "е")


def _forms(word: str) -> set[str]:
    word = word.strip("'")
    if not word:
        return set()
    if words.CYRILLIC.search(word):
        return {word} | {_normal(lemma) for lemma in words.lemmas(word)}
    return {word}


def index_terms(*texts: str) -> str:
    """The search column's value for an object whose searchable texts are `texts`: its
    terms, sorted, each between spaces ("" for no term). At most INDEX_LIMIT characters of
    text are read in all."""
    terms: set[str] = set()
    budget = INDEX_LIMIT
    for text in texts:
        part = _normal(text[:budget])
        budget -= len(part)
        terms.update(run.group() for run in words.HAN.finditer(part))
        for word, _start, _end in words.tokens(words.HAN.sub(" ", part)):
            terms |= _forms(word)
        if budget <= 0:
            break
    return f" {' '.join(sorted(terms))} " if terms else ""


@dataclass(frozen=True)
class Query:
    """A query's words, each as the forms it may take (the word itself, its lemmas)."""

    words: tuple[frozenset[str], ...]

    def needles(self) -> tuple[tuple[str, ...], ...]:
        """For each word, the strings one of which the index must contain: " " + form (a
        term beginning with it), or a Chinese word itself (inside a run)."""
        return tuple(tuple(sorted(_needle(form) for form in forms)) for forms in self.words)


def _needle(form: str) -> str:
    return form if words.HAN.match(form) else f" {form}"


def parse_query(text: str) -> Query:
    """The words of a query; InvalidInput (field `q`) when it is empty, longer than
    QUERY_LIMIT characters, holds no word, or more than QUERY_WORDS words."""
    stripped = text.strip()
    if not stripped:
        raise InvalidInput("q: give some words to search for", code="search_empty", field="q")
    if len(stripped) > QUERY_LIMIT:
        raise InvalidInput(
            f"q: at most {QUERY_LIMIT} characters", code="search_too_long", field="q"
        )
    found: dict[frozenset[str], None] = {}
    for word, _start, _end in words.tokens(_normal(stripped)):
        forms = frozenset(_forms(word))
        if forms:
            found[forms] = None
    if not found:
        raise InvalidInput("q: no word to search for", code="search_no_words", field="q")
    if len(found) > QUERY_WORDS:
        raise InvalidInput(
            f"q: at most {QUERY_WORDS} words", code="search_too_many_words", field="q"
        )
    return Query(tuple(found))


def matches(index: str, query: Query) -> bool:
    """Whether a text indexed as `index` answers `query` (as the database decides it)."""
    return all(any(needle in index for needle in needles) for needles in query.needles())

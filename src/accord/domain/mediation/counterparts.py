"""Counterparts: a candidate wording in the other language versions of the revision.

A revision's language versions are aligned (DESIGN §2 rule 8): the same paragraphs, the
same brackets with the same alternatives in the same order. So when the mediator proposes
a state's own wording — an alternative of a bracket, or an amendment with its translations
— the same wording exists in each other version, and the chair can read it there: the
alternative of the same index in the bracket of the same id, or the amendment's wording
in that language.

A candidate carries counterparts only when it *is* a source's wording (its text equals the
source's, as the drafter joins identical wordings): a model's wording that merely reuses a
few of a state's words, or a near-duplicate merged under another, has no aligned text in
any version, and none is invented. A deletion reads alike in every language and carries
none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from accord.domain import negotiation
from accord.domain.mediation.drafting import normalise
from accord.domain.mediation.model import Span

# (source_kind, source_id) of a span: ("alternative", "alternative-2"), ("amendment", "A3").
SourceKey = tuple[str, str]


@dataclass(frozen=True)
class AlignedSource:
    """A source's wording as the mediator read it, and the same wording in other languages."""

    text: str
    counterparts: Mapping[str, str] = field(default_factory=dict)


def alternative_key(index: int) -> SourceKey:
    """The key of the bracket's alternative at `index` (0-based), as the drafter names it."""
    return ("alternative", f"alternative-{index + 1}")


def _bracket(version: negotiation.Revision, paragraph_id: int, bracket_id: int) -> list[str]:
    for paragraph in version.paragraphs:
        if paragraph.id == paragraph_id:
            for bracket in paragraph.brackets:
                if bracket.id == bracket_id:
                    return [a.text for a in bracket.alternatives]
    return []


def bracket_sources(
    versions: Mapping[str, negotiation.Revision],
    language: str,
    paragraph_id: int,
    bracket_id: int,
) -> dict[SourceKey, AlignedSource]:
    """Each alternative of one bracket in the `language` version, with the alternative of
    the same index in the same bracket of every other version (in `versions`' order).

    `versions` maps a language to its version of one revision, `language` among them. A
    version whose bracket is missing, or has another number of alternatives (it cannot be
    aligned: the languages app refuses such a version), gives no counterpart.
    """
    ours = _bracket(versions[language], paragraph_id, bracket_id) if language in versions else []
    theirs = {
        code: _bracket(version, paragraph_id, bracket_id)
        for code, version in versions.items()
        if code != language
    }
    return {
        alternative_key(index): AlignedSource(
            text,
            {code: texts[index] for code, texts in theirs.items() if len(texts) == len(ours)},
        )
        for index, text in enumerate(ours)
    }


def counterparts_of(
    text: str, spans: Iterable[Span], sources: Mapping[SourceKey, AlignedSource]
) -> dict[str, str]:
    """The candidate `text` in other languages, from the sources whose wording it is.

    For each language, the first such source (in the spans' order) that has a wording
    there; languages in the order the sources name them. Empty for a deletion and for a
    wording that is no source's own.
    """
    key = normalise(text)
    if not key:
        return {}
    found: dict[str, str] = {}
    for span in spans:
        source = sources.get((span.source_kind, span.source_id))
        if source is None or normalise(source.text) != key:
            continue
        for code, counterpart in source.counterparts.items():
            if counterpart.strip():
                found.setdefault(code, counterpart)
    return found

"""Language versions of a revision: the same text in another language, aligned.

DESIGN §2 rule 8. A revision is negotiated in its document's working language; each other
language version of it holds the same paragraphs (same ids, kinds, order: PP1 … OP3 number
alike), the same brackets (same ids, in the same paragraphs, in the same order) and in each
bracket the same number of alternatives, the empty one (a proposed deletion) at the same
place. A version is the reference revision's value with its words replaced, so it carries
the reference's backers and provenance: a redline in any language is `redline` over the
versions.

Translators write a paragraph as it is read, brackets inline: `各方[欢迎 / 注意到]中国的倡议。`,
`—` for an empty alternative (`render` writes it so; `parse_paragraph` reads it back).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from accord.domain.errors import InvalidInput
from accord.domain.negotiation.canonical import adopted_text, text_hash
from accord.domain.negotiation.text import (
    Alternative,
    Bracket,
    Paragraph,
    Revision,
    Segment,
    Text,
    normalise_segments,
)

VERSION_LANGUAGES = ("en", "zh", "ru")
EMPTY_ALTERNATIVE = "—"
BRACKET = re.compile(r"\[([^\[\]]*)\]")


def parse_paragraph(text: str) -> tuple[tuple[Segment, ...], list[list[str]]]:
    """Segments of a paragraph written with inline brackets, and each bracket's wordings.

    Brackets get id 0 here; `align_version` gives them the reference's ids. InvalidInput
    for a bracket left open or closed twice.
    """
    rest = BRACKET.sub("", text)
    if "[" in rest or "]" in rest:
        raise InvalidInput("a bracket is opened and not closed (or closed and not opened)")
    segments: list[Segment] = []
    wordings: list[list[str]] = []
    position = 0
    for match in BRACKET.finditer(text):
        segments.append(Text(text[position : match.start()]))
        words = [w.strip() for w in match.group(1).split(" / ")]
        words = ["" if w == EMPTY_ALTERNATIVE else w for w in words]
        wordings.append(words)
        # Placeholder wordings: only the bracket's place counts here, its words are in `wordings`.
        segments.append(Bracket(0, tuple(Alternative(f"\0{i}") for i in range(len(words)))))
        position = match.end()
    segments.append(Text(text[position:]))
    return normalise_segments(segments), wordings


def align_version(
    reference: Revision, *, language: str, title: str, paragraphs: Sequence[str]
) -> Revision:
    """The `language` version of `reference` from one text per paragraph, in order.

    InvalidInput, naming the paragraph, when the version does not align: another number of
    paragraphs, another number of brackets in a paragraph, another number of alternatives
    in a bracket, the empty alternative elsewhere, or an empty paragraph.
    """
    if language not in VERSION_LANGUAGES:
        raise InvalidInput(f"there are no language versions in {language!r}", field="language")
    if len(paragraphs) != len(reference.paragraphs):
        raise InvalidInput(
            f"the version has {len(paragraphs)} paragraphs; {reference.label} has "
            f"{len(reference.paragraphs)}",
            code="version_misaligned",
            field="paragraphs",
        )
    labels = reference.labels()
    built = [
        _align_paragraph(p, text, labels[p.id])
        for p, text in zip(reference.paragraphs, paragraphs, strict=True)
    ]
    return replace(reference, title=title, paragraphs=tuple(built))


def _misaligned(label: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{label}: {reason}", code="version_misaligned", field="paragraphs")


def _align_paragraph(ours: Paragraph, text: str, label: str) -> Paragraph:
    if not text.strip():
        raise _misaligned(label, "the paragraph is empty")
    try:
        segments, wordings = parse_paragraph(text)
    except InvalidInput as refused:
        raise _misaligned(label, refused.message) from None
    brackets = ours.brackets
    if len(wordings) != len(brackets):
        raise _misaligned(
            label, f"the version has {len(wordings)} brackets where the text has {len(brackets)}"
        )
    out: list[Segment] = []
    it = iter(zip(brackets, wordings, strict=True))
    for segment in segments:
        if isinstance(segment, Text):
            out.append(segment)
            continue
        bracket, words = next(it)
        if len(words) != len(bracket.alternatives):
            raise _misaligned(
                label,
                f"bracket {bracket.id} has {len(words)} alternatives in the version and "
                f"{len(bracket.alternatives)} in the text",
            )
        if [not w for w in words] != [not a.text for a in bracket.alternatives]:
            raise _misaligned(label, f"bracket {bracket.id}: the empty alternative is elsewhere")
        alternatives = tuple(
            replace(a, text=w) for a, w in zip(bracket.alternatives, words, strict=True)
        )
        try:
            out.append(Bracket(bracket.id, alternatives))
        except InvalidInput as refused:
            raise _misaligned(label, refused.message) from None
    return replace(ours, segments=normalise_segments(out))


# --- the adopted text in every language --------------------------------------------------

VERSION_KEYS = ("language", "versions")


def version_entry(language: str, version: Revision) -> dict[str, Any]:
    """One language version as the adopted text carries it, with the SHA-256 of the rest."""
    text = adopted_text(version)
    entry = {"language": language, "title": text["title"], "paragraphs": text["paragraphs"]}
    return {**entry, "sha256": text_hash(entry)}


def with_versions(
    text: Mapping[str, Any], *, language: str, versions: Mapping[str, Revision]
) -> dict[str, Any]:
    """`text` (the working language's `adopted_text`) with every other language version.

    What is signed is this whole text (its hash is the adoption record's `text_sha256`), so
    every signature covers every version; each entry also carries its own hash, so that a
    verifier names the language of a tampered version (`signing`'s `language-version`).
    """
    numbers = [p["number"] for p in text["paragraphs"]]
    entries = []
    for code in (c for c in VERSION_LANGUAGES if c in versions and c != language):
        entry = version_entry(code, versions[code])
        if [p["number"] for p in entry["paragraphs"]] != numbers:
            raise InvalidInput(f"the {code} version is not aligned with the text")
        entries.append(entry)
    return {**text, "language": language, "versions": entries}

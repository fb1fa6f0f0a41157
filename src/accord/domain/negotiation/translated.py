"""Amendments in every language version, and the next revision's versions from them.

DESIGN §2 rule 8: an amendment is proposed in any language and may carry its wording in the
document's other versions (`Wording`). A wording says what the amendment does *in that
version*: its new words, and for a change of agreed words the words it replaces there
(`quote`), since word order differs between languages and the working language's offsets
mean nothing in another. `check_wording` refuses a wording that cannot stand for the
amendment: a language without versions, another number of brackets than the amendment's
text, words to replace that the version does not hold, words for a deletion.

When the chair issues the next revision, `next_version` applies the same decisions and
resolutions to each version, with each amendment's wording in that version, and aligns the
result with the new revision (`align_version`): the version is updated only when every
amendment taken in carries its wording there and the result has the new revision's very
shape (paragraphs, brackets, alternatives and who proposed each). Otherwise there is no
version yet, and the revision is incomplete until the translators submit one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from accord.domain.errors import InvalidInput, RuleViolation
from accord.domain.negotiation.amendments import Amendment, AmendmentKind, Span, find_span
from accord.domain.negotiation.revision import issue_revision
from accord.domain.negotiation.text import Bracket, Decision, Revision
from accord.domain.negotiation.versions import BRACKET, VERSION_LANGUAGES, align_version

MAX_WORDING = 20_000


@dataclass(frozen=True)
class Wording:
    """An amendment's words in one language version."""

    text: str
    quote: str | None = None  # the agreed words it replaces in that version
    occurrence: int = 1


def _refused(language: str, reason: str, code: str) -> InvalidInput:
    return InvalidInput(f"the {language} wording: {reason}", code=code, field="translations")


def bracket_count(text: str) -> int:
    """How many inline brackets (`[one / other]`) a wording holds."""
    return len(BRACKET.findall(text))


def _bracket_span(amendment: Amendment, reference: Revision) -> int | None:
    """Which bracket of its paragraph (0, 1 …) an amendment on a bracket targets."""
    if amendment.span is None or amendment.paragraph_id is None:
        return None
    paragraph = reference.paragraph(amendment.paragraph_id)
    target = paragraph.segments[amendment.span.segment]
    if not isinstance(target, Bracket):
        return None
    return [s.id for s in paragraph.brackets].index(target.id)


def check_wording(
    amendment: Amendment, reference: Revision, version: Revision | None, language: str,
    wording: Wording,
) -> Amendment:  # fmt: skip
    """The amendment as it applies to `version` (the `language` version of `reference`, the
    revision it is proposed against), or InvalidInput naming what is wrong. With no version
    yet, only the words are checked."""
    if language not in VERSION_LANGUAGES:
        raise _refused(language, "there are no language versions in it", "language_not_used")
    if len(wording.text) > MAX_WORDING:
        raise _refused(language, "it is too long", "translation_too_long")
    ours, theirs = bracket_count(amendment.text), bracket_count(wording.text)
    if ours != theirs:
        raise _refused(
            language, f"it has {theirs} brackets where the amendment has {ours}",
            "translation_brackets",
        )  # fmt: skip
    if amendment.kind is AmendmentKind.DELETE_PARAGRAPH:
        if wording.text.strip():
            raise _refused(language, "a deletion has no words", "translation_words")
        return amendment
    if not wording.text.strip() and amendment.text.strip():
        raise _refused(
            language, "it has no words where the amendment has some", "translation_words"
        )
    if amendment.kind is not AmendmentKind.REPLACE_SPAN:
        return replace(amendment, text=wording.text)
    bracket = _bracket_span(amendment, reference)
    if version is None:
        return replace(amendment, text=wording.text)
    assert amendment.paragraph_id is not None
    paragraph = version.paragraph(amendment.paragraph_id)
    if bracket is not None:
        segment = paragraph.segments.index(paragraph.brackets[bracket])
        return replace(amendment, text=wording.text, span=Span(segment))
    if not wording.quote:
        raise _refused(language, "name the words it replaces in that version", "translation_quote")
    try:
        span = find_span(paragraph, wording.quote, wording.occurrence)
    except InvalidInput:
        raise _refused(
            language, f"{wording.quote!r} is not in the agreed text there", "translation_quote"
        ) from None
    return replace(amendment, text=wording.text, span=span)


def _shape(revision: Revision) -> list[list[tuple[tuple[str, ...], ...]]]:
    """Per paragraph, per bracket: which amendments proposed each alternative."""
    return [
        [tuple(a.amendments for a in b.alternatives) for b in p.brackets]
        for p in revision.paragraphs
    ]


def next_version(
    previous: Revision,
    reference: Revision,
    *,
    language: str,
    chair: str,
    amendments: Mapping[str, Amendment],
    decisions: Mapping[str, Decision],
    resolutions: Mapping[int, int] | None = None,
    ad_referendum: Mapping[int, frozenset[str]] | None = None,
) -> Revision | None:
    """The `language` version of `reference` (the revision just issued) from `previous`
    (that language's version of the revision before) and each amendment as it applies to
    that version (`check_wording`); None when it cannot be made so: an amendment taken in
    has no wording there, or the result does not align with `reference`."""
    taken = [code for code, d in decisions.items() if d is not Decision.LEFT_OUT]
    if any(code not in amendments for code in taken):
        return None
    # An amendment left out changes no version: it needs no wording there.
    kept = {code: d for code, d in decisions.items() if code in amendments}
    try:
        computed = issue_revision(
            previous, chair=chair, amendments=[amendments[c] for c in kept], decisions=kept,
            resolutions=resolutions, ad_referendum=ad_referendum,
        )  # fmt: skip
        if _shape(computed) != _shape(reference):
            return None  # alternatives merged or in another order: not the same text
        return align_version(
            reference, language=language, title=previous.title,
            paragraphs=[p.render() for p in computed.paragraphs],
        )  # fmt: skip
    except (InvalidInput, RuleViolation):
        return None

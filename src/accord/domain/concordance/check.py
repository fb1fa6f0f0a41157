"""Compare the language versions of one revision: `check_concordance`.

Every version is compared with the reference version (the document's original language),
paragraph by paragraph: the paragraphs themselves (same ids, same kinds, in the same order:
the numbering PP1 … OP3 follows), their brackets (same ids, same number of alternatives, the
empty alternative at the same place), and then what each piece of text says (`features`):
the agreed text of the paragraph taken as a whole, since word order moves it around the
brackets, and each alternative of each bracket on its own.

A `Finding` names the paragraph, the two versions and the difference. Its `key` is stable
(the same finding in the same revision has the same key), so an explanation can be attached
to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from accord.domain.concordance.features import Features, features, multiset_difference
from accord.domain.concordance.names import Place
from accord.domain.concordance.words import LANGUAGES
from accord.domain.errors import InvalidInput
from accord.domain.negotiation import Bracket, Paragraph, Revision, Text


class Check(StrEnum):
    """What a finding is about."""

    NUMBERING = "numbering"
    SUBPARAGRAPHS = "subparagraphs"
    BRACKETS = "brackets"
    NUMERALS = "numerals"
    DATES = "dates"
    NAMES = "names"
    OBLIGATION = "obligation"
    PERMISSION = "permission"
    NEGATION = "negation"


@dataclass(frozen=True)
class Finding:
    """One difference between two versions of one paragraph.

    `where` is "" for the paragraph's agreed text, or `"bracket 3, alternative 2"`;
    `reference` holds what the reference version has that the other lacks, `other` the
    reverse (dates, numerals, name codes, or a count for the word classes and structure).
    """

    check: Check
    paragraph_id: int
    label: str
    languages: tuple[str, str]
    where: str
    reference: tuple[str, ...]
    other: tuple[str, ...]

    @property
    def key(self) -> str:
        """A stable name for this finding: check, paragraph, versions and place."""
        place = self.where.replace(", ", "/").replace(" ", "") or "text"
        return f"{self.check}:{self.paragraph_id}:{self.languages[0]}-{self.languages[1]}:{place}"

    def describe(self) -> str:
        """The difference in one English sentence (the app words it in each language)."""
        a, b = self.languages
        where = f" ({self.where})" if self.where else ""
        return (
            f"{self.label}{where}: {self.check} differ between {a} and {b}: "
            f"{a} has {', '.join(self.reference) or 'nothing'} where {b} has "
            f"{', '.join(self.other) or 'nothing'}."
        )


def check_concordance(
    versions: Mapping[str, Revision], *, reference: str, places: Sequence[Place] = ()
) -> tuple[Finding, ...]:
    """The findings between `versions[reference]` and every other version (none: concordant).

    `places` are the members list's states with their names in each language. InvalidInput
    for a language outside en/zh/ru or a reference that is not among the versions.
    """
    unknown = sorted(set(versions) - set(LANGUAGES))
    if unknown:
        raise InvalidInput(f"no concordance rules for the language {unknown[0]!r}")
    if reference not in versions:
        raise InvalidInput(f"the reference version {reference!r} is not among the versions")
    base = versions[reference]
    labels = base.labels()
    findings: list[Finding] = []
    for language in (lang for lang in LANGUAGES if lang in versions and lang != reference):
        pair = (reference, language)
        findings.extend(_compare(base, versions[language], pair, labels, places))
    return tuple(findings)


def _compare(
    base: Revision,
    other: Revision,
    pair: tuple[str, str],
    labels: dict[int, str],
    places: Sequence[Place],
) -> Iterator[Finding]:
    theirs = {p.id: p for p in other.paragraphs}
    ours = {p.id: p for p in base.paragraphs}
    their_labels = other.labels()
    for paragraph in base.paragraphs:
        label = labels[paragraph.id]
        counterpart = theirs.get(paragraph.id)
        if counterpart is None or counterpart.kind is not paragraph.kind:
            found = () if counterpart is None else (their_labels[paragraph.id],)
            yield Finding(Check.NUMBERING, paragraph.id, label, pair, "", (label,), found)
            continue
        yield from _compare_paragraph(paragraph, counterpart, pair, label, places)
    for extra in (p for p in other.paragraphs if p.id not in ours):
        label = their_labels[extra.id]
        yield Finding(Check.NUMBERING, extra.id, label, pair, "", (), (label,))


def _compare_paragraph(
    ours: Paragraph,
    theirs: Paragraph,
    pair: tuple[str, str],
    label: str,
    places: Sequence[Place],
) -> Iterator[Finding]:
    a, b = pair
    ours_by_id = {br.id: br for br in ours.brackets}
    theirs_by_id = {br.id: br for br in theirs.brackets}

    def finding(check: Check, where: str, ref: Sequence[str], oth: Sequence[str]) -> Finding:
        return Finding(check, ours.id, label, pair, where, tuple(ref), tuple(oth))

    if [br.id for br in ours.brackets] != [br.id for br in theirs.brackets]:
        yield finding(
            Check.BRACKETS,
            "",
            [f"bracket {i}" for i in ours_by_id if i not in theirs_by_id] or _order(ours),
            [f"bracket {i}" for i in theirs_by_id if i not in ours_by_id] or _order(theirs),
        )
    yield from _differences(
        finding, "", features(a, _agreed(ours), places), features(b, _agreed(theirs), places)
    )
    for bracket in ours.brackets:
        counterpart = theirs_by_id.get(bracket.id)
        if counterpart is None:
            continue
        if _shape(bracket) != _shape(counterpart):
            where = f"bracket {bracket.id}"
            yield finding(Check.BRACKETS, where, [_shape_text(bracket)], [_shape_text(counterpart)])
            continue
        for index, (x, y) in enumerate(
            zip(bracket.alternatives, counterpart.alternatives, strict=True), 1
        ):
            where = f"bracket {bracket.id}, alternative {index}"
            yield from _differences(
                finding, where, features(a, x.text, places), features(b, y.text, places)
            )


def _agreed(paragraph: Paragraph) -> str:
    return " ".join(s.text for s in paragraph.segments if isinstance(s, Text))


def _order(paragraph: Paragraph) -> list[str]:
    return [" ".join(f"bracket {br.id}" for br in paragraph.brackets)]


def _shape(bracket: Bracket) -> tuple[bool, ...]:
    """The bracket's alternatives as empty (a proposed deletion) or not."""
    return tuple(not alt.text for alt in bracket.alternatives)


def _shape_text(bracket: Bracket) -> str:
    empty = sum(_shape(bracket))
    return f"{len(bracket.alternatives)} alternatives ({empty} empty)"


_Make = Callable[["Check", str, Sequence[str], Sequence[str]], "Finding"]


def _differences(make: _Make, where: str, x: Features, y: Features) -> Iterator[Finding]:
    if x.subparagraphs != y.subparagraphs:
        yield make(Check.SUBPARAGRAPHS, where, [str(x.subparagraphs)], [str(y.subparagraphs)])
    for check, ours, theirs in (
        (Check.DATES, x.dates, y.dates),
        (Check.NUMERALS, x.numerals, y.numerals),
        (Check.NAMES, sorted(x.names), sorted(y.names)),
    ):
        missing, extra = multiset_difference(ours, theirs)
        if missing or extra:
            yield make(check, where, missing, extra)
    for (name, count), (_, their_count) in zip(x.classes, y.classes, strict=True):
        if count != their_count:
            yield make(Check(name), where, [str(count)], [str(their_count)])

"""Document symbols in the style of the UN and the OSCE: `RSD/MIN/2021/DOC/3/Rev.1`.

A symbol is a *stem* of upper-case segments separated by `/` (body, meeting, year, series,
number), then optional suffixes in the UN's order: `Rev.N` (a revised text replacing the
earlier one), `Add.N` (an addendum), `Corr.N` (a corrigendum). Parsing refuses anything else
with the reason, so two spellings of one symbol cannot both be registered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.domain.errors import InvalidInput

MAX_LENGTH = 80
# A segment ends at "/" or the end: "Rev.1" is a suffix, not a segment beginning with "R".
_SEGMENT = r"[A-Z0-9]{1,12}(?![A-Za-z0-9.])"
_STEM = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT}){{1,7}}")
_SUFFIX = re.compile(r"/(Rev|Add|Corr)\.([1-9][0-9]{0,3})")
ORDER = ("Rev", "Add", "Corr")
ORIGINAL = {"en": "ENGLISH", "zh": "CHINESE", "ru": "RUSSIAN"}


@dataclass(frozen=True)
class Symbol:
    """A parsed symbol; `str(symbol)` is its one spelling."""

    stem: str
    rev: int | None = None
    add: int | None = None
    corr: int | None = None

    def __str__(self) -> str:
        parts = [self.stem]
        for name, number in zip(ORDER, (self.rev, self.add, self.corr), strict=True):
            if number is not None:
                parts.append(f"{name}.{number}")
        return "/".join(parts)

    def parent(self) -> Symbol | None:
        """The document an addendum or a corrigendum belongs to (`…/DOC/3/Rev.1` for
        `…/DOC/3/Rev.1/Add.1`, `…/Add.1` for `…/Add.1/Corr.1`); None for any other."""
        if self.corr is not None:
            return Symbol(self.stem, self.rev, self.add)
        if self.add is not None:
            return Symbol(self.stem, self.rev)
        return None

    def revised(self) -> Symbol:
        """The symbol of the next revision (`…/Rev.2` after `…/Rev.1` or the original)."""
        return Symbol(self.stem, (self.rev or 0) + 1)


def parse_symbol(text: str) -> Symbol:
    """The symbol `text` spells; InvalidInput naming what is wrong."""
    if not isinstance(text, str) or not text or len(text) > MAX_LENGTH:
        raise InvalidInput(f"a symbol is 1 to {MAX_LENGTH} characters", field="symbol")
    stem = _STEM.match(text)
    if stem is None:
        raise InvalidInput(
            "a symbol begins with upper-case segments separated by '/' (RSD/MIN/2021/DOC/3)",
            field="symbol",
        )
    numbers: dict[str, int] = {}
    position = stem.end()
    last = -1
    while position < len(text):
        suffix = _SUFFIX.match(text, position)
        if suffix is None:
            raise InvalidInput(
                f"unreadable symbol suffix {text[position:]!r}: Rev.N, Add.N, Corr.N",
                field="symbol",
            )
        name, index = suffix.group(1), ORDER.index(suffix.group(1))
        if index <= last:
            raise InvalidInput(
                "symbol suffixes come once each, as Rev., Add., Corr.", field="symbol"
            )
        last = index
        numbers[name] = int(suffix.group(2))
        position = suffix.end()
    return Symbol(stem.group(), numbers.get("Rev"), numbers.get("Add"), numbers.get("Corr"))


def original_line(language: str) -> str:
    """`Original: RUSSIAN`, as a document's first page says in which language it was written."""
    if language not in ORIGINAL:
        raise InvalidInput(f"no original language {language!r}", field="original_language")
    return f"Original: {ORIGINAL[language]}"

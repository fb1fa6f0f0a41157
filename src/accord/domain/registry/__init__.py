"""The document registry's rules (DESIGN §2 rule 8): symbols (`RSD/MIN/2021/DOC/3/Rev.1`,
with `Add.` and `Corr.`), the original language line, distribution levels and derestriction.

Import from here (`from accord.domain import registry`)."""

from accord.domain.registry.distribution import (
    Distribution,
    check_derestriction,
    due_for_derestriction,
    level_on,
)
from accord.domain.registry.symbols import ORIGINAL, Symbol, original_line, parse_symbol

__all__ = [
    "ORIGINAL",
    "Distribution",
    "Symbol",
    "check_derestriction",
    "due_for_derestriction",
    "level_on",
    "original_line",
    "parse_symbol",
]

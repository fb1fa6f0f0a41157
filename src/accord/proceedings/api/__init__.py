"""`/rules`, the floor, summary records, `/chair-terms`, informal stages and commitments,
one module per concept, all on one `router`.

Handlers parse, call one service or selector, and shape the answer; what the caller may not
see answers 404 as if it did not exist (the selectors see to it).
"""

from __future__ import annotations

from . import (
    chairmanship,
    commitments,
    informal_stages,
    rules,
    sittings,
    summary_records,
    wordings,
)
from .routing import router

__all__ = [
    "chairmanship",
    "commitments",
    "informal_stages",
    "router",
    "rules",
    "sittings",
    "summary_records",
    "wordings",
]

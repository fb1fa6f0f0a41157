"""Parameters the pages read by hand (a form's field, a query's number, an uploaded JSON
file), bounded as the API's schemas bound theirs (issue 11): a number past what the
database holds, a thousand-digit "number" or JSON nested a hundred thousand deep is a
clear refusal, never a crash or a long walk."""

from __future__ import annotations

import json
from typing import Any

from accord.domain.errors import InvalidInput
from accord.edge.fields import MAX_ID

MAX_JSON_DEPTH = 32


def whole_number(raw: str | None, *, field: str, minimum: int = 1, maximum: int = MAX_ID) -> int:
    """`raw` as a whole number in [minimum, maximum], else InvalidInput naming `field`."""
    text = (raw or "").strip()
    # The length first: int() of a long enough string takes quadratic time, then refuses.
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        raise InvalidInput(f"{field}: a whole number from {minimum} to {maximum}", field=field)
    number = int(text)
    if not minimum <= number <= maximum:
        raise InvalidInput(f"{field}: a whole number from {minimum} to {maximum}", field=field)
    return number


def optional_id(raw: str | None) -> int | None:
    """An id from a form (None when absent or not an id the database could hold)."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class NestedTooDeeply(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep.",
            code="nested_too_deeply",
            field="body",
        )


def loads_bounded(raw: bytes | str) -> Any:
    """`json.loads`, refusing (with `NestedTooDeeply`) what nests past `MAX_JSON_DEPTH`;
    ValueError for what is not JSON at all."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise NestedTooDeeply() from None
    if _depth_exceeds(value, MAX_JSON_DEPTH):
        raise NestedTooDeeply()
    return value


def _depth_exceeds(value: Any, limit: int) -> bool:
    # Iterative: a recursive walk would itself hit the recursion limit.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False

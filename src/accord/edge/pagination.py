"""Cursor pagination for every list, in the API and on the pages (issue 18): keyset, never
OFFSET, so that the first page of a list of 100,000 rows costs what it costs for 10.

A list is read in a total order: its ordering fields, the last of them unique (the key,
usually `id`). A page is the first `size` rows of the caller's own scoped queryset in that
order that come after a position; its `next` cursor is the position of its last row, or
None when no row follows. The page is read with one query (`size + 1` rows: the extra one
says whether another page follows), bounded by the first ordering field so that the
database walks its index from the position rather than from the start.

The cursor is that position — the ordering values of one row — sealed with AES-GCM under
a key derived from `SECRET_KEY`, with the list's name (its model and order) as associated
data. So it is opaque (the database key inside says nothing of how many rows exist, rule
5), a cursor changed in one bit, cut short or made for another list is refused with
`InvalidCursor` (422 `invalid_cursor`) before any row is read, and it grants nothing: the
page after it comes from the queryset of whoever sends it, so a cursor replayed by another
state gives that state only its own rows after the position, and tells it nothing it could
not see.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Generic, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from accord.domain.errors import InvalidInput
from accord.edge.params import whole_number

T = TypeVar("T")
Out = TypeVar("Out")
M = TypeVar("M", bound=Model)

DEFAULT_SIZE = 50
MAX_SIZE = 500  # as `edge.fields.Limit`: no request valid before pagination becomes invalid
# A sealed position of a few values is about a hundred characters; anything longer is not one.
MAX_CURSOR_LENGTH = 512
CURSOR_PATTERN = "^[A-Za-z0-9_-]+$"
_NONCE = 12
_TAG = 16


class InvalidCursor(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            _(
                "This cursor was not given by this list, or it was changed: "
                "start again from the first page."
            ),
            code="invalid_cursor",
            field="cursor",
        )


@dataclass(frozen=True)
class PageRequest:
    """Which page: after the position a cursor seals (the first page without one), and how
    many rows at most."""

    cursor: str | None = None
    size: int = DEFAULT_SIZE


FIRST_PAGE = PageRequest()


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next: str | None  # the cursor of the page after this one; None on the last page

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def paginate(
    queryset: QuerySet[M], page: PageRequest, *, order: Sequence[str] | None = None
) -> Page[M]:
    """One page of `queryset` in `order` (the model's `Meta.ordering` by default), whose
    last field must be unique and no field nullable. The queryset is the caller's own,
    already scoped to what they may see; the cursor only says where to start in it."""
    keys = tuple(str(key) for key in (order or queryset.model._meta.ordering or ()))
    if not keys or keys[-1].lstrip("-") not in ("id", "pk"):
        raise ValueError(f"the order {keys} of a page must end with the unique key")
    context = _list_name(queryset.model, keys)
    ordered = queryset.order_by(*keys)
    if page.cursor is not None:
        position = _open(page.cursor, context, queryset.model, keys)
        ordered = ordered.filter(_after(keys, position))
    size = max(1, min(page.size, MAX_SIZE))
    rows = list(ordered[: size + 1])
    items = rows[:size]
    following = len(rows) > size
    return Page(items, _seal(_position(items[-1], keys), context) if following else None)


def _after(keys: Sequence[str], values: Sequence[Any]) -> Q:
    """The rows strictly after `values` in the order `keys`: (a > x) or (a = x and b > y) …,
    with `a >= x` beside it, which the database can use as its index's bound."""
    names = [key.lstrip("-") for key in keys]
    steps = ["lt" if key.startswith("-") else "gt" for key in keys]
    condition = Q(**{f"{names[-1]}__{steps[-1]}": values[-1]})
    for name, step, value in reversed(list(zip(names[:-1], steps[:-1], values[:-1], strict=True))):
        condition = Q(**{f"{name}__{step}": value}) | (Q(**{name: value}) & condition)
    bound = Q(**{f"{names[0]}__{steps[0]}e": values[0]})
    return bound & condition


def _position(row: Any, keys: Sequence[str]) -> list[Any]:
    values = []
    for key in keys:
        value = getattr(row, key.lstrip("-"))
        if value is None:
            raise ValueError(f"{key} is None: a page's order may hold no nullable field")
        values.append(value.isoformat() if isinstance(value, date | datetime) else value)
    return values


def _list_name(model: type[Model], keys: Sequence[str]) -> bytes:
    return f"{model._meta.label_lower}|{','.join(keys)}".encode()


@lru_cache(maxsize=4)
def _cipher(secret: str) -> AESGCM:
    # A key of its own for cursors, derived from the site's secret (never the secret itself).
    key = hmac.new(secret.encode(), b"accord.edge.pagination: cursor key", hashlib.sha256)
    return AESGCM(key.digest())


def _seal(values: list[Any], context: bytes) -> str:
    plain = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    nonce = os.urandom(_NONCE)
    sealed = nonce + _cipher(settings.SECRET_KEY).encrypt(nonce, plain, context)
    return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")


def paginate_sequence(items: Sequence[T], page: PageRequest, *, name: str) -> Page[T]:
    """One page of a list held whole in one row (a stored snapshot, such as a summary
    record's entries), in its own order: the cursor seals the index of the first item of
    the next page, with `name` naming the list, so that it is opaque and refused when
    changed or sent to another list, as a keyset cursor is."""
    context = f"sequence|{name}".encode()
    start = 0
    if page.cursor is not None:
        values = _unseal(page.cursor, context)
        if len(values) != 1 or type(values[0]) is not int or values[0] < 0:
            raise InvalidCursor()
        start = values[0]
    size = max(1, min(page.size, MAX_SIZE))
    end = start + size
    return Page(list(items[start:end]), _seal([end], context) if end < len(items) else None)


def _open(cursor: str, context: bytes, model: type[Model], keys: Sequence[str]) -> list[Any]:
    """The position a cursor seals, as the database compares it; InvalidCursor when it is
    not a cursor of this list exactly as it was given."""
    values = _unseal(cursor, context)
    if len(values) != len(keys):
        raise InvalidCursor()
    return [
        _as_field(model, key.lstrip("-"), value) for key, value in zip(keys, values, strict=True)
    ]


def _unseal(cursor: str, context: bytes) -> list[Any]:
    """The values a cursor of the list named `context` seals; InvalidCursor when it is not
    one exactly as it was given."""
    if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
        raise InvalidCursor()
    try:
        sealed = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        if len(sealed) < _NONCE + _TAG:
            raise InvalidCursor()
        plain = _cipher(settings.SECRET_KEY).decrypt(sealed[:_NONCE], sealed[_NONCE:], context)
        values = json.loads(plain)
    except (binascii.Error, ValueError, InvalidTag):
        raise InvalidCursor() from None
    if not isinstance(values, list):
        raise InvalidCursor()
    return values


def _as_field(model: type[Model], name: str, value: Any) -> Any:
    try:
        field = model._meta.get_field("id" if name == "pk" else name)
    except FieldDoesNotExist:
        return value  # an annotation (a search's rank): JSON keeps its number exactly
    try:
        return field.to_python(value)  # type: ignore[union-attr]
    except ValidationError:
        raise InvalidCursor() from None


# --- At the edge: the API's query and `Link` header, the pages' query and link ----------


PAGE_SIZE = "At most this many items on the page."


class PageQuery(Schema):
    """`?cursor=&limit=` of every list operation (the API root declares the `Link` header
    of their answers in the OpenAPI document)."""

    cursor: str | None = Field(
        None,
        max_length=MAX_CURSOR_LENGTH,
        pattern=CURSOR_PATTERN,
        description='The page after the one whose `next` (or `Link: <…>; rel="next"` '
        "header) gave this cursor; the first page without it. Opaque: it is refused (422 "
        "`invalid_cursor`) when changed or sent to another list.",
    )
    limit: int = Field(DEFAULT_SIZE, ge=1, le=MAX_SIZE, description=PAGE_SIZE)

    def page(self) -> PageRequest:
        return PageRequest(cursor=self.cursor, size=self.limit)


class Paged(Schema, Generic[Out]):
    """What every API list answers (DESIGN §5): one page of its items and the cursor of the
    next page, null on the last; `?cursor=<next>` asks for that page. Declared as the
    operation's `response=Paged[ItemOut]`, so the OpenAPI document shows the envelope."""

    items: list[Out]
    next: str | None = Field(
        description="The cursor of the next page (send it as `?cursor=`); null on the last page."
    )


def listed(
    request: HttpRequest, response: HttpResponse, page: Page[T], build: Callable[[T], Out]
) -> Page[Out]:
    """A page as an API list answers it, `Paged`: its items built and its next cursor; and,
    when another page follows, also `Link: <url>; rel="next"` (RFC 8288) to the same list
    with that cursor."""
    if page.next is not None:
        response["Link"] = f'<{next_url(request, page.next)}>; rel="next"'
    return Page([build(row) for row in page.items], page.next)


def whole(items: Iterable[Out]) -> Page[Out]:
    """A list that is bounded by its nature (a fixed enumeration, the interface languages)
    as every list answers: all of it on one page, `next` null."""
    return Page(list(items), None)


def next_url(request: HttpRequest, cursor: str | None, **also: str) -> str | None:
    """The address of the same list, with the same filters (and `also`), at the page after
    `cursor`."""
    if cursor is None:
        return None
    query: QueryDict = request.GET.copy()
    for name, value in also.items():
        query[name] = value
    query["cursor"] = cursor
    return f"{request.path}?{query.urlencode()}"


def page_request(query: QueryDict) -> PageRequest:
    """The page a page's address asks for (`?cursor=&limit=`), bounded as the API bounds it;
    InvalidInput when the limit is not a number in range."""
    cursor = query.get("cursor") or None
    raw_limit = query.get("limit")
    size = DEFAULT_SIZE
    if raw_limit:
        size = whole_number(raw_limit, field="limit", maximum=MAX_SIZE)
    return PageRequest(cursor=cursor, size=size)

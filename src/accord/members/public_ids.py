"""Opaque public identifiers (issue 11, DESIGN rule 5): what the API, the pages, the ledger
and the events call an object that can be hidden.

A public id is a short prefix naming the kind of object, an underscore and 26 lower-case
base32 letters of 128 random bits (`con_x4k…`). Unlike the database's sequential keys it
says nothing about how many objects exist or which of them a reader cannot see, and it
cannot be guessed. The database keeps its own integer keys; services and selectors work on
them, and the edge translates:

- `PublicIdField(prefix)` — the model field, filled when a row is made;
- `PublicIdPath(Model)` — a path parameter: an id that is malformed or names no such object
  becomes a key that names nothing, so the selector answers 404 exactly as it does for an
  object the caller may not see;
- `PublicIdRef(Model)` — a reference in a body or a query: malformed is 422; a well-formed
  id that names nothing becomes the key that names nothing, and the service answers as for
  any absent object;
- `PublicIdConverter` — `<con:pk>` in the pages' URL patterns (one converter per prefix),
  giving the view the key, and `reverse()` the public id.
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass
from typing import Any, cast

from django.db import connections, models
from django.urls import register_converter
from django.urls.converters import get_converters
from django.utils.deconstruct import deconstructible
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from accord.edge.fields import PUBLIC_ID_PATTERN

PUBLIC_ID_LENGTH = 32  # the longest prefix (5), the underscore and 26 letters
_FORMAT = re.compile(PUBLIC_ID_PATTERN)
# The key no row has (keys start at 1): what an unknown public id resolves to.
NO_SUCH_KEY = 0
_models_by_prefix: dict[str, type[models.Model]] = {}


def new_public_id(prefix: str) -> str:
    """`prefix_` and 128 random bits as 26 lower-case base32 letters."""
    letters = base64.b32encode(secrets.token_bytes(16)).decode("ascii").rstrip("=").lower()
    return f"{prefix}_{letters}"


def is_public_id(text: object) -> bool:
    return isinstance(text, str) and _FORMAT.fullmatch(text) is not None


@deconstructible
class NewPublicId:
    """The field's default: a fresh id with the field's prefix (a class, so that
    migrations can name it)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self) -> str:
        return new_public_id(self.prefix)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NewPublicId) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


class PublicIdField(models.CharField):  # type: ignore[type-arg]
    """A row's opaque public id, made when the row is made and never changed."""

    def __init__(self, prefix: str, *args: Any, **kwargs: Any) -> None:
        if not re.fullmatch("[a-z]{2,5}", prefix):
            raise ValueError(f"a public id's prefix is 2 to 5 lower-case letters: {prefix!r}")
        self.prefix = prefix
        kwargs.setdefault("max_length", PUBLIC_ID_LENGTH)
        kwargs.setdefault("unique", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", NewPublicId(prefix))
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for key, value in (
            ("max_length", PUBLIC_ID_LENGTH),
            ("unique", True),
            ("editable", False),
            ("default", NewPublicId(self.prefix)),
        ):
            if kwargs.get(key) == value:
                del kwargs[key]
            elif key not in kwargs and key in ("unique", "editable"):
                kwargs[key] = not value  # the CharField default differs from ours
        return name, path, [self.prefix, *args], kwargs

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only)
        if not cls._meta.abstract and cls.__module__ != "__fake__":  # not a migration's model
            _models_by_prefix[self.prefix] = cls


class RowKey(int):
    """A row's database key that remembers the public id it was found by, so that a view
    given it can link back (`redirect(name, notification_id=key)`) without a database key
    ever reaching a URL."""

    public_id: str

    def __new__(cls, key: int, public_id: str) -> RowKey:
        made = super().__new__(cls, key)
        made.public_id = public_id
        return made


def model_of(prefix: str) -> type[models.Model] | None:
    return _models_by_prefix.get(prefix)


# Public id → key of the rows found, per process (issue 18: the look-up was a query and an
# ORM compilation on every request naming an object). Safe to keep: a public id is never
# given to another row nor changed, and a key is never reused on PostgreSQL
# (a sequence, not rolled back) nor on SQLite (AUTOINCREMENT) once committed; a deleted
# row's key names nothing, as NO_SUCH_KEY does. On SQLite a key found inside a transaction
# is not kept (a rollback hands it out again). Bounded: emptied when full.
_known_keys: dict[tuple[type[models.Model], str], int] = {}
MAX_KNOWN_KEYS = 100_000
_key_sql: dict[tuple[type[models.Model], str], str] = {}


def key_of(model: type[models.Model], public_id: object) -> int:
    """The database key of `model`'s row called `public_id`, or NO_SUCH_KEY when the text is
    not a public id of that kind or names no row (hidden rows are left to the selectors)."""
    if not is_public_id(public_id):
        return NO_SUCH_KEY
    assert isinstance(public_id, str)
    known = _known_keys.get((model, public_id))
    if known is not None:
        return known
    manager = model._default_manager
    connection = connections[manager.db]
    sql = _key_sql.get((model, connection.vendor))
    if sql is None:
        quote, meta = connection.ops.quote_name, model._meta
        column = cast(models.Field, meta.get_field("public_id")).column
        sql = (
            f"SELECT {quote(str(meta.pk.column))} FROM {quote(meta.db_table)}"  # type: ignore[union-attr]
            f" WHERE {quote(str(column))} = %s LIMIT 1"
        )
        _key_sql[(model, connection.vendor)] = sql
    with connection.cursor() as cursor:
        cursor.execute(sql, [public_id])
        row = cursor.fetchone()
    if row is None:
        return NO_SUCH_KEY
    key = int(row[0])
    if connection.vendor == "postgresql" or not connection.in_atomic_block:
        if len(_known_keys) >= MAX_KNOWN_KEYS:
            _known_keys.clear()
        _known_keys[(model, public_id)] = key
    return key


def public_id_of(model: type[models.Model], key: object) -> str | None:
    """The public id of `model`'s row with database key `key` (None when there is none)."""
    if key is None:
        return None
    found = model._default_manager.filter(pk=key).values_list("public_id", flat=True).first()
    return None if found is None else str(found)


def named_by(ref: str) -> dict[str, object]:
    """The lookup for a row a ledger entry names: its public id, or (an entry written
    before public ids) its database key."""
    return {"public_id": ref} if is_public_id(ref) else {"pk": int(ref)}


def fill_public_ids(app_label: str, model_name: str, prefix: str) -> Any:
    """A migration step giving every existing row of a model its public id."""

    def fill(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        for key in model._default_manager.filter(public_id__isnull=True).values_list(
            "pk", flat=True
        ):
            model._default_manager.filter(pk=key).update(public_id=new_public_id(prefix))

    return fill


# --- The API's edge -----------------------------------------------------------------


def _schema(description: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": PUBLIC_ID_PATTERN,
        "minLength": 29,
        "maxLength": PUBLIC_ID_LENGTH,
        "description": description,
    }


@dataclass(frozen=True)
class PublicIdPath:
    """`Annotated[int, PublicIdPath(Concern)]`: a path parameter read as a public id and
    given to the handler as the row's key; malformed or unknown → a key no row has, so the
    selector's 404 answers it exactly like an object the caller may not see."""

    model: type[models.Model]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            lambda value: RowKey(key_of(self.model, value), str(value))
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return _schema(f"the public id of a {self.model._meta.verbose_name}")


@dataclass(frozen=True)
class PublicIdRef:
    """`Annotated[int, PublicIdRef(Meeting)]`: a reference in a body or a query; a text that
    is not a public id is refused (422), one that names nothing becomes a key no row has."""

    model: type[models.Model]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(self._validate)

    def _validate(self, value: object) -> int:
        if not is_public_id(value):
            raise PydanticCustomError(
                "public_id", "Give the public id of a {kind}.", {"kind": self.kind}
            )
        return RowKey(key_of(self.model, value), str(value))

    @property
    def kind(self) -> str:
        return str(self.model._meta.verbose_name)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return _schema(f"the public id of a {self.kind}")


# --- The pages' URL patterns ----------------------------------------------------------


class PublicIdConverter:
    """`<con:pk>` (the prefix names the converter): the view receives the row's key, an
    unknown id a key no row has (the selector's 404); `reverse()` takes the public id."""

    prefix = ""
    regex = ""

    def to_python(self, value: str) -> RowKey:
        model = model_of(self.prefix)
        return RowKey(NO_SUCH_KEY if model is None else key_of(model, value), value)

    def to_url(self, value: object) -> str:
        text = getattr(value, "public_id", value)
        if not (is_public_id(text) and str(text).startswith(f"{self.prefix}_")):
            # A database key given by mistake: never put one in a link.
            raise ValueError(f"not a public id of kind {self.prefix}: {value!r}")
        return str(text)


PREFIXES = (
    "con", "mtg", "sit", "item", "flr", "itv", "paper", "bil", "slot", "doc", "cons", "ntf",
    "hot", "med", "chan", "alert", "ann", "np", "cmt", "off", "fotc", "wrd",
)  # fmt: skip


def register_converters() -> None:
    """Register `<prefix:…>` for every prefix (once, from the members app's `ready`)."""
    for prefix in PREFIXES:
        if prefix not in get_converters():
            attributes = {"prefix": prefix, "regex": f"{prefix}_[a-z2-7]{{26}}"}
            register_converter(
                type(f"PublicIdConverter_{prefix}", (PublicIdConverter,), attributes), prefix
            )

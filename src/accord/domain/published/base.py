"""The base of every published event: its kind, its audience, its payload (issue 16).

A service publishes a write as one of the frozen dataclasses of this package instead of a
dict of its own making: the fields are the payload, typed and spelt once, and `audience`
says explicitly who may receive the event and read the ledger entry. `payload()` is the
dict the ledger digests and keeps, and from which the stream's data is made
(`EventKind.stream_data`), so the wire format is the fields' names and values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields
from enum import Enum
from typing import Any, ClassVar

from accord.domain.events import EventKind, stream_text
from accord.domain.visibility import Audience

# Each kind's one class, by the kind's name: filled as the classes are defined.
BY_KIND: dict[str, type[Published]] = {}


@dataclass(frozen=True, kw_only=True)
class Published:
    """One event a service publishes, for `audience`.

    A subclass names its `KIND` (a kind of the catalogue, `accord.domain.events`) and
    declares the payload's fields. A field whose key is a Python keyword ends with an
    underscore (`from_` is the payload's "from"). Sequences are tuples here (the event is
    frozen) and JSON arrays on the ledger and the stream. A field declared `= absent()` is
    left out of the payload while it is None (a key only some writes have, as `signed`).
    """

    KIND: ClassVar[EventKind]
    audience: Audience

    def __init_subclass__(cls, **options: Any) -> None:
        super().__init_subclass__(**options)
        kind = cls.__dict__.get("KIND")
        if not isinstance(kind, EventKind):
            raise TypeError(f"{cls.__name__}: KIND must be a kind of the event catalogue")
        if kind.name in BY_KIND:
            raise ValueError(f"{kind.name!r} has two event classes")
        BY_KIND[kind.name] = cls

    def payload(self) -> dict[str, Any]:
        """What the ledger keeps (and digests) of the event: every field but the audience."""
        return {
            _key(f.name): _plain(getattr(self, f.name))
            for f in fields(self)
            if f.name != "audience" and not _left_out(f, getattr(self, f.name))
        }

    def stream_text(self, *, seq: int, object_type: str, object_id: str) -> str:
        """The event as `GET /api/v1/events` writes it, once it is entry `seq` on `object_id`."""
        return stream_text(
            seq=seq,
            kind=self.KIND.name,
            object_type=object_type,
            object_id=object_id,
            data=self.KIND.stream_data(self.payload(), object_id),
        )


def absent() -> Any:
    """A field that is None unless given, and then not in the payload at all."""
    return field(default=None, metadata={_ABSENT: True})


_ABSENT = "accord.absent_when_none"


def _left_out(spec: Field[Any], value: Any) -> bool:
    return value is None and bool(spec.metadata.get(_ABSENT))


def _key(name: str) -> str:
    return name[:-1] if name.endswith("_") else name


def _plain(value: Any) -> Any:
    """`value` as JSON holds it: tuples as lists, enumerations as their values."""
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, Enum):
        return value.value
    return value

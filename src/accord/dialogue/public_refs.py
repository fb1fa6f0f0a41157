"""The dialogue's objects as the API and the pages name them: by public id (issue 11).

Path parameters and references in bodies, queries and forms are read as public ids and
given to the services and selectors as the rows' keys (`accord.members.public_ids`); an
answer names related objects by their public ids through `public`.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Model

from accord.dialogue.models import (
    AgendaItem,
    Bilateral,
    Concern,
    FloorRequest,
    Intervention,
    Meeting,
    ProposedSlot,
)
from accord.members.public_ids import PublicIdPath, PublicIdRef, RowKey, key_of

ConcernId = Annotated[RowKey, PublicIdPath(Concern)]
MeetingId = Annotated[RowKey, PublicIdPath(Meeting)]
FloorRequestId = Annotated[RowKey, PublicIdPath(FloorRequest)]
BilateralId = Annotated[RowKey, PublicIdPath(Bilateral)]

ConcernRef = Annotated[int, PublicIdRef(Concern)]
MeetingRef = Annotated[int, PublicIdRef(Meeting)]
ItemRef = Annotated[int, PublicIdRef(AgendaItem)]
InterventionRef = Annotated[int, PublicIdRef(Intervention)]
SlotRef = Annotated[int, PublicIdRef(ProposedSlot)]

_FORM_FIELDS: dict[str, type[Model]] = {
    "concern": Concern,
    "item": AgendaItem,
    "in_reply_to": Intervention,
    "meeting": Meeting,
    "slot": ProposedSlot,
}


def public(row: Any) -> str | None:
    """The public id of a related row, or None when there is none."""
    return None if row is None else str(row.public_id)


def from_form(field: str, raw: str | None) -> int | None:
    """The key of the object a form's field names by public id: None when the field is
    empty, a key no row has when it names nothing (the service answers as for any absent
    object)."""
    text = (raw or "").strip()
    return None if not text else key_of(_FORM_FIELDS[field], text)

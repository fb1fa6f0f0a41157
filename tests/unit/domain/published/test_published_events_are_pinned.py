"""Every published event's serialised form is pinned (issue 16): the bytes it is on
`GET /api/v1/events` and the payload the ledger keeps and digests. The typed events replaced
dicts the services built by hand; these are the bytes those dicts made, so a renamed field,
a changed type or a field more is a failing test, not a silent change to the contract."""

from __future__ import annotations

import dataclasses
import json

import pytest
from pinned_consultations import PINNED as CONSULTATIONS
from pinned_dialogue import PINNED as DIALOGUE
from pinned_notifications import PINNED as NOTIFICATIONS

from accord.domain import events, published
from accord.domain.visibility import PUBLIC

PINNED = [*CONSULTATIONS, *DIALOGUE, *NOTIFICATIONS]


def test_every_event_class_is_pinned():
    pinned = {event.KIND.name for event, *_ in PINNED}
    assert sorted(pinned) == sorted(published.BY_KIND)
    assert all(type(event) is published.BY_KIND[event.KIND.name] for event, *_ in PINNED)


@pytest.mark.parametrize(
    ("event", "object_type", "object_id", "stream", "payload"),
    PINNED,
    ids=[f"{event.KIND.name}-{n}" for n, (event, *_) in enumerate(PINNED)],
)
def test_an_event_is_the_pinned_bytes_on_the_stream_and_the_ledger(
    event, object_type, object_id, stream, payload
):
    assert event.stream_text(seq=41, object_type=object_type, object_id=object_id) == stream
    # In its order too: an export read from SQLite writes the payload as it was given.
    assert json.dumps(event.payload(), ensure_ascii=False) == payload
    # The stream text is the catalogue's one serializer of what the ledger keeps: the same
    # bytes as an event replayed from its entry.
    assert stream == events.stream_text(
        seq=41,
        kind=event.KIND.name,
        object_type=object_type,
        object_id=object_id,
        data=event.KIND.stream_data(json.loads(payload), object_id),
    )


def test_the_audience_is_carried_but_never_serialised():
    event = published.ConcernCoSponsored(audience=PUBLIC, concern="cnc_1", state="UZB")
    assert event.audience == PUBLIC
    assert "audience" not in event.payload()
    assert "visibility" not in event.stream_text(seq=1, object_type="t", object_id="o")


def test_an_event_is_frozen_and_names_its_audience():
    event = published.ConcernCoSponsored(audience=PUBLIC, concern="cnc_1", state="UZB")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.state = "KAZ"  # type: ignore[misc]
    with pytest.raises(TypeError):
        published.ConcernCoSponsored(concern="cnc_1", state="UZB")  # type: ignore[call-arg]


def test_a_kind_has_one_class_and_a_class_names_a_kind_of_the_catalogue():
    with pytest.raises(ValueError, match="two event classes"):

        @dataclasses.dataclass(frozen=True, kw_only=True)
        class Again(published.Published):
            KIND = events.CONCERN_RAISED

    with pytest.raises(TypeError, match="KIND"):

        @dataclasses.dataclass(frozen=True, kw_only=True)
        class Unnamed(published.Published):
            pass

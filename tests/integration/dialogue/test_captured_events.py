"""The `captured_events` fixture (issue 16): a write publishes its one event on commit, a
refusal publishes none."""

from __future__ import annotations

import pytest

from accord.dialogue import services
from accord.domain.errors import DomainError

FIELDS = {
    "title": "Drug trafficking across the Pamir",
    "summary": "Routes, seizures and what the border services need.",
    "category": "crime",
}


def test_raising_a_concern_publishes_one_event_of_its_kind(region, captured_events):
    concern = services.raise_concern(actor=region.delegate("KGZ"), **FIELDS)
    assert [event.kind for event in captured_events()] == ["concern.raised"]
    assert captured_events()[0].to_json().count(concern.public_id) >= 1


def test_a_refused_write_publishes_nothing(region, captured_events):
    with pytest.raises(DomainError):
        services.raise_concern(actor=region.secretariat, **FIELDS)
    assert captured_events() == []

"""The rule for a meeting's plenary sittings (moved out of `convene_meeting`, issue 16)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.domain.dialogue import Slot, check_sitting
from accord.domain.errors import InvalidInput

DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MEETING = Slot(DAY, DAY + timedelta(hours=8))


def hours(start: float, end: float) -> Slot:
    return Slot(DAY + timedelta(hours=start), DAY + timedelta(hours=end))


def test_a_sitting_inside_the_meeting_and_clear_of_the_others_is_admitted():
    check_sitting(hours(3, 4), meeting=MEETING, earlier=[hours(0, 1), hours(1, 3)], label="s")


def test_back_to_back_sittings_do_not_overlap():
    check_sitting(hours(1, 2), meeting=MEETING, earlier=[hours(0, 1)], label="sittings[2]")


def test_a_sitting_outside_the_meeting_is_refused_with_its_label():
    with pytest.raises(InvalidInput) as refused:
        check_sitting(hours(7, 9), meeting=MEETING, earlier=[], label="sittings[1]")
    assert str(refused.value.message) == "sittings[1]: the sitting lies outside the meeting"


def test_a_sitting_overlapping_an_earlier_one_is_refused_with_its_label():
    with pytest.raises(InvalidInput) as refused:
        check_sitting(hours(1, 3), meeting=MEETING, earlier=[hours(2, 4)], label="sittings[2]")
    assert str(refused.value.message) == "sittings[2]: the sitting overlaps another sitting"


@given(st.integers(0, 7), st.integers(1, 8), st.integers(0, 7), st.integers(1, 8))
def test_a_sitting_is_refused_exactly_when_it_overlaps_an_earlier_one(a, la, b, lb):
    first = hours(a, min(a + la, 8))
    second = hours(b, min(b + lb, 8))
    overlapping = first.starts_at < second.ends_at and second.starts_at < first.ends_at
    if overlapping:
        with pytest.raises(InvalidInput):
            check_sitting(second, meeting=MEETING, earlier=[first], label="s")
    else:
        check_sitting(second, meeting=MEETING, earlier=[first], label="s")

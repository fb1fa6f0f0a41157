"""The notification type schemas and the check of a submission (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.domain.errors import InvalidInput
from accord.domain.notifications.catalogue import (
    EXERCISE_NOTICE,
    EXPLANATION_REQUEST,
    FORCE_CATEGORIES_V1,
    STANDARD_TYPES_V1,
)
from accord.domain.notifications.types import (
    ContentInvalid,
    SchemaInvalid,
    calendar_span,
    parse_schema,
    subject_of,
    validate_content,
)

TYPES = {item["key"]: item for item in STANDARD_TYPES_V1}
EXERCISE = parse_schema(TYPES[EXERCISE_NOTICE]["schema"])


def exercise(**changes: Any) -> dict[str, Any]:
    content: dict[str, Any] = {
        "exercise_name": "Peace Mission 2021",
        "starts_on": "2021-09-11",
        "ends_on": "2021-09-25",
        "area": [
            {"lat": 54.9, "lon": 61.4},
            {"lat": 55.1, "lon": 61.9},
            {"lat": 54.7, "lon": 62.0},
        ],
        "forces": {"personnel": 4000, "battle_tanks": 120},
        "purpose": "Counter-terrorism command-post and field training.",
    }
    content.update(changes)
    return content


def errors_of(content: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ContentInvalid) as caught:
        validate_content(EXERCISE_NOTICE, EXERCISE, content)
    return caught.value.errors


def test_the_seven_standard_types_have_valid_schemas():
    assert sorted(TYPES) == [
        "exercise_notice",
        "explanation_reply",
        "explanation_request",
        "incident_report",
        "information_exchange",
        "launch_notice",
        "naval_passage",
    ]
    for item in STANDARD_TYPES_V1:
        assert parse_schema(item["schema"]).fields


def test_a_request_for_explanation_expects_a_reply_within_48_hours_by_default():
    assert TYPES[EXPLANATION_REQUEST]["reply_hours"] == 48
    assert all(
        item["reply_hours"] is None
        for item in STANDARD_TYPES_V1
        if item["key"] != EXPLANATION_REQUEST
    )


def test_a_valid_exercise_notice_is_cleaned_to_json_values():
    cleaned = validate_content(EXERCISE_NOTICE, EXERCISE, exercise(starts_on=" 2021-09-11"))
    assert cleaned["starts_on"] == "2021-09-11"
    assert cleaned["area"][0] == {"lat": 54.9, "lon": 61.4}
    assert cleaned["forces"] == {"personnel": 4000, "battle_tanks": 120}
    assert subject_of(EXERCISE, cleaned, "fallback") == "Peace Mission 2021"


def test_reversed_dates_name_the_end_date():
    errors = errors_of(exercise(starts_on="2021-09-25", ends_on="2021-09-11"))
    assert errors == {"ends_on": "2021-09-11 is before starts_on (2021-09-25): dates reversed"}


def test_a_one_day_exercise_is_not_reversed():
    cleaned = validate_content(
        EXERCISE_NOTICE, EXERCISE, exercise(starts_on="2021-09-11", ends_on="2021-09-11")
    )
    assert cleaned["ends_on"] == "2021-09-11"


def test_a_latitude_out_of_range_names_the_point_and_axis():
    area = [{"lat": 54.9, "lon": 61.4}, {"lat": 95, "lon": 61.9}]
    assert errors_of(exercise(area=area)) == {"area[1].lat": "95 is out of range (-90 to 90)"}


def test_a_longitude_out_of_range_is_refused():
    area = [{"lat": 10, "lon": -181}]
    assert errors_of(exercise(area=area)) == {"area[0].lon": "-181 is out of range (-180 to 180)"}


def test_an_unknown_force_category_is_named_with_the_known_ones():
    errors = errors_of(exercise(forces={"personnel": 10, "laser_cannons": 2}))
    assert errors == {
        "forces": "unknown force category laser_cannons (known: "
        + ", ".join(FORCE_CATEGORIES_V1)
        + ")"
    }


def test_a_negative_force_count_is_refused():
    assert errors_of(exercise(forces={"personnel": -5})) == {
        "forces.personnel": "cannot be negative"
    }


def test_every_problem_is_reported_at_once():
    content = exercise(starts_on="2021-13-01", purpose="", extra="x")
    del content["area"]
    errors = errors_of(content)
    assert errors == {
        "extra": "not a field of exercise_notice",
        "starts_on": "'2021-13-01' is not a date (YYYY-MM-DD)",
        "area": "required",
        "purpose": "required",
    }


def test_the_error_message_names_the_type_and_fields():
    with pytest.raises(InvalidInput) as caught:
        validate_content(EXERCISE_NOTICE, EXERCISE, exercise(ends_on="2021-09-01"))
    assert caught.value.message == (
        "The exercise_notice notification is not valid: "
        "ends_on: 2021-09-01 is before starts_on (2021-09-11): dates reversed"
    )


def test_content_must_be_an_object():
    with pytest.raises(ContentInvalid) as caught:
        validate_content(EXERCISE_NOTICE, EXERCISE, ["not", "an", "object"])
    assert caught.value.errors == {"content": "an object with the type's fields"}


def test_a_launch_window_needs_a_utc_offset_and_the_right_order():
    schema = parse_schema(TYPES["launch_notice"]["schema"])
    content = {
        "launch_kind": "space_launch_vehicle",
        "window_opens": "2021-07-20T04:00:00",
        "window_closes": "2021-07-20T02:00:00+00:00",
        "launch_site": {"lat": 40.96, "lon": 100.28},
    }
    with pytest.raises(ContentInvalid) as caught:
        validate_content("launch_notice", schema, content)
    assert caught.value.errors == {
        "window_opens": "'2021-07-20T04:00:00' has no UTC offset (add Z or +05:00)"
    }
    content["window_opens"] = "2021-07-20T04:00:00+00:00"
    with pytest.raises(ContentInvalid) as caught:
        validate_content("launch_notice", schema, content)
    assert list(caught.value.errors) == ["window_closes"]


def test_a_choice_outside_its_list_is_refused():
    schema = parse_schema(TYPES["launch_notice"]["schema"])
    with pytest.raises(ContentInvalid) as caught:
        validate_content("launch_notice", schema, {"launch_kind": "balloon"})
    assert caught.value.errors["launch_kind"] == (
        "'balloon' is not one of ballistic_missile, space_launch_vehicle, cruise_missile"
    )


def test_the_calendar_span_of_an_exercise_is_its_first_and_last_day():
    cleaned = validate_content(EXERCISE_NOTICE, EXERCISE, exercise())
    assert calendar_span(EXERCISE, cleaned) == (date(2021, 9, 11), date(2021, 9, 25))


def test_the_calendar_span_of_a_launch_is_its_window():
    schema = parse_schema(TYPES["launch_notice"]["schema"])
    cleaned = validate_content(
        "launch_notice",
        schema,
        {
            "launch_kind": "ballistic_missile",
            "window_opens": "2021-07-20T04:00:00Z",
            "window_closes": "2021-07-20T06:00:00Z",
            "launch_site": {"lat": 40.96, "lon": 100.28},
        },
    )
    assert calendar_span(schema, cleaned) == (
        datetime(2021, 7, 20, 4, tzinfo=UTC),
        datetime(2021, 7, 20, 6, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "schema: a JSON object with a non-empty list 'fields'"),
        ({"fields": [{"name": "x", "kind": "colour"}]}, "schema.fields[0].kind: one of "),
        ({"fields": [{"name": "x", "kind": "choice"}]}, "schema.fields[0].choices"),
        ({"fields": [{"name": "f", "kind": "forces"}]}, "schema.fields[0].categories"),
        (
            {"fields": [{"name": "a", "kind": "text"}, {"name": "a", "kind": "text"}]},
            "schema.fields[1].name: 'a' appears twice",
        ),
        ({"fields": [{"name": "a", "kind": "text"}], "order": [["a", "b"]]}, "schema.order"),
        ({"fields": [{"name": "a", "kind": "date"}], "subject": "a"}, "schema.subject"),
    ],
)
def test_a_malformed_schema_is_refused_with_its_place_named(raw, message):
    with pytest.raises(SchemaInvalid) as caught:
        parse_schema(raw)
    assert caught.value.message.startswith(message)


def test_a_region_can_define_its_own_type_as_data():
    schema = parse_schema(
        {
            "fields": [
                {"name": "river", "kind": "text", "label": "River"},
                {"name": "release_m3", "kind": "integer", "minimum": 0, "maximum": 10000},
            ],
            "subject": "river",
        }
    )
    assert validate_content(
        "water_release", schema, {"river": "Amu Darya", "release_m3": "250"}
    ) == {
        "river": "Amu Darya",
        "release_m3": 250,
    }
    with pytest.raises(ContentInvalid) as caught:
        validate_content("water_release", schema, {"river": "Syr Darya", "release_m3": 20000})
    assert caught.value.errors == {"release_m3": "at most 10000"}


@given(
    lat=st.floats(min_value=-90, max_value=90, allow_nan=False),
    lon=st.floats(min_value=-180, max_value=180, allow_nan=False),
)
def test_every_point_on_the_globe_is_accepted(lat, lon):
    cleaned = validate_content(EXERCISE_NOTICE, EXERCISE, exercise(area=[{"lat": lat, "lon": lon}]))
    assert cleaned["area"] == [{"lat": lat, "lon": lon}]


@given(
    lat=st.one_of(
        st.floats(min_value=90, exclude_min=True, allow_infinity=True),
        st.floats(max_value=-90, exclude_max=True, allow_infinity=True),
        st.just(float("nan")),
    )
)
def test_no_latitude_off_the_globe_is_accepted(lat):
    errors = errors_of(exercise(area=[{"lat": lat, "lon": 0}]))
    assert list(errors) == ["area[0].lat"]

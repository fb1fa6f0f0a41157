"""The standard confidence-building notification types, version 1, as seeded by migration.

Frozen: the data migration `notifications.0002_standard_types` reads this list, so a change
here would rewrite history. A new version of a type is a new entry in a new list (and a new
migration); notifications keep pointing at the version they were sent under.
"""

from __future__ import annotations

from typing import Any

FORCE_CATEGORIES_V1 = (
    "personnel",
    "battle_tanks",
    "armoured_combat_vehicles",
    "artillery",
    "combat_aircraft",
    "helicopters",
    "warships",
    "submarines",
    "missile_systems",
)

EXERCISE_NOTICE = "exercise_notice"
LAUNCH_NOTICE = "launch_notice"
NAVAL_PASSAGE = "naval_passage"
INCIDENT_REPORT = "incident_report"
EXPLANATION_REQUEST = "explanation_request"
EXPLANATION_REPLY = "explanation_reply"
INFORMATION_EXCHANGE = "information_exchange"

DEFAULT_REPLY_HOURS = 48


def _text(name: str, label: str, *, required: bool = True) -> dict[str, Any]:
    return {"name": name, "kind": "text", "label": label, "required": required}


def _long(name: str, label: str, *, required: bool = True) -> dict[str, Any]:
    return {"name": name, "kind": "longtext", "label": label, "required": required}


STANDARD_TYPES_V1: list[dict[str, Any]] = [
    {
        "key": EXERCISE_NOTICE,
        "title": "Prior notice of a military exercise",
        "description": "Announced before the exercise starts: dates, area, forces, purpose.",
        "ack_hours": 72,
        "reply_hours": None,
        "schema": {
            "fields": [
                _text("exercise_name", "Name of the exercise"),
                {"name": "starts_on", "kind": "date", "label": "First day"},
                {"name": "ends_on", "kind": "date", "label": "Last day"},
                {
                    "name": "area",
                    "kind": "area",
                    "label": "Area (corners, decimal degrees)",
                    "help": "One point per line: latitude, longitude",
                },
                {
                    "name": "forces",
                    "kind": "forces",
                    "label": "Forces involved",
                    "categories": list(FORCE_CATEGORIES_V1),
                },
                _long("purpose", "Purpose"),
            ],
            "order": [["starts_on", "ends_on"]],
            "subject": "exercise_name",
            "calendar": {"start": "starts_on", "end": "ends_on"},
        },
    },
    {
        "key": LAUNCH_NOTICE,
        "title": "Missile or space launch notice",
        "description": "A ballistic missile or space launch vehicle launch window.",
        "ack_hours": 24,
        "reply_hours": None,
        "schema": {
            "fields": [
                {
                    "name": "launch_kind",
                    "kind": "choice",
                    "label": "Kind of launch",
                    "choices": ["ballistic_missile", "space_launch_vehicle", "cruise_missile"],
                },
                {"name": "window_opens", "kind": "datetime", "label": "Window opens"},
                {"name": "window_closes", "kind": "datetime", "label": "Window closes"},
                {"name": "launch_site", "kind": "point", "label": "Launch site"},
                {"name": "impact_area", "kind": "area", "label": "Impact area", "required": False},
                _long("purpose", "Purpose", required=False),
            ],
            "order": [["window_opens", "window_closes"]],
            "calendar": {"start": "window_opens", "end": "window_closes"},
        },
    },
    {
        "key": NAVAL_PASSAGE,
        "title": "Naval passage notice",
        "description": "A warship or naval group passing near another state's waters.",
        "ack_hours": 48,
        "reply_hours": None,
        "schema": {
            "fields": [
                _text("vessels", "Vessels (names and classes)"),
                {"name": "passage_starts", "kind": "date", "label": "Passage begins"},
                {"name": "passage_ends", "kind": "date", "label": "Passage ends"},
                {"name": "route", "kind": "area", "label": "Route (waypoints)"},
                _long("purpose", "Purpose", required=False),
            ],
            "order": [["passage_starts", "passage_ends"]],
            "subject": "vessels",
            "calendar": {"start": "passage_starts", "end": "passage_ends"},
        },
    },
    {
        "key": INCIDENT_REPORT,
        "title": "Incident report",
        "description": "An incident involving military forces, reported promptly.",
        "ack_hours": 24,
        "reply_hours": None,
        "schema": {
            "fields": [
                _text("title", "What happened, in a line"),
                {"name": "occurred_at", "kind": "datetime", "label": "When"},
                {"name": "location", "kind": "point", "label": "Where"},
                _long("description", "Description"),
            ],
            "subject": "title",
        },
    },
    {
        "key": EXPLANATION_REQUEST,
        "title": "Request for explanation of unusual military activity",
        "description": "The recipients reply within the reply deadline (48 hours by default).",
        "ack_hours": 24,
        "reply_hours": DEFAULT_REPLY_HOURS,
        "schema": {
            "fields": [
                _text("activity", "Activity observed"),
                {"name": "observed_from", "kind": "date", "label": "Observed from"},
                {"name": "observed_until", "kind": "date", "label": "Observed until"},
                {"name": "area", "kind": "area", "label": "Area", "required": False},
                _long("questions", "Questions"),
            ],
            "order": [["observed_from", "observed_until"]],
            "subject": "activity",
        },
    },
    {
        "key": EXPLANATION_REPLY,
        "title": "Reply to a request for explanation",
        "description": "Sent as the reply to a request; goes to the requesting state.",
        "ack_hours": 24,
        "reply_hours": None,
        "is_reply": True,
        "schema": {"fields": [_long("explanation", "Explanation")]},
    },
    {
        "key": INFORMATION_EXCHANGE,
        "title": "Information exchange",
        "description": "Free-form information for the other states.",
        "ack_hours": 168,
        "reply_hours": None,
        "schema": {
            "fields": [_text("subject", "Subject"), _long("body", "Information")],
            "subject": "subject",
        },
    },
]

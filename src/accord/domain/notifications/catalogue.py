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


def gettext_noop(message: str) -> str:  # marks for extraction; the app translates at display time
    return message


# Display names of the force categories and launch kinds (the data keeps the keys); the app
# shows a key with its underscores as spaces through gettext, so these are those msgids.
_DISPLAY_NAMES = (
    gettext_noop("personnel"),
    gettext_noop("battle tanks"),
    gettext_noop("armoured combat vehicles"),
    gettext_noop("artillery"),
    gettext_noop("combat aircraft"),
    gettext_noop("helicopters"),
    gettext_noop("warships"),
    gettext_noop("submarines"),
    gettext_noop("missile systems"),
    gettext_noop("ballistic missile"),
    gettext_noop("space launch vehicle"),
    gettext_noop("cruise missile"),
)


def _text(name: str, label: str, *, required: bool = True) -> dict[str, Any]:
    return {"name": name, "kind": "text", "label": label, "required": required}


def _long(name: str, label: str, *, required: bool = True) -> dict[str, Any]:
    return {"name": name, "kind": "longtext", "label": label, "required": required}


STANDARD_TYPES_V1: list[dict[str, Any]] = [
    {
        "key": EXERCISE_NOTICE,
        "title": gettext_noop("Prior notice of a military exercise"),
        "description": gettext_noop(
            "Announced before the exercise starts: dates, area, forces, purpose."
        ),
        "ack_hours": 72,
        "reply_hours": None,
        "schema": {
            "fields": [
                _text("exercise_name", gettext_noop("Name of the exercise")),
                {"name": "starts_on", "kind": "date", "label": gettext_noop("First day")},
                {"name": "ends_on", "kind": "date", "label": gettext_noop("Last day")},
                {
                    "name": "area",
                    "kind": "area",
                    "label": gettext_noop("Area (corners, decimal degrees)"),
                    "help": gettext_noop("One point per line: latitude, longitude"),
                },
                {
                    "name": "forces",
                    "kind": "forces",
                    "label": gettext_noop("Forces involved"),
                    "categories": list(FORCE_CATEGORIES_V1),
                },
                _long("purpose", gettext_noop("Purpose")),
            ],
            "order": [["starts_on", "ends_on"]],
            "subject": "exercise_name",
            "calendar": {"start": "starts_on", "end": "ends_on"},
        },
    },
    {
        "key": LAUNCH_NOTICE,
        "title": gettext_noop("Missile or space launch notice"),
        "description": gettext_noop("A ballistic missile or space launch vehicle launch window."),
        "ack_hours": 24,
        "reply_hours": None,
        "schema": {
            "fields": [
                {
                    "name": "launch_kind",
                    "kind": "choice",
                    "label": gettext_noop("Kind of launch"),
                    "choices": ["ballistic_missile", "space_launch_vehicle", "cruise_missile"],
                },
                {"name": "window_opens", "kind": "datetime", "label": gettext_noop("Window opens")},
                {
                    "name": "window_closes",
                    "kind": "datetime",
                    "label": gettext_noop("Window closes"),
                },
                {"name": "launch_site", "kind": "point", "label": gettext_noop("Launch site")},
                {
                    "name": "impact_area",
                    "kind": "area",
                    "label": gettext_noop("Impact area"),
                    "required": False,
                },
                _long("purpose", gettext_noop("Purpose"), required=False),
            ],
            "order": [["window_opens", "window_closes"]],
            "calendar": {"start": "window_opens", "end": "window_closes"},
        },
    },
    {
        "key": NAVAL_PASSAGE,
        "title": gettext_noop("Naval passage notice"),
        "description": gettext_noop(
            "A warship or naval group passing near another state's waters."
        ),
        "ack_hours": 48,
        "reply_hours": None,
        "schema": {
            "fields": [
                _text("vessels", gettext_noop("Vessels (names and classes)")),
                {"name": "passage_starts", "kind": "date", "label": gettext_noop("Passage begins")},
                {"name": "passage_ends", "kind": "date", "label": gettext_noop("Passage ends")},
                {"name": "route", "kind": "area", "label": gettext_noop("Route (waypoints)")},
                _long("purpose", gettext_noop("Purpose"), required=False),
            ],
            "order": [["passage_starts", "passage_ends"]],
            "subject": "vessels",
            "calendar": {"start": "passage_starts", "end": "passage_ends"},
        },
    },
    {
        "key": INCIDENT_REPORT,
        "title": gettext_noop("Incident report"),
        "description": gettext_noop("An incident involving military forces, reported promptly."),
        "ack_hours": 24,
        "reply_hours": None,
        "schema": {
            "fields": [
                _text("title", gettext_noop("What happened, in a line")),
                {"name": "occurred_at", "kind": "datetime", "label": gettext_noop("When")},
                {"name": "location", "kind": "point", "label": gettext_noop("Where")},
                _long("description", gettext_noop("Description")),
            ],
            "subject": "title",
        },
    },
    {
        "key": EXPLANATION_REQUEST,
        "title": gettext_noop("Request for explanation of unusual military activity"),
        "description": gettext_noop(
            "The recipients reply within the reply deadline (48 hours by default)."
        ),
        "ack_hours": 24,
        "reply_hours": DEFAULT_REPLY_HOURS,
        "schema": {
            "fields": [
                _text("activity", gettext_noop("Activity observed")),
                {"name": "observed_from", "kind": "date", "label": gettext_noop("Observed from")},
                {"name": "observed_until", "kind": "date", "label": gettext_noop("Observed until")},
                {"name": "area", "kind": "area", "label": gettext_noop("Area"), "required": False},
                _long("questions", gettext_noop("Questions")),
            ],
            "order": [["observed_from", "observed_until"]],
            "subject": "activity",
        },
    },
    {
        "key": EXPLANATION_REPLY,
        "title": gettext_noop("Reply to a request for explanation"),
        "description": gettext_noop(
            "Sent as the reply to a request; goes to the requesting state."
        ),
        "ack_hours": 24,
        "reply_hours": None,
        "is_reply": True,
        "schema": {"fields": [_long("explanation", gettext_noop("Explanation"))]},
    },
    {
        "key": INFORMATION_EXCHANGE,
        "title": gettext_noop("Information exchange"),
        "description": gettext_noop("Free-form information for the other states."),
        "ack_hours": 168,
        "reply_hours": None,
        "schema": {
            "fields": [
                _text("subject", gettext_noop("Subject")),
                _long("body", gettext_noop("Information")),
            ],
            "subject": "subject",
        },
    },
]

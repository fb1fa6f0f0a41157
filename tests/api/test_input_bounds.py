"""Issue 11: one request could exhaust the server's memory (a redline `?from=0&to=10**12`
grew one process to 24 GB). Every parameter that sizes work is bounded in the schema, so
that it is in the OpenAPI document and a request past it is answered 422 before any work.
"""

from __future__ import annotations

import json
import tracemalloc
from typing import Any

import pytest

from accord.ledger.models import LedgerEntry
from accord.site.api import api as ninja_api

# Path parameters naming an object by its id: Django answers no rows for an id past the
# database's integers, so they size no work (and become opaque strings with issue 11).
ID_PATH_PARAMETERS = {
    "concern_id",
    "meeting_id",
    "bilateral_id",
    "document_id",
    "consultation_id",
    "notification_id",
    "message_id",
    "paragraph_id",
    "request_id",
}


def _unbounded(schema: dict[str, Any], where: str, components: dict[str, Any]) -> list[str]:
    """Every place under `schema` where a value has no upper bound."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _unbounded(components[name], where, components)
    found: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += _unbounded(option, where, components)
    kind = schema.get("type")
    if kind == "string" and not (
        "maxLength" in schema or "enum" in schema or "const" in schema or "format" in schema
    ):
        found.append(f"{where}: a string without maxLength")
    if kind == "integer" and "maximum" not in schema and "enum" not in schema:
        found.append(f"{where}: an integer without maximum")
    if kind == "array":
        if "maxItems" not in schema:
            found.append(f"{where}: an array without maxItems")
        found += _unbounded(schema.get("items", {}), f"{where}[]", components)
    if kind == "object":
        for name, field in schema.get("properties", {}).items():
            found += _unbounded(field, f"{where}.{name}", components)
        extra = schema.get("additionalProperties")
        if extra not in (None, False) and "maxProperties" not in schema:
            found.append(f"{where}: an object without maxProperties")
    return found


def test_every_parameter_and_body_field_has_an_upper_bound_in_the_openapi_document() -> None:
    document = ninja_api.get_openapi_schema()
    components = document["components"]["schemas"]
    problems: list[str] = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            label = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in ID_PATH_PARAMETERS:
                    continue
                problems += _unbounded(
                    parameter.get("schema", {}), f"{label} {parameter['name']}", components
                )
            for content in operation.get("requestBody", {}).get("content", {}).values():
                if "multipart/form-data" in operation["requestBody"]["content"]:
                    continue  # files: bounded by ACCORD_MAX_UPLOAD_BYTES
                problems += _unbounded(content.get("schema", {}), f"{label} body", components)
    assert not problems, "\n".join(problems)


def _redline(client: Any, document: int, query: str) -> tuple[Any, int]:
    # A first request in the process imports and builds what every request then shares
    # (modules loaded lazily, the routes' compiled SQL): not what this refusal holds.
    client.get(f"/api/v1/documents/{document}/redline?from=1&to=1")
    tracemalloc.start()
    try:
        response = client.get(f"/api/v1/documents/{document}/redline?{query}")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return response, peak


@pytest.mark.parametrize("query", ["from=0&to=1000000000000", "from=1&to=1000000000000"])
def test_a_redline_over_a_huge_range_is_refused_before_any_work(world, api, query) -> None:
    """The range was walked number by number (a list of 10**12 missing revisions)."""
    client = api(world.region.head("KAZ"))
    response, peak = _redline(client, world.open["document"].pk, query)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid_input"
    assert {e["field"] for e in response.json()["errors"]} <= {"from", "to"}
    assert peak < 20 * 2**20, f"the refusal held {peak / 2**20:.0f} MB"


def test_the_domain_stops_a_redline_at_the_first_missing_revision() -> None:
    """Behind the schema, the rule itself never walks past the revisions there are."""
    from accord.domain.errors import InvalidInput
    from accord.domain.negotiation import redline

    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput, match=r"Rev\.1 does not exist"):
            redline([], 1, 10**12)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2**20


HUGE = 10**12
OVERSIZED_QUERIES = [
    f"/api/v1/documents/{{document}}/revisions/{HUGE}",
    "/api/v1/documents/{document}/redline?to=10001",
    f"/api/v1/notifications?limit={HUGE}",
    f"/api/v1/notifications?offset={2**63}",
    "/api/v1/notifications?limit=0",
    f"/api/v1/bilaterals?meeting={2**63}",
    f"/api/v1/notification-types/exercise_notice?version={HUGE}",
    "/api/v1/search?q=" + "a" * 201,
    "/api/v1/concerns?status=" + "a" * 41,
]


@pytest.mark.parametrize("url", OVERSIZED_QUERIES)
def test_a_number_or_text_past_its_bound_in_a_query_is_422(world, api, url) -> None:
    client = api(world.region.head("KAZ"))
    response = client.get(url.format(document=world.open["document"].pk))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid_input" and body["errors"], body


OVERSIZED_BODIES = [
    ("/api/v1/concerns", {"title": "t" * 201, "summary": "s", "category": "cyber"}, "title"),
    (
        "/api/v1/concerns",
        {"title": "t", "summary": "s", "category": "cyber", "affected_states": ["KAZ"] * 101},
        "affected_states",
    ),
    (
        "/api/v1/consultations",
        {"title": "t", "kind": "state", "states": ["KAZ"] * 101},
        "states",
    ),
    (
        "/api/v1/consultations",
        {"title": "t", "kind": "state", "statements": ["s" * 1001]},
        "statements.0",
    ),
    (
        "/api/v1/notifications",
        {"type": "exercise_notice", "content": {f"f{n}": n for n in range(101)}},
        "content",
    ),
    (
        "/api/v1/documents/{document}/amendments",
        {"against": HUGE, "kind": "delete-paragraph", "paragraph_id": 1},
        "against",
    ),
    (
        "/api/v1/documents/{document}/amendments",
        {"against": 1, "kind": "delete-paragraph", "paragraph_id": 1, "occurrence": HUGE},
        "occurrence",
    ),
    (
        "/api/v1/documents/{document}/revisions",
        {"resolutions": {str(n): 0 for n in range(1, 1002)}},
        "resolutions",
    ),
]


@pytest.mark.parametrize(("path", "body", "field"), OVERSIZED_BODIES)
def test_a_text_list_or_number_past_its_bound_in_a_body_is_422_and_changes_nothing(
    world, api, path, body, field
) -> None:
    client = api(world.region.head("KAZ"))
    before = LedgerEntry.objects.count()
    response = client.post(
        path.format(document=world.open["document"].pk),
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}, response.json()
    assert LedgerEntry.objects.count() == before


def test_the_choices_the_schemas_declare_are_the_models_choices() -> None:
    import typing

    from accord.dialogue import api as dialogue_api
    from accord.dialogue.models import Concern, Intervention, Meeting
    from accord.dialogue.services import LANGUAGES
    from accord.domain.visibility import Visibility

    pairs = [
        (dialogue_api.Category, Concern.Category.values),
        (dialogue_api.ConcernStatusName, Concern.Status.values),
        (dialogue_api.MeetingKind, Meeting.Kind.values),
        (dialogue_api.InterventionKind, Intervention.Kind.values),
        (dialogue_api.VisibilityName, [v.value for v in Visibility]),
        (dialogue_api.Language, list(LANGUAGES)),
    ]
    from accord.alerts import api as alerts_api
    from accord.domain.alerts import Trigger

    pairs.append(
        (alerts_api.PreferenceTrigger, [t.value for t in Trigger if t is not Trigger.VERIFICATION])
    )
    for literal, values in pairs:
        assert list(typing.get_args(literal)) == list(values)

"""Every API list answers DESIGN §5's envelope, `{"items": [...], "next": <cursor or null>}`:
the OpenAPI document declares it on every list operation (so a new list cannot answer a bare
array again), and a client that follows `next` to the end sees every row once — on a list
read a page at a time and on one bounded by its nature (all of it on one page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accord.alerts import services as alerts
from accord.members import services as members
from accord.site.api import api as site_api

pytestmark = pytest.mark.django_db

# A GET answering a JSON array is refused outright; these answer an object holding lists
# that is not a list of rows (one record with its parts), and are not list operations.
NOT_LISTS = {
    "/api/v1/search",  # each kind of result its own page and `next` (the `search` change)
}


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _ok_schema(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    ok = operation.get("responses", {}).get("200", {})
    schema = ok.get("content", {}).get("application/json", {}).get("schema")
    return None if schema is None else _resolve(document, schema)


def _is_envelope(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    properties = schema.get("properties", {})
    if set(properties) != {"items", "next"} or set(schema.get("required", [])) != {"items", "next"}:
        return False
    items, following = properties["items"], properties["next"]
    kinds = {option.get("type") for option in following.get("anyOf", [following])}
    return items.get("type") == "array" and "items" in items and kinds == {"string", "null"}


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path, methods["get"])
        for path, methods in document["paths"].items()
        if "get" in methods and path not in NOT_LISTS
    ]


def test_every_list_operation_declares_the_envelope_and_none_a_bare_array(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    lists, bare = [], []
    for path, operation in _operations(document):
        schema = _ok_schema(document, operation)
        parameters = {p["name"] for p in operation.get("parameters", [])}
        if schema is None:
            continue  # a file (an export, a bundle, a calendar), not JSON
        if schema.get("type") == "array":
            bare.append(path)
        elif _is_envelope(document, schema):
            lists.append(path)
        elif "cursor" in parameters or "next" in schema.get("properties", {}):
            bare.append(path)  # paginated, or says it has a next page, but not the envelope
    assert bare == [], f"list operations that do not answer the envelope: {bare}"
    # Every list of the API (at least those known when this test was written) is among them.
    assert {
        "/api/v1/concerns",
        "/api/v1/members",
        "/api/v1/auth/tokens",
        "/api/v1/contacts",
        "/api/v1/contacts/alerts/{alert_id}/attempts",
        "/api/v1/notification-types",
        "/api/v1/documents/{document_id}/agreed-language",
    } <= set(lists)
    assert len(lists) >= 32


def test_a_paginated_list_declares_its_cursor_and_the_envelope_its_next() -> None:
    document = site_api.get_openapi_schema()
    envelope = _resolve(document, {"$ref": "#/components/schemas/Paged_ConcernOut_"})
    assert "null on the last page" in envelope["properties"]["next"]["description"]
    concerns = document["paths"]["/api/v1/concerns"]["get"]
    assert {"cursor", "limit"} <= {p["name"] for p in concerns["parameters"]}


def walk(client: Client, path: str) -> list[list[Any]]:
    """Every page of a list, following the envelope's `next` until it is null."""
    pages: list[list[Any]] = []
    cursor: str | None = None
    while True:
        joiner = "&" if "?" in path else "?"
        answer = client.get(path if cursor is None else f"{path}{joiner}cursor={cursor}")
        assert answer.status_code == 200, answer.content
        body = answer.json()
        assert set(body) == {"items", "next"}, body
        pages.append(body["items"])
        cursor = body["next"]
        assert ("Link" in answer.headers) == (cursor is not None)
        if cursor is None:
            return pages
        assert len(pages) < 100, "the list never ends"


def test_the_tokens_come_a_page_at_a_time_and_following_next_sees_each_once(region, api) -> None:
    user = region.delegate("KGZ")
    for n in range(4):
        members.issue_api_token(user=user, label=f"laptop {n}")
    client = api(user)  # a fifth token, the newest
    pages = walk(client, "/api/v1/auth/tokens?limit=2")
    assert [len(page) for page in pages] == [2, 2, 1]
    labels = [token["label"] for page in pages for token in page]
    assert labels == ["test", "laptop 3", "laptop 2", "laptop 1", "laptop 0"]
    prefixes = [token["prefix"] for page in pages for token in page]
    assert len(set(prefixes)) == 5
    # Another person's tokens are never in it: only their own.
    theirs = walk(api(region.delegate("TJK")), "/api/v1/auth/tokens?limit=2")
    assert len(theirs) == 1 and [t["label"] for t in theirs[0]] == ["test"]
    assert theirs[0][0]["prefix"] not in prefixes


def test_the_contact_channels_come_a_page_at_a_time_oldest_first(region, api) -> None:
    user = region.delegate("KGZ")
    made = [
        alerts.add_channel(actor=user, kind="email", address=f"d{n}@kgz.example.org")[0]
        for n in range(5)
    ]
    pages = walk(api(user), "/api/v1/contacts?limit=2")
    assert [[c["id"] for c in page] for page in pages] == [
        [made[0].public_id, made[1].public_id],
        [made[2].public_id, made[3].public_id],
        [made[4].public_id],
    ]
    assert walk(api(region.delegate("TJK")), "/api/v1/contacts?limit=2") == [[]]


def test_a_bounded_list_answers_all_of_it_on_one_page_with_next_null(region, api) -> None:
    pages = walk(api(None), "/api/v1/members")
    assert len(pages) == 1
    codes = [state["code"] for state in pages[0]]
    assert len(codes) == len(set(codes)) >= 5 and "KAZ" in codes
    types = walk(api(region.observer), "/api/v1/notification-types")
    assert len(types) == 1 and len(types[0]) == 7

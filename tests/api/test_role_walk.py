"""DESIGN §6 and §2 rule 5: every endpoint of the OpenAPI document, as every role.

The operations come from the OpenAPI document itself, so an endpoint added later is walked
without touching this file — and if its path names an object by a parameter nobody has mapped
yet (tests/api/conftest.py, `ID_KINDS` / `OTHER_PATH_VALUES`), its test fails and says so.

The world (tests/api/conftest.py) holds one object of every kind that rule 5 can hide,
restricted to KAZ and KGZ. Each role of the region — every head and delegate, the observer,
the dialogue partner, the secretariat, the chair — and the public:

- reads: every GET that names an object by id answers a user who may not see the secret
  exactly (status, content type, body) as it answers the same request for an absent id; a
  party to the secret gets something else (so the walk really reached the object);
- lists: no GET that lists (and no GET about an open object) shows a hidden secret's marker,
  nor, in a list of that kind, its id;
- writes: every POST/PUT/PATCH/DELETE that names a secret, sent by the third state (TJK's
  head and delegate), is refused exactly as for an absent id and changes nothing: not the
  ledger, not the object, not the number of rows of any table.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from accord.site.api import api as ninja_api


def _shared() -> Any:
    """tests/api/conftest.py, for its constants at collection time (`conftest` is not an
    importable name: every test directory has one)."""
    name = "accord_api_tests_world"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("conftest.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_world_module = _shared()
ABSENT, ID_KINDS, MARK = _world_module.ABSENT, _world_module.ID_KINDS, _world_module.MARK
OTHER_PATH_VALUES = _world_module.OTHER_PATH_VALUES
ABSENT_PREFIX = "acc_zzzzzz"  # the shape of a token prefix, but nobody's
World = Any  # the `world` fixture's type, tests/api/conftest.py

DOCUMENT = ninja_api.get_openapi_schema()
COMPONENTS = DOCUMENT.get("components", {}).get("schemas", {})
OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in DOCUMENT["paths"].items()
    for method, operation in methods.items()
]
ROLES = [
    "kaz-head", "kaz-delegate", "kgz-head", "kgz-delegate", "tjk-head", "tjk-delegate",
    "uzb-head", "uzb-delegate", "mng-head", "mng-delegate", "uno-head", "uno-delegate",
    "secretariat", "chair", None,
]  # fmt: skip
THIRD_STATE = ["tjk-head", "tjk-delegate"]

# The list operation of each kind of object, for the "its id never appears" check.
LIST_OF_KIND = {
    "/api/v1/concerns": "concern",
    "/api/v1/meetings": "meeting",
    "/api/v1/bilaterals": "bilateral",
    "/api/v1/documents": "document",
    "/api/v1/consultations": "consultation",
    "/api/v1/notifications": "notification",
    "/api/v1/hotline/messages": "hotline",
}
# Query values that make a read meaningful (a search for the secrets' word, a real format).
QUERY_VALUES: dict[str, Any] = {"q": MARK, "format": "md", "from": 1, "to": 1}

MULTIPART = "multipart/form-data"
# Request bodies that get past input validation, so that a write reaches its object.
BODIES: dict[str, dict[str, Any]] = {
    "POST /api/v1/concerns/{concern_id}/status": {"to": "on_agenda", "note": "x"},
    "POST /api/v1/consultations/{consultation_id}/votes": {"statement": 1, "vote": "agree"},
    "POST /api/v1/consultations/{consultation_id}/statements": {"text": "A statement."},
    "POST /api/v1/hotline/messages/{message_id}/receipts": {"receipt": "read"},
    "POST /api/v1/consultations/{consultation_id}/invitations": {"username": "uzb-head"},
    # The document declares another DocumentIn here (see the fuzz suite); this is the real one.
    "POST /api/v1/meetings/{meeting_id}/documents": {"title": "x", "language": "en", "body": "x"},
}


def _path_names(path: str) -> list[str]:
    return re.findall(r"{(\w+)}", path)


def _kind(path: str) -> str | None:
    kinds = [ID_KINDS[name] for name in _path_names(path) if name in ID_KINDS]
    return kinds[-1] if kinds else None


def _label(method: str, path: str) -> str:
    return f"{method} {path}"


def _unmapped(path: str) -> list[str]:
    return [
        name
        for name in _path_names(path)
        if name not in ID_KINDS and name not in OTHER_PATH_VALUES and name != "code"
    ]


def _url(world: World, path: str, *, secret: bool, absent: bool = False) -> str:
    url = path
    for name in _path_names(path):
        value = world.path_value(name, path, secret=secret)
        if absent and (name in ID_KINDS or name == "prefix"):
            value = ABSENT if name in ID_KINDS else ABSENT_PREFIX
        url = url.replace("{" + name + "}", str(value))
    return url


def _query(operation: dict[str, Any]) -> dict[str, Any]:
    names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
    return {name: QUERY_VALUES[name] for name in names if name in QUERY_VALUES}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _example(schema: dict[str, Any], depth: int = 0) -> Any:
    """A small value that fits `schema`: required fields only, the first choice of each."""
    schema = _resolve(schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s).get("type") != "null"]
            return _example(options[0], depth + 1) if options else None
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        required = schema.get("required", [])
        return {
            name: _example(sub, depth + 1)
            for name, sub in schema.get("properties", {}).items()
            if name in required and depth < 6
        }
    if kind == "array":
        count = schema.get("minItems", 0)
        return [_example(schema.get("items", {}), depth + 1) for _ in range(count)]
    if kind == "integer" or kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "string":
        if schema.get("format") == "date-time":
            return "2030-05-10T12:30:00Z"
        if schema.get("format") == "date":
            return "2030-05-10"
        return "x" * max(1, schema.get("minLength", 1))
    return None


def _body(method: str, path: str, operation: dict[str, Any]) -> tuple[str, str] | None:
    if _label(method, path) in BODIES:
        return json.dumps(BODIES[_label(method, path)]), "application/json"
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return json.dumps(_example(content["application/json"]["schema"])), "application/json"
    if "multipart/form-data" in content:  # an upload: a small file in each required field
        form = _resolve(content["multipart/form-data"]["schema"])
        return json.dumps({name: "x" for name in form.get("required", [])}), MULTIPART
    return None


def _call(client: Any, method: str, url: str, query: dict[str, Any], body: Any) -> Any:
    if method == "GET":
        return client.get(url, query)
    if query:
        url = f"{url}?" + "&".join(f"{k}={v}" for k, v in query.items())
    data, content_type = body if body is not None else ("", "application/json")
    if content_type == MULTIPART:
        from django.core.files.uploadedfile import SimpleUploadedFile

        files = {name: SimpleUploadedFile(f"{name}.csv", b"x\n") for name in json.loads(data)}
        return getattr(client, method.lower())(url, files)
    return getattr(client, method.lower())(url, data, content_type=content_type)


def _answer(response: Any, *, as_if: tuple[str, str] | None = None) -> tuple[int, str, bytes]:
    """Status, content type and body; `as_if=(absent, real)` reads an answer about the absent
    id as if it had been about the real one (an error may echo the id it was asked about)."""
    content = _content(response)
    if as_if is not None:
        content = content.replace(as_if[0].encode(), as_if[1].encode())
    return response.status_code, response["Content-Type"], content


def _content(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _echo(world: World, path: str) -> tuple[str, str]:
    """The absent id of `path` and the real one it stands in for."""
    if "prefix" in _path_names(path):
        return ABSENT_PREFIX, world.token_prefix
    return str(ABSENT), str(world.secret(_kind(path)).pk)


def _ids_in_list(body: Any) -> set[Any]:
    items = body
    if isinstance(body, dict):
        items = next((v for k, v in body.items() if k in ("items", "results", "data")), [])
    return (
        {item.get("id") for item in items if isinstance(item, dict)}
        if isinstance(items, list)
        else set()
    )


@pytest.fixture
def clients(world: World, api: Callable[..., Any]) -> dict[str | None, Any]:
    return {role: api(world.region.people[role] if role else None) for role in ROLES}


def _user(world: World, role: str | None) -> Any:
    return world.region.people[role] if role else None


def _leaks(world: World, role: str | None, content: bytes) -> list[str]:
    text = content.decode("utf-8", "replace")
    return [
        secret.marker
        for secret in world.secrets.values()
        if not secret.visible_to(_user(world, role)) and secret.marker in text
    ]


READS = [(m, p, o) for m, p, o in OPERATIONS if m == "GET" and _kind(p)]
LISTS = [(m, p, o) for m, p, o in OPERATIONS if m == "GET" and not _kind(p)]
WRITES = [
    (m, p, o) for m, p, o in OPERATIONS if m != "GET" and (_kind(p) or "prefix" in _path_names(p))
]


def _params(operations: list[tuple[str, str, dict[str, Any]]]) -> list[Any]:
    return [pytest.param(m, p, o, id=_label(m, p)) for m, p, o in operations]


def test_every_operation_is_walked() -> None:
    walked = {(m, p) for m, p, _ in READS + LISTS + WRITES}
    unsafe_without_secret = {
        (m, p) for m, p, _ in OPERATIONS if m != "GET" and (m, p) not in walked
    }
    # Writes that name no object (create, sign in, …) have nothing hidden to aim at; the
    # fuzz suite covers them. Every operation is either walked or one of these.
    assert {(m, p) for m, p, _ in OPERATIONS} == walked | unsafe_without_secret
    unmapped = {p: _unmapped(p) for _, p, _ in OPERATIONS if _unmapped(p)}
    assert not unmapped, f"map these path parameters in tests/api/conftest.py: {unmapped}"


@pytest.mark.parametrize(("method", "path", "operation"), _params(READS))
def test_a_hidden_object_reads_as_absent(
    method: str, path: str, operation: dict[str, Any], world: World, clients: dict
) -> None:
    assert not _unmapped(path), f"map {_unmapped(path)} in tests/api/conftest.py"
    kind = _kind(path)
    secret = world.secret(kind)
    query = _query(operation)
    problems, reached = [], []
    for role in ROLES:
        client = clients[role]
        hidden = _answer(_call(client, method, _url(world, path, secret=True), query, None))
        absent = _answer(_call(client, method, _url(world, path, secret=True, absent=True),
                               query, None), as_if=_echo(world, path))  # fmt: skip
        opened = _call(client, method, _url(world, path, secret=False), query, None)
        who = role or "anonymous"
        if hidden[0] >= 500 or absent[0] >= 500 or opened.status_code >= 500:
            problems.append(f"{who}: 500 ({hidden[0]}, {absent[0]}, {opened.status_code})")
        if secret.visible_to(_user(world, role)):
            reached.append(hidden != absent)
        elif hidden != absent:
            problems.append(
                f"{who} may not see the {kind} but is answered {hidden[0]} {hidden[2][:200]!r} "
                f"where an absent id gets {absent[0]} {absent[2][:200]!r}"
            )
        leaked = _leaks(world, role, hidden[2]) + _leaks(world, role, _content(opened))
        if leaked:
            problems.append(f"{who} is shown {sorted(set(leaked))}")
    assert not problems, f"{method} {path}:\n" + "\n".join(problems)
    assert any(reached), (
        f"{method} {path}: no party to the {kind} got anything but the absent answer — "
        "the walk did not reach the object"
    )


@pytest.mark.parametrize(("method", "path", "operation"), _params(LISTS))
def test_a_list_never_shows_a_hidden_object(
    method: str, path: str, operation: dict[str, Any], world: World, clients: dict
) -> None:
    assert not _unmapped(path), f"map {_unmapped(path)} in tests/api/conftest.py"
    url = _url(world, path, secret=False)
    query = _query(operation)
    kind = LIST_OF_KIND.get(path)
    problems = []
    for role in ROLES:
        response = _call(clients[role], method, url, query, None)
        who = role or "anonymous"
        if response.status_code >= 500:
            problems.append(f"{who}: {response.status_code}")
        content = _content(response)
        leaked = _leaks(world, role, content)
        if leaked:
            problems.append(f"{who} is shown {leaked}")
        if kind and response.status_code == 200 and "json" in response["Content-Type"]:
            secret = world.secret(kind)
            if not secret.visible_to(_user(world, role)) and secret.pk in _ids_in_list(
                json.loads(content)
            ):
                problems.append(f"{who} is listed the {kind} {secret.pk}")
    assert not problems, f"{method} {path}:\n" + "\n".join(problems)


def _snapshot(world: World) -> dict[str, Any]:
    from django.apps import apps

    from accord.ledger.models import LedgerEntry
    from accord.members.models import ApiToken

    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__module__.startswith("accord.")
    }
    rows = {
        kind: list(type(secret.obj).objects.filter(pk=secret.pk).values())
        for kind, secret in world.secrets.items()
    }
    tokens = list(ApiToken.objects.filter(prefix=world.token_prefix).values())
    return {"ledger": LedgerEntry.objects.count(), "counts": counts, "rows": rows, "tokens": tokens}


@pytest.mark.parametrize(("method", "path", "operation"), _params(WRITES))
def test_a_third_state_cannot_touch_a_hidden_object(
    method: str, path: str, operation: dict[str, Any], world: World, clients: dict
) -> None:
    assert not _unmapped(path), f"map {_unmapped(path)} in tests/api/conftest.py"
    body = _body(method, path, operation)
    query = _query(operation)
    problems = []
    for role in THIRD_STATE:
        client = clients[role]
        before = _snapshot(world)
        hidden = _answer(_call(client, method, _url(world, path, secret=True), query, body))
        after = _snapshot(world)
        absent = _answer(_call(client, method, _url(world, path, secret=True, absent=True),
                               query, body), as_if=_echo(world, path))  # fmt: skip
        if hidden[0] < 400:
            problems.append(f"{role} was answered {hidden[0]} {hidden[2][:200]!r}")
        if hidden != absent:
            problems.append(
                f"{role} is answered {hidden[0]} {hidden[2][:200]!r} where an absent id gets "
                f"{absent[0]} {absent[2][:200]!r}"
            )
        if before != after:
            changed = [key for key in before if before[key] != after[key]]
            problems.append(f"{role}'s refused request changed {changed}")
    assert not problems, f"{method} {path}:\n" + "\n".join(problems)

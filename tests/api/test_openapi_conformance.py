"""The API tests hold every response to the OpenAPI document (`tests/fixtures/openapi.py`):
an undeclared status, or a body that does not fit the status's schema, fails the test."""

from __future__ import annotations

import json

import pytest
from django.http import HttpResponse, JsonResponse

from fixtures.openapi import check_against_openapi


def _json(status: int, body: object) -> HttpResponse:
    return JsonResponse(body, status=status, safe=False)


def test_a_declared_status_with_a_fitting_body_passes(db) -> None:
    check_against_openapi(
        "GET", "/api/v1/me", _json(401, {"detail": "Not signed in.", "code": "not_signed_in"})
    )


def test_an_undeclared_status_fails(db) -> None:
    with pytest.raises(pytest.fail.Exception, match=r"GET /api/v1/me answered 418, which it does"):
        check_against_openapi("GET", "/api/v1/me", _json(418, {"detail": "x.", "code": "x"}))


def test_an_error_body_out_of_the_one_shape_fails(db) -> None:
    with pytest.raises(
        pytest.fail.Exception,
        match=r"(?s)404 with a body that does not fit.*"
        r'"code" is a required property.*\["Gone."\] is not of type "string"',
    ):
        check_against_openapi("GET", "/api/v1/concerns/abc", _json(404, {"detail": ["Gone."]}))


def test_a_success_body_that_is_not_the_declared_list_fails(db) -> None:
    with pytest.raises(pytest.fail.Exception, match=r'"items" is a required property'):
        check_against_openapi("GET", "/api/v1/concerns", _json(200, {"next": None}))
    # A bare array, as the lists answered before DESIGN §5's envelope, no longer fits.
    with pytest.raises(pytest.fail.Exception, match=r'\[\] is not of type "object"'):
        check_against_openapi("GET", "/api/v1/concerns", _json(200, []))


def test_a_success_item_missing_a_field_fails(db) -> None:
    with pytest.raises(pytest.fail.Exception, match='"title" is a required property'):
        check_against_openapi(
            "GET", "/api/v1/concerns", _json(200, {"items": [{"id": "c_1"}], "next": None})
        )


def test_paths_the_document_does_not_describe_are_left_alone(db) -> None:
    check_against_openapi("GET", "/api/v1/events", HttpResponse(status=200))
    check_against_openapi("GET", "/concerns/", HttpResponse("<html>", status=418))


def test_every_client_of_an_api_test_is_checked(region, monkeypatch) -> None:
    """The hook is on for a bare `Client()` in tests/api too, not only for `api(user)`."""
    from django.test import Client

    from fixtures import openapi

    seen: list[tuple[str, str, int]] = []
    real = openapi.check_against_openapi

    def spy(method: str, path: str, response: HttpResponse) -> None:
        seen.append((method, path, response.status_code))
        real(method, path, response)

    monkeypatch.setattr(openapi, "check_against_openapi", spy)
    Client().post("/api/v1/concerns", json.dumps({}), "application/json")
    assert seen == [("POST", "/api/v1/concerns", 401)]


def test_no_two_schemas_share_a_name_in_the_document(db) -> None:
    """The document names each schema once (`components/schemas`); two classes of one name
    in two apps would leave one operation declaring the other's body (as the mediator's
    WordingOut and the amendments' translated wording did)."""
    import pydantic

    from accord.site.api import api as ninja_api

    names = set(ninja_api.get_openapi_schema()["components"]["schemas"])
    classes: dict[str, set[str]] = {}
    pending = [pydantic.BaseModel]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("accord.") and cls.__name__ in names:
            classes.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: found for name, found in classes.items() if len(found) > 1} == {}

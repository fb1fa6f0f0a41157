"""Issue 16: one error body for the whole API — `{"detail": <sentence>, "code": <code>,
"errors": [{"field", "message"}]}` (`errors` for bad input only) — for every status,
declared on every operation, and translated where the interface is."""

from __future__ import annotations

import json
from typing import Any

import pytest

from accord.site.api import api as ninja_api


def _shape(body: dict[str, Any], *, with_errors: bool) -> None:
    assert set(body) == ({"detail", "code", "errors"} if with_errors else {"detail", "code"})
    assert body["detail"][0].isupper() and body["detail"].endswith("."), body
    if with_errors:
        assert body["errors"] and all(set(e) == {"field", "message"} for e in body["errors"])


def test_every_status_answers_in_the_one_body(region, api) -> None:
    anonymous, head = api(None), api(region.head("KAZ"))
    not_signed_in = anonymous.get("/api/v1/concerns")
    absent = head.get("/api/v1/concerns/987654")
    forbidden = head.post(
        "/api/v1/members/KAZ/keys", json.dumps({"public_key": "x"}), "application/json"
    )
    invalid = head.post("/api/v1/concerns", json.dumps({"title": 5}), "application/json")
    too_large = head.post("/api/v1/concerns", b"{" + b" " * (6 * 2**20) + b"}", "application/json")
    statuses = [r.status_code for r in (not_signed_in, absent, forbidden, invalid, too_large)]
    assert statuses == [401, 404, 403, 422, 413]
    for response in (not_signed_in, absent, forbidden, too_large):
        _shape(response.json(), with_errors=False)
    _shape(invalid.json(), with_errors=True)
    assert [r.json()["code"] for r in (not_signed_in, absent, forbidden, too_large)] == [
        "not_signed_in",
        "not_found",
        "not_permitted",
        "too_large",
    ]
    fields = {e["field"] for e in invalid.json()["errors"]}
    assert fields == {"title", "summary", "category"}


def test_the_error_body_is_declared_on_every_operation() -> None:
    document = ninja_api.get_openapi_schema()
    missing = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            declared = {
                int(status): response
                for status, response in operation["responses"].items()
                if str(status).isdigit()
            }
            for status in (400, 401, 403, 404, 409, 422):
                schema = (
                    declared.get(status, {})
                    .get("content", {})
                    .get("application/json", {})
                    .get("schema", {})
                )
                if schema.get("$ref") != "#/components/schemas/ErrorOut":
                    missing.append(f"{method.upper()} {path} {status}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize(
    ("language", "detail"),
    [("ru", "Вход не выполнен."), ("zh-hans", "未登录。"), ("en", "Not signed in.")],
)
def test_the_messages_are_translated(api, language, detail) -> None:
    response = api(None).get("/api/v1/me", HTTP_ACCEPT_LANGUAGE=language)
    assert response.json() == {"detail": detail, "code": "not_signed_in"}


def test_a_validation_message_is_a_translated_sentence(region, api) -> None:
    response = api(region.head("KAZ")).post(
        "/api/v1/concerns",
        json.dumps({"title": "t" * 201, "summary": "s", "category": "other"}),
        "application/json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.json()["errors"] == [
        {"field": "title", "message": "Убедитесь, что текст содержит не более 200 символов."}
    ]

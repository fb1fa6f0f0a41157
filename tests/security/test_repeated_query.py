"""No query parameter of the API is a list: naming one twice is refused (422, the one error
body, in the caller's language), not read as whichever value the framework keeps — the
fuzzer's `GET /api/v1/notifications?type=a&type=b` was answered 200."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/notifications?type=exercise_notice&type=other",
        "/api/v1/concerns?status=raised&status=closed",
        "/api/v1/ledger/proof/inclusion?seq=1&seq=2&size=2",
    ],
)
def test_a_repeated_query_parameter_is_refused(region, api, path):
    answer = api(region.head("KAZ")).get(path)
    assert answer.status_code == 422
    name = path.split("?")[1].split("=")[0]
    message = f"The query parameter {name} is given more than once."
    assert answer.json() == {
        "detail": message,
        "code": "repeated_parameter",
        "errors": [{"field": name, "message": message}],
    }


def test_the_refusal_is_in_the_callers_language(region, api):
    client = api(region.head("KAZ"))
    answer = client.get("/api/v1/concerns?status=a&status=b", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 422
    assert answer.json()["detail"] == "查询参数 status 给出了不止一次。"


def test_one_value_each_and_the_pages_are_left_alone(region, api):
    client = api(region.head("KAZ"))
    assert client.get("/api/v1/concerns?status=raised&category=other").status_code == 200

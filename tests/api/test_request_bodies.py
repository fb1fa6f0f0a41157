"""Issue 11, the load guard at the door: a 10 MB or 100 MB body gets a JSON 413 (not
Django's HTML page), under WSGI and under ASGI before the body is read; JSON nested a
hundred thousand deep gets 422 with a clear message (not a 500 or a RecursionError), on
the API and on the signing page's upload."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accord.ledger.models import LedgerEntry
from accord.site.asgi import application as asgi_application

NESTED = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("megabytes", [10, 100])
def test_a_body_past_the_limit_gets_json_413(region, api, megabytes) -> None:
    client = api(region.head("KAZ"))
    before = LedgerEntry.objects.count()
    body = json.dumps({"title": "x" * (megabytes * 10**6), "summary": "s", "category": "other"})
    response = client.post("/api/v1/concerns", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "The request body is too large.", "code": "too_large"}
    assert LedgerEntry.objects.count() == before


def _asgi_call(path: str, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> list[Any]:
    """Drive the ASGI application by hand; returns what it sent and how many chunks it read."""
    sent: list[Any] = []
    read = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read < len(chunks):
            read += 1
            return {
                "type": "http.request",
                "body": chunks[read - 1],
                "more_body": read < len(chunks),
            }
        await asyncio.sleep(3600)  # the client waits for the answer
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    asyncio.run(asyncio.wait_for(asgi_application(scope, receive, send), 30))
    return [sent, read]


def test_under_asgi_a_declared_length_past_the_limit_is_refused_before_the_body_is_read():
    chunks = [b"x" * 2**20] * 100
    sent, read = _asgi_call(
        "/api/v1/concerns",
        [(b"content-type", b"application/json"), (b"content-length", str(100 * 2**20).encode())],
        chunks,
    )
    assert read == 0
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["code"] == "too_large"


def test_under_asgi_a_chunked_body_is_cut_off_once_past_the_limit():
    chunks = [b"x" * 2**20] * 100
    sent, read = _asgi_call("/api/v1/concerns", [(b"content-type", b"application/json")], chunks)
    assert read <= 7  # the limit is 5 MiB: it stops reading just past it
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [413]


def test_deeply_nested_json_to_the_api_is_422_with_a_clear_message(region, api) -> None:
    client = api(region.head("KAZ"))
    before = LedgerEntry.objects.count()
    response = client.post("/api/v1/concerns", NESTED, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The JSON is nested more than 32 levels deep.",
        "code": "nested_too_deeply",
        "errors": [{"field": "body", "message": "The JSON is nested more than 32 levels deep."}],
    }
    assert LedgerEntry.objects.count() == before


def test_nesting_past_the_bound_but_within_pythons_limit_is_refused_too(region, api) -> None:
    client = api(region.head("KAZ"))
    deep: Any = 1
    for _ in range(40):
        deep = [deep]
    body = json.dumps({"type": "exercise_notice", "content": {"a": deep}})
    response = client.post("/api/v1/notifications", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "nested_too_deeply"


@pytest.mark.parametrize("how", ["pasted", "uploaded"])
def test_deeply_nested_json_on_the_signing_page_is_a_clear_refusal(region, how) -> None:
    from accord.negotiation import services

    document = services.create_draft(
        actor=region.chair,
        kind="joint-statement",
        title="Joint statement",
        paragraphs=[{"kind": "operative", "text": "Agreed."}],
    )
    client = Client()
    client.force_login(region.delegate("KAZ"))
    data: dict[str, Any] = {"signed": NESTED}
    if how == "uploaded":
        data = {"signed_file": SimpleUploadedFile("bundle.json", NESTED.encode())}
    response = client.post(f"/documents/{document.public_id}/sign/", data, follow=True)
    assert response.status_code == 200
    assert "nested more than 32 levels" in response.content.decode()

"""The load guard at the door: how large a request body may be and how deeply its JSON may
nest, answered before the work starts (issue 11).

- A JSON or form body is held in memory: at most `DATA_UPLOAD_MAX_MEMORY_SIZE`
  (`ACCORD_MAX_BODY_BYTES`). A multipart upload is spooled to disk: at most
  `ACCORD_MAX_UPLOAD_BYTES` for the whole request. Past either, 413 — JSON on the API.
- Under ASGI, Django reads the whole body before the first middleware runs, so
  `guard_body_size` wraps the ASGI application: it reads the declared Content-Length (and
  counts a chunked body as it arrives) and answers 413 before Django holds any of it.
- JSON nested deeper than `accord.edge.params.MAX_JSON_DEPTH` is refused with 422
  (Python's parser would raise `RecursionError` a thousand levels down; no input of Accord
  nests past a few).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.parser import Parser

from accord.edge.params import loads_bounded
from accord.site import errors


class BoundedJSONParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return cast(dict[str, Any], loads_bounded(request.body))


def body_limit(content_type: str) -> int:
    if content_type.startswith("multipart/"):
        return int(settings.ACCORD_MAX_UPLOAD_BYTES)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def too_large(*, api: bool = True) -> HttpResponse:
    message = _("The request body is too large.")
    if api:
        return errors.response(413, message, "too_large")
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class RequestSizeMiddleware:
    """First in the chain: a body declared larger than the limit is refused before anything
    reads it, and Django's own `RequestDataTooBig` (an understated length) becomes the same
    413 instead of its 400 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = request.path_info.startswith("/api/")
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > body_limit(request.content_type or ""):
            return too_large(api=is_api)
        try:
            return self.get_response(request)
        except RequestDataTooBig:
            return too_large(api=is_api)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return too_large(api=request.path_info.startswith("/api/"))
        return None


Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def guard_body_size(application: ASGIApp) -> ASGIApp:
    """Wrap an ASGI application: 413 for a body past the limit, read from Content-Length
    before the body, or counted while a chunked body arrives."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await application(scope, receive, send)
            return
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        limit = body_limit(content_type)
        is_api = str(scope.get("path", "")).startswith("/api/")
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            await _send_response(send, too_large(api=is_api))
            return
        received = 0
        refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    # Django stops reading on a disconnect and answers nothing.
                    return {"type": "http.disconnect"}
            return message

        await application(scope, counting_receive, send)
        if refused:
            await _send_response(send, too_large(api=is_api))

    return guarded


async def _send_response(send: Send, response: HttpResponse) -> None:
    headers = [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in response.items()
    ]
    await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": response.content})

"""A strict Content Security Policy on every response (Django 5.2 has none built in); text
with a NUL character, and an API query naming a parameter twice, refused at the door."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from accord.domain.text import PROSE_CONTROL
from accord.site import errors

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS = "camera=(), microphone=(), geolocation=()"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS)
        return response


# A JSON string can carry NUL only as the escape \u0000 (an even run of backslashes before it
# would make it the literal text "\u0000").
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
NUL_REFUSED = "Text may not contain the NUL character (U+0000)."
CONTROL_REFUSED = "Text may not contain control characters or bidirectional overrides."


class RefuseNulMiddleware:
    """PostgreSQL cannot store or even compare text holding NUL (it raises `DataError`, a
    500), while SQLite would keep it: refuse it in a path, a query string or a JSON or form
    body before anything reads it — 422 `{"detail": ...}` on the API, 400 on the pages.
    File uploads (multipart) are left alone: a file may hold any byte."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._holds_nul(request):
            if request.path_info.startswith("/api/"):
                return errors.response(422, NUL_REFUSED, "nul_in_text", [(None, NUL_REFUSED)])
            return HttpResponseBadRequest(NUL_REFUSED)
        if not request.path_info.startswith("/api/") and self._holds_control(request):
            # The pages read their fields by hand; the API's schemas refuse these by field.
            return HttpResponseBadRequest(CONTROL_REFUSED)
        return self.get_response(request)

    @staticmethod
    def _holds_control(request: HttpRequest) -> bool:
        values = [v for values in request.GET.lists() for v in values[1]]
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            # A form's fields; the files a multipart form carries may hold any byte.
            values += [v for values in request.POST.lists() for v in values[1]]
        return any(PROSE_CONTROL.search(value) for value in values)

    @staticmethod
    def _holds_nul(request: HttpRequest) -> bool:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            return True
        content_type = request.content_type or ""
        if content_type == "application/json" or content_type.endswith("+json"):
            return JSON_NUL.search(request.body) is not None
        if content_type == "application/x-www-form-urlencoded":
            return b"%00" in request.body or b"\x00" in request.body
        return False


class RefuseRepeatedQueryMiddleware:
    """No parameter of the API's queries is a list, so `?status=a&status=b` is a mistake
    that would otherwise be read as whichever value the framework keeps: refuse it (422,
    the one error body, naming the parameter). After `LocaleMiddleware`: the sentence is
    in the caller's language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            repeated = sorted(name for name, values in request.GET.lists() if len(values) > 1)
            if repeated:
                message = _("The query parameter %(name)s is given more than once.") % {
                    "name": repeated[0]
                }
                fields: list[tuple[str | None, str]] = [(repeated[0], message)]
                return errors.response(422, message, "repeated_parameter", fields)
        return self.get_response(request)

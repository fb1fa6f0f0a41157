"""The one error body of the API (DESIGN §5):

    {"detail": "<a full sentence>", "code": "<machine-code>",
     "errors": [{"field": "<dotted.path>", "message": "<a full sentence>"}]}

`errors` only for bad input. Every status (400, 401, 403, 404, 409, 413, 422, 429 and the
rare 500) answers in this shape, built here and nowhere else, and the API root declares it
on every operation of the OpenAPI document (`declare_errors`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.domain.errors import DomainError, InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.edge.schemas import ErrorOut

STATUS_OF: list[tuple[type[DomainError], int]] = [
    (NotFound, 404),
    (NotPermitted, 403),
    (RuleViolation, 409),
    (InvalidInput, 422),
]


def sentence(text: str) -> str:
    """A message as a sentence: a capital first letter and a full stop (the domain's
    messages are often written as phrases after a field name: "title: too long")."""
    text = text.strip()
    if not text:
        return text
    first = text.split(" ", 1)[0]
    # A first word that names something ("votes.csv,", "q:", "KAZ") keeps its spelling.
    if first.isalpha() and first.islower():
        text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…。)" else text + "."


def body(
    detail: str, code: str, errors: Iterable[tuple[str | None, str]] | None = None
) -> dict[str, Any]:
    answer: dict[str, Any] = {"detail": sentence(detail), "code": code}
    if errors is not None:
        answer["errors"] = [
            {"field": field, "message": sentence(message)} for field, message in errors
        ]
    return answer


def response(
    status: int,
    detail: str,
    code: str,
    errors: Iterable[tuple[str | None, str]] | None = None,
) -> HttpResponse:
    """The error as a response, for places outside Ninja (middleware, plain views)."""
    return JsonResponse(body(detail, code, errors), status=status)


def of_domain(error: DomainError) -> tuple[int, dict[str, Any]]:
    status = next((code for kind, code in STATUS_OF if isinstance(error, kind)), 400)
    if status not in (400, 422):
        return status, body(error.message, error.code)
    listed: Mapping[str, str] | None = getattr(error, "errors", None)
    if isinstance(listed, Mapping) and listed:
        # A notification's content checked against its type: one entry per field.
        fields: list[tuple[str | None, str]] = [
            (f"content.{name}", problem) for name, problem in listed.items()
        ]
    else:
        fields = [(error.field or _field_named_in(error.message), _without_field(error.message))]
    return status, body(error.message, error.code, fields)


def _field_named_in(message: str) -> str | None:
    # Many of the domain's messages start with the field they are about: "to: UZB cannot …".
    head, separator, _rest = message.partition(": ")
    if separator and head and all(part.isidentifier() for part in head.split(".")):
        return head
    return None


def _without_field(message: str) -> str:
    field = _field_named_in(message)
    return message[len(field) + 2 :] if field else message


# --- Ninja's validation errors as sentences --------------------------------------------
# Django's own message ids where one fits, so that its catalogues translate them too.


def _pydantic_message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    known = {
        "missing": lambda: _("This field is required."),
        "string_too_long": lambda: (
            _("Ensure this text has at most %(max)s characters.")
            % {"max": context.get("max_length")}
        ),
        "string_too_short": lambda: (
            _("Ensure this text is not shorter than %(min)s.")
            % {"min": _characters(context.get("min_length"))}
        ),
        "too_long": lambda: (
            _("Ensure this list has at most %(max)s items.") % {"max": context.get("max_length")}
        ),
        "too_short": lambda: (
            _("Ensure this list is not shorter than %(min)s.")
            % {"min": _items(context.get("min_length"))}
        ),
        "less_than_equal": lambda: (
            _("Ensure this value is less than or equal to %(limit_value)s.")
            % {"limit_value": context.get("le")}
        ),
        "greater_than_equal": lambda: (
            _("Ensure this value is greater than or equal to %(limit_value)s.")
            % {"limit_value": context.get("ge")}
        ),
        "int_parsing": lambda: _("Enter a whole number."),
        "int_type": lambda: _("Enter a whole number."),
        "json_invalid": lambda: _("The body is not valid JSON."),
        # `accord.members.public_ids.PublicIdRef`: not the public id of any object.
        "public_id": lambda: _("Give a public id, such as mtg_ followed by 26 letters and digits."),
    }
    if kind in known:
        return str(known[kind]())
    return sentence(str(error.get("msg", _("Enter a valid value."))))


def _characters(count: Any) -> str:
    number = int(count or 0)
    return ngettext("%(n)d character", "%(n)d characters", number) % {"n": number}


def _items(count: Any) -> str:
    number = int(count or 0)
    return ngettext("%(n)d item", "%(n)d items", number) % {"n": number}


def _dotted(location: Iterable[Any]) -> str | None:
    parts = [str(part) for part in location]
    if parts and parts[0] == "body":
        # "body", the parameter's name, then the field; the body itself when no field.
        return ".".join(parts[2:]) or "body"
    elif parts and parts[0] in {"query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    return ".".join(parts) or None


def of_validation(errors: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    fields = [(_dotted(error.get("loc", ())), _pydantic_message(error)) for error in errors]
    return body(_("The request is not valid: see errors."), "invalid_input", fields)


# --- The OpenAPI document ---------------------------------------------------------------

DESCRIPTIONS = {
    400: "Bad request",
    401: "Not signed in",
    403: "Seen, but not allowed",
    404: "Absent, or not visible to the caller",
    409: "Conflicts with the current state of things",
    413: "The request body is too large",
    422: "Bad input (see `errors`)",
    429: "Too many attempts",
}


def error_statuses(*, authenticated: bool, has_body: bool) -> list[int]:
    """The errors an operation can answer with."""
    statuses = [400, 403, 404, 409, 422]
    if authenticated:
        statuses.append(401)
    if has_body:
        statuses.append(413)
    return sorted(statuses)


def declare_errors(api: Any) -> None:
    """Add the error body to every operation's responses, so that the OpenAPI document
    declares them (only statuses the handler does not already declare)."""
    routers = [router for _prefix, router in api._routers]
    for router in routers:  # a router's own sub-routers too (members' roster routes, issue 12)
        routers.extend(e[1] for e in getattr(router, "_routers", []) if e[1] not in routers)
    for router in routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                has_body = bool(set(operation.methods) & {"POST", "PUT", "PATCH"})
                # 401 everywhere: the public operations too answer it to a token that is
                # not valid (and the sign-in answers it to wrong credentials).
                statuses = error_statuses(authenticated=True, has_body=has_body)
                for status in statuses:
                    if status not in operation.response_models:
                        operation.response_models[status] = operation._create_response_model(
                            ErrorOut
                        )

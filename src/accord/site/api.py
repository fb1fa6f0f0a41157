"""The API root, `/api/v1`: one error body for every router, mapped in one place
(`accord.site.errors` builds it)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from accord.domain.errors import DomainError
from accord.edge.params import NestedTooDeeply
from accord.site import errors
from accord.site.auth import API_AUTH
from accord.site.discovery import app_modules
from accord.site.limits import BoundedJSONParser, too_large

log = logging.getLogger(__name__)


class AccordAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        document = super().get_openapi_schema(**kwargs)
        _key_patterns_as_property_names(document)
        _declare_next_links(document)
        return document

    def get_openapi_operation_id(self, operation: Any) -> str:
        """`<app's api module>_<handler>`, the same whether the app's API is one module or a
        package of modules (`accord.dialogue.api.meetings` answers as `accord.dialogue.api`), so
        that splitting a module keeps the operation ids of the public document."""
        module = operation.view_func.__module__.split(".")
        if "api" in module:
            module = module[: module.index("api") + 1]
        return "_".join([*module, operation.view_func.__name__])


NEXT_LINK = {
    "description": 'When another page follows: `<url>; rel="next"` (RFC 8288), the same list '
    "with the same filters at the next page (`?cursor=`). Absent on the last page.",
    "schema": {"type": "string"},
}


def _declare_next_links(document: Any) -> None:
    """Every list operation (the ones taking `?cursor=`, `edge.pagination.PageQuery`)
    answers with a `Link` header to its next page; say so on its 200 response."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            names = {p.get("name") for p in operation.get("parameters", [])}
            ok = operation.get("responses", {}).get(200)
            if "cursor" in names and isinstance(ok, dict):
                ok.setdefault("headers", {})["Link"] = NEXT_LINK


def _key_patterns_as_property_names(node: Any) -> None:
    """pydantic writes a pattern on a map's keys as `patternProperties`, which lets any other
    key through in JSON Schema's reading, while the server refuses it: say `propertyNames`."""
    if isinstance(node, dict):
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1:
            ((pattern, values),) = patterns.items()
            del node["patternProperties"]
            node["additionalProperties"] = values
            node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
        for child in list(node.values()):
            _key_patterns_as_property_names(child)
    elif isinstance(node, list):
        for child in node:
            _key_patterns_as_property_names(child)


api = AccordAPI(
    title="Accord API",
    version="1",
    description="The regional security dialogue: concerns, meetings, negotiation, adoption, "
    'signatures and consultations. Errors are JSON {"detail": "<sentence>", "code": '
    '"<machine-code>", "errors": [{"field": ..., "message": ...}]} (`errors` for bad input).',
    auth=API_AUTH,
    urls_namespace="api",
    parser=BoundedJSONParser(),
)


def _answer(request: HttpRequest, status: int, content: dict[str, object]) -> HttpResponse:
    return api.create_response(request, content, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    status, content = errors.of_domain(error)
    return _answer(request, status, content)


@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, error: Exception) -> HttpResponse:
    return _answer(request, 404, errors.body(_("Not found."), "not_found"))


api.exception_handler(Http404)(not_found)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    fields = [(None, message) for message in error.messages]
    detail = error.messages[0] if len(error.messages) == 1 else _("The input is not valid.")
    return _answer(request, 422, errors.body(detail, "invalid_input", fields))


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    return _answer(request, 422, errors.of_validation(error.errors))


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _answer(request, 401, errors.body(_("Not signed in."), "not_signed_in"))


@api.exception_handler(RequestDataTooBig)
def request_too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    return too_large()


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    cause = error.__cause__
    if isinstance(cause, RequestDataTooBig):
        return too_large()
    if isinstance(cause, NestedTooDeeply):
        return domain_error(request, cause)
    if error.status_code == 400 and isinstance(cause, ValueError | RecursionError):
        # Ninja answers a body that is not JSON with a bare 400; give it the shape and
        # status of every other bad input (issue 2: "malformed JSON: 422 naming the field").
        message = _("The body is not valid JSON.")
        return _answer(request, 422, errors.body(message, "json_invalid", [("body", message)]))
    code = {
        401: "not_signed_in",
        403: "not_permitted",
        404: "not_found",
        405: "method_not_allowed",
        429: "throttled",
    }.get(error.status_code, "refused")
    return _answer(request, error.status_code, errors.body(str(error), code))


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
    # Never a stack trace to a client: it could carry what rule 5 hides.
    log.exception("unhandled error in %s %s", request.method, request.path)
    return _answer(request, 500, errors.body(_("Internal error."), "internal_error"))


# Each app that offers an API has a module `api` with a `router`; its paths are absolute.
for module in app_modules("api"):
    api.add_router("", module.router)

errors.declare_errors(api)

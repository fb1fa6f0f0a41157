"""The API root, `/api/v1`: one error shape for every router, mapped in one place."""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from accord.domain.errors import DomainError, InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.site.auth import API_AUTH
from accord.site.discovery import app_modules

log = logging.getLogger(__name__)

api = NinjaAPI(
    title="Accord API",
    version="1",
    description="The regional security dialogue: concerns, meetings, negotiation, adoption, "
    'signatures and consultations. Errors are JSON {"detail": ...}.',
    auth=API_AUTH,
    urls_namespace="api",
)

STATUS_OF: list[tuple[type[DomainError], int]] = [
    (NotFound, 404),
    (NotPermitted, 403),
    (RuleViolation, 409),
    (InvalidInput, 422),
]


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    status = next((code for kind, code in STATUS_OF if isinstance(error, kind)), 400)
    return api.create_response(request, {"detail": error.message}, status=status)


@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, error: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


api.exception_handler(Http404)(not_found)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": error.messages}, status=422)


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": error.errors}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Not signed in."}, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    if error.status_code == 400 and isinstance(error.__cause__, ValueError):
        # Ninja answers a body that is not JSON with a bare 400; give it the shape and
        # status of every other bad field (issue 2: "malformed JSON: 422 naming the field").
        detail = [
            {"type": "json_invalid", "loc": ["body"], "msg": f"Invalid JSON: {error.__cause__}"}
        ]
        return api.create_response(request, {"detail": detail}, status=422)
    return api.create_response(request, {"detail": str(error)}, status=error.status_code)


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
    # Never a stack trace to a client: it could carry what rule 5 hides.
    log.exception("unhandled error in %s %s", request.method, request.path)
    return api.create_response(request, {"detail": "Internal error."}, status=500)


# Each app that offers an API has a module `api` with a `router`; its paths are absolute.
for module in app_modules("api"):
    api.add_router("", module.router)

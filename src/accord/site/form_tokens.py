"""A form sent twice acts once.

Every POST form carries a one-time token next to its CSRF token (the `{% csrf_token %}` tag
of `site.templatetags.form_token` writes both, so no form can forget it). The first request
carrying a token claims it with an insert, which a unique key makes atomic across workers
and databases; the same token again — a double click, Back and submit — does not reach the
view: the browser is sent where the first request sent it, with a message saying nothing
was done twice. A request that ended in a refusal (an error message, a form shown again, a
4xx) gives its token back, so correcting the form and sending it again works.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.site.models import FormSubmission

FIELD = "form_token"
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
KEPT_FOR = timedelta(days=2)
# How long a second request waits for the first to finish before saying it is under way.
WAIT_SECONDS = 10.0
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# The API has no forms; switching the language twice is harmless and must keep working.
EXEMPT_PREFIXES = ("/api/", "/i18n/")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _refused(request: HttpRequest, response: HttpResponse) -> bool:
    """The view refused or showed the form again: nothing was done, the token is free.

    A page that acted redirects (post/redirect/get); one answering htmx answers 200."""
    if response.status_code >= 400:
        return True
    if response.status_code == 200 and not request.headers.get("HX-Request"):
        return True
    storage = getattr(request, "_messages", None)
    # Messages shown on the page just rendered have moved from the queue to the loaded list.
    said = [*getattr(storage, "_queued_messages", []), *getattr(storage, "_loaded_data", [])]
    return any(m.level >= messages.ERROR for m in said)


class OneTimeFormMiddleware:
    """Placed after the session, authentication and messages middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = self._token(request)
        if token is None:
            return self.get_response(request)
        if not TOKEN_SHAPE.fullmatch(token):
            return HttpResponseBadRequest(_("This form's one-time token is not valid."))
        now = timezone.now()
        try:
            with transaction.atomic():  # committed at once: the claim is seen by every worker
                FormSubmission.objects.create(token=token, submitted_at=now)
        except IntegrityError:
            return self._sent_again(request, token)
        FormSubmission.objects.filter(submitted_at__lt=now - KEPT_FOR).delete()
        try:
            response = self.get_response(request)
        except BaseException:
            FormSubmission.objects.filter(token=token).delete()
            raise
        if _refused(request, response):
            FormSubmission.objects.filter(token=token).delete()
        else:
            location = response.get("Location") or request.path
            FormSubmission.objects.filter(token=token).update(location=location[:2000])
        return response

    @staticmethod
    def _token(request: HttpRequest) -> str | None:
        if request.method != "POST" or request.path_info.startswith(EXEMPT_PREFIXES):
            return None
        if request.content_type not in FORM_TYPES:
            return None
        return request.POST.get(FIELD) or None

    @staticmethod
    def _sent_again(request: HttpRequest, token: str) -> HttpResponse:
        """The first request's destination, once it has one (it may still be working)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            first = FormSubmission.objects.filter(token=token).first()
            if first is None or first.location or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204)
        if first is None:  # the first was refused meanwhile: its refusal is on the page
            return HttpResponse(
                _("This form was refused; go back, correct it and send it again."), status=409
            )
        if not first.location:
            return HttpResponse(_("This form is already being sent; wait a moment."), status=409)
        messages.info(request, _("This form had already been sent; it was not sent again."))
        return redirect(first.location)

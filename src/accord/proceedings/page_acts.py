"""How the pages of procedure carry out a form: one service call, then back to the page it
was sent from with a message — the refusal's sentence (nothing changed) or what was done."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accord.domain.errors import DomainError, NotFound


def act_and_redirect(
    request: HttpRequest, back: str, action: Callable[[], object], done: str
) -> HttpResponse:
    try:
        action()
    except NotFound:
        raise Http404(_("Not found.")) from None
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect(back)

"""What every app's API handlers and pages need from a request (issue 16): the acting user,
a selector's NotFound as the page's 404, and a form action reported on the page it came from.

One place, so that "hidden answers as absent" and "a refusal changes nothing and says why"
are written once for every app.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.domain.errors import DomainError, InvalidInput, NotFound
from accord.members.models import User
from accord.site.refusals import refusal
from accord.site.typed import keep_typed

View = Callable[..., HttpResponse]


def acting_user(request: HttpRequest) -> User:
    """The signed-in user the request acts as: the API's authenticated user (`request.auth`),
    else the page's session user. The API root and `login_required` made sure there is one."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        user = request.user
    assert isinstance(user, User)
    return user


def not_found_as_404(view: View) -> View:
    """Turn the selectors' NotFound into the site's 404 page, the same for hidden and absent."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404(_("Not found.")) from None

    return wrapped


def bad_address_as_422(view: View) -> View:
    """Turn a page's unreadable address (a changed cursor, a limit out of range) into a 422
    page that says why and links to the list's first page; nothing is read or written."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except InvalidInput as refused:
            context = {"refusal": refusal(refused).message, "first_page": request.path}
            return render(request, "422.html", context, status=422)

    return wrapped


def form_action(
    request: HttpRequest, back: str, action: Callable[[], object], done: str
) -> HttpResponse:
    """Run a service for a form; report its refusal or its success on the page at `back`.
    NotFound is the 404 page (hidden and absent alike)."""
    try:
        action()
    except NotFound:
        raise Http404(_("Not found.")) from None
    except DomainError as refused:
        said = refusal(refused)
        messages.error(request, said.message)
        keep_typed(request, back, said)  # what was typed, and the refusal at its field
    else:
        messages.success(request, done)
    return redirect(back)

"""Keep people who must use two-factor sign-in from using a session that skipped it.

A person can become head of delegation or chair while signed in; their next request
then takes them back to the second step instead of carrying on with a weaker session.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accord.members.models import User
from accord.members.sign_in import SESSION_VERIFIED_KEY

EXEMPT_PREFIXES = ("/static/", "/healthz", "/api/", "/sign-in", "/i18n/", "/public/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and user.requires_two_factor
            and not request.session.get(SESSION_VERIFIED_KEY)
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            logout(request)
            return redirect("members:sign-in")
        return self.get_response(request)

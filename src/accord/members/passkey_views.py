"""The pages' side of passkeys (issue 12): the sign-in step that asks for one, removing one
from the account page, and the head's choice whether codes stay a fallback for the state.
Adding one is the account page's script with `/api/v1/auth/passkeys` (`passkeys.js`)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.domain.errors import DomainError
from accord.members import passkeys, selectors
from accord.members.models import User
from accord.members.passkey_api import request_origin
from accord.members.sign_in import SignInRefused, check_passkey
from accord.members.throttle import client_address
from accord.members.views import PENDING_KEY, finish_sign_in, pending_user


def sign_in_passkey(request: HttpRequest) -> HttpResponse:
    """After the password: an assertion by one of the person's passkeys signs them in."""
    user = pending_user(request)
    if user is None or not user.passkeys.exists():
        return redirect("members:sign-in")
    error = ""
    if request.method == "POST":
        try:
            credential = json.loads(request.POST.get("credential", ""))
        except ValueError:
            credential = None  # refused as malformed, and counted as a failure
        try:
            check_passkey(user, credential, passkeys.expected_origins(request_origin(request)),
                          client_address(request.META))  # fmt: skip
        except SignInRefused as refused:
            error = _(refused.message)
        else:
            del request.session[PENDING_KEY]
            return finish_sign_in(request, user, second_factor=True)
    context = {
        "options": passkeys.authentication_options(user=user),
        "error": error,
        "may_use_code": user.has_two_factor and passkeys.may_use_code(user),
    }
    return render(request, "members/sign_in_passkey.html", context)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
@require_POST
def remove_passkey(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    passkey = get_object_or_404(selectors.passkeys_of(user), public_id=public_id)
    passkeys.remove_passkey(user=user, passkey=passkey)
    messages.success(request, _("The passkey was removed."))
    return redirect("members:account")


@login_required
@require_POST
def totp_fallback(request: HttpRequest) -> HttpResponse:
    try:
        state = passkeys.set_totp_fallback(
            actor=_user(request), allowed=request.POST.get("allowed") == "1"
        )
    except DomainError as refused:
        messages.error(request, _(refused.message))
    else:
        messages.success(
            request,
            _("People of your delegation who have a passkey may also sign in with a code.")
            if state.totp_fallback
            else _("People of your delegation who have a passkey must sign in with it."),
        )
    return redirect("members:account")

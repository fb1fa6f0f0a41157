"""The account page: password, two-factor sign-in and recovery codes, API tokens, sessions.
Each view parses, calls one service of `members.account` (or `members.services`), renders."""

from __future__ import annotations

import time

import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.domain.errors import DomainError, InvalidInput
from accord.members import account, credentials, selectors, services
from accord.members.forms import SecondFactorForm, TokenForm
from accord.members.models import User


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def account_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    new_token: str | None = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_token = services.issue_api_token(user=user, label=form.cleaned_data["label"])[1]
        messages.success(request, _("Copy the token now: it is not shown again."))
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": selectors.tokens_of(user),
        "sessions": account.sessions_of(user, request.session.session_key),
        "unused_codes": user.recovery_codes.filter(used_at__isnull=True).count(),
        "passkeys": selectors.passkeys_of(user),
    }
    return render(request, "members/account.html", context)


@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        account.change_password(user=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)  # this session stays; every other one ends
        messages.success(
            request, _("Your password was changed. Your other sessions were signed out.")
        )
        return redirect("members:account")
    return render(request, "members/password.html", {"form": form})


def _code_form(request: HttpRequest, action: str) -> SecondFactorForm:
    form = SecondFactorForm(request.POST if request.POST.get("action") == action else None,
                            prefix=action)  # fmt: skip
    # Here a recovery code is not enough: it must be the app's current code.
    form.fields["code"].label = _("Code from your authenticator app")
    return form


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up two-factor sign-in, renew the recovery codes, or turn it off (if allowed)."""
    user = _user(request)
    if not user.has_two_factor and not user.totp_secret:
        services.begin_two_factor_enrolment(user=user)
    forms = {name: _code_form(request, name) for name in ("confirm", "renew", "turn_off")}
    chosen = request.POST.get("action", "")
    form = forms.get(chosen)
    if request.method == "POST" and form is not None and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if chosen == "confirm":
                if credentials.matching_totp_step(
                    user.totp_secret, code, now=time.time(), after_step=user.totp_last_step
                ) is None:  # fmt: skip
                    raise InvalidInput(account.CODE_REFUSED)
                codes = services.confirm_two_factor(user=user, code=code)
            elif chosen == "renew":
                codes = account.renew_recovery_codes(user=user, code=code)
            else:
                account.turn_off_two_factor(user=user, code=code)
                messages.success(request, _("Two-factor sign-in is turned off."))
                return redirect("members:account")
        except DomainError as error:
            form.add_error("code", _(error.message))
        else:
            return render(request, "members/recovery_codes.html",
                          {"codes": codes, "next": "/account/"})  # fmt: skip
    context: dict[str, object] = {"forms": forms, "may_turn_off": not user.requires_two_factor}
    if not user.has_two_factor:
        uri = credentials.totp_uri(user.totp_secret, user.username)
        context["qr_svg"] = segno.make(uri, error="m").svg_inline(
            scale=5, dark="#111", light="#fff"
        )
        context["secret"] = user.totp_secret
    return render(request, "members/two_factor.html", context)


@login_required
@require_POST
def sign_out_elsewhere(request: HttpRequest) -> HttpResponse:
    ended = account.sign_out_elsewhere(user=_user(request), current_key=request.session.session_key)
    messages.success(
        request,
        _("%(n)s other sessions were signed out.") % {"n": ended} if ended
        else _("There was no other session to sign out."),
    )  # fmt: skip
    return redirect("members:account")

"""Sign-in in two steps (password, then TOTP for heads and the chair), enrolment with a
QR code and recovery codes, and the account page with API tokens.

Between the steps the session holds only the id of the person part-way through; they
are signed in (`login`) once every factor their role requires has been given.
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.domain.errors import DomainError
from accord.members import credentials, passkeys, selectors, services
from accord.members.account import AGENT_KEY, SIGNED_IN_AT_KEY
from accord.members.forms import SecondFactorForm, SignInForm
from accord.members.models import User
from accord.members.sign_in import (
    SESSION_VERIFIED_KEY,
    SignInRefused,
    check_password,
    check_second_factor,
)
from accord.members.throttle import clear_failures, client_address

PENDING_KEY = "accord_pending_user"
NEXT_KEY = "accord_next"


def pending_user(request: HttpRequest) -> User | None:
    pk = request.session.get(PENDING_KEY)
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


def finish_sign_in(request: HttpRequest, user: User, *, second_factor: bool) -> HttpResponse:
    next_url = request.session.get(NEXT_KEY) or ""
    login(request, user, backend="accord.members.backends.AccordBackend")
    request.session[SESSION_VERIFIED_KEY] = second_factor
    # Shown on the account page's list of sessions.
    request.session[SIGNED_IN_AT_KEY] = timezone.now().isoformat()
    request.session[AGENT_KEY] = request.headers.get("user-agent", "")[:200]
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return redirect(next_url or "site:home")


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "GET" and request.GET.get("next"):
        request.session[NEXT_KEY] = request.GET["next"]
    if request.method == "POST" and form.is_valid():
        address = client_address(request.META)
        try:
            user = check_password(
                form.cleaned_data["username"], form.cleaned_data["password"], address
            )
        except SignInRefused as refused:
            form.add_error(None, _(refused.message))
        else:
            has_passkey = user.passkeys.exists()
            if not user.requires_two_factor and not has_passkey:
                clear_failures(user.username, address)
                return finish_sign_in(request, user, second_factor=False)
            request.session[PENDING_KEY] = user.pk
            if has_passkey:
                return redirect("members:sign-in-passkey")
            return redirect("members:second-factor" if user.has_two_factor else "members:enrol")
    return render(request, "members/sign_in.html", {"form": form})


def second_factor(request: HttpRequest) -> HttpResponse:
    user = pending_user(request)
    if user is None or not user.has_two_factor:
        return redirect("members:sign-in")
    if not passkeys.may_use_code(user):  # the state wants its people's passkeys, no codes
        return redirect("members:sign-in-passkey")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_second_factor(user, form.cleaned_data["code"], client_address(request.META))
        except SignInRefused as refused:
            form.add_error(None, _(refused.message))
        else:
            del request.session[PENDING_KEY]
            return finish_sign_in(request, user, second_factor=True)
    return render(request, "members/second_factor.html", {"form": form})


def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app after the password step; shows the recovery codes once."""
    user = pending_user(request)
    if user is None or user.has_two_factor:
        return redirect("members:sign-in")
    if not user.totp_secret:
        services.begin_two_factor_enrolment(user=user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_two_factor(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            del request.session[PENDING_KEY]
            response = finish_sign_in(request, user, second_factor=True)
            return render(
                request,
                "members/recovery_codes.html",
                {"codes": codes, "next": response["Location"]},
            )
    uri = credentials.totp_uri(user.totp_secret, user.username)
    qr_svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#111", light="#fff")
    return render(
        request, "members/enrol.html", {"form": form, "qr_svg": qr_svg, "secret": user.totp_secret}
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("members:sign-in")


@login_required
@require_POST
def revoke_token(request: HttpRequest, prefix: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    token = selectors.tokens_of(user).filter(prefix=prefix).first()
    if token is not None:
        services.revoke_api_token(actor=user, token=token)
        messages.success(request, _("The token was revoked."))
    return redirect("members:account")

"""The alerts page: a person's channels and preferences, and the alerts sent with their
delivery state. Thin: each form goes to one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.alerts import selectors, services
from accord.alerts.forms import ChannelForm
from accord.alerts.models import Channel
from accord.domain.errors import DomainError
from accord.edge.requests import acting_user as _user


@login_required
def contacts(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ChannelForm(request.POST or None)
    secret: str | None = None
    if request.method == "POST" and form.is_valid():
        try:
            secret = services.add_channel(actor=user, **form.cleaned_data)[1]
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The channel was added: verify it to receive alerts."))
            if secret is None:
                return redirect("alerts:contacts")
            form = ChannelForm()
    context = {
        "form": form,
        "secret": secret,
        "channels": selectors.channels_of(user),
        "preferences": selectors.preferences_of(user),
    }
    return render(request, "alerts/contacts.html", context)


@login_required
@require_POST
def verify(request: HttpRequest, channel_id: str) -> HttpResponse:
    user = _user(request)
    try:
        channel = selectors.get_channel(user, channel_id)
        if channel.kind == Channel.Kind.EMAIL:
            code = str(request.POST.get("code", ""))[:12]
            services.verify_email(actor=user, channel_id=channel_id, code=code)
        else:
            services.verify_webhook(actor=user, channel_id=channel_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The channel is verified."))
    return redirect("alerts:contacts")


@login_required
@require_POST
def remove(request: HttpRequest, channel_id: str) -> HttpResponse:
    try:
        services.remove_channel(actor=_user(request), channel_id=channel_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The channel was removed."))
    return redirect("alerts:contacts")


@login_required
@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    try:
        services.set_preference(
            actor=_user(request),
            trigger=str(request.POST.get("trigger", ""))[:40],
            mode=str(request.POST.get("mode", ""))[:12],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your alert preference was saved."))
    return redirect("alerts:contacts")

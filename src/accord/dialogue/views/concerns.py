"""The concerns' pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.edge.pagination import next_url, page_request
from accord.edge.requests import acting_user as _user
from accord.edge.requests import bad_address_as_422
from accord.edge.requests import form_action as _act
from accord.edge.requests import not_found_as_404 as _visible_or_404
from accord.members.models import State

from .. import selectors, services
from ..models import Concern

# --- Concerns -------------------------------------------------------------------------


@login_required
@bad_address_as_422
def concern_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status") or None
    category = request.GET.get("category") or None
    found = selectors.list_concerns(
        user, status=status, category=category, page=page_request(request.GET)
    )
    return render(
        request,
        "dialogue/concerns.html",
        {
            "concerns": found,
            "next_url": next_url(request, found.next),
            "statuses": Concern.Status.choices,
            "categories": Concern.Category.choices,
            "status": status or "",
            "category": category or "",
            "states": State.objects.all(),
            "may_raise": user.state is not None and user.state.is_member,
        },
    )


@login_required
@require_POST
def concern_raise(request: HttpRequest) -> HttpResponse:
    data = request.POST

    def act() -> object:
        return services.raise_concern(
            actor=_user(request),
            title=data.get("title", ""),
            summary=data.get("summary", ""),
            category=data.get("category", ""),
            affected_states=data.getlist("affected_states"),
            visibility=data.get("visibility", "members"),
            restricted_to=data.getlist("restricted_to"),
        )

    return _act(request, reverse("dialogue:concerns"), act, _("The concern was raised."))


@login_required
@_visible_or_404
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    concern = selectors.get_concern(user, pk)
    meetings = selectors.meetings(user).filter(agenda_items__concern=concern).distinct()
    return render(
        request,
        "dialogue/concern.html",
        {
            "concern": concern,
            "statuses": Concern.Status.choices,
            "meetings": meetings,
            "may_co_sponsor": user.state is not None
            and user.state.is_member
            and user.state_id != concern.raised_by_state_id
            and not concern.co_sponsors.filter(code=user.state_id).exists(),
            "may_move": user.is_chair
            or user.is_secretariat
            or user.state_id == concern.raised_by_state_id,
        },
    )


@login_required
@require_POST
def concern_co_sponsor(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        reverse("dialogue:concern", args=[pk]),
        lambda: services.co_sponsor_concern(actor=_user(request), concern_id=pk),
        _("Your state now co-sponsors this concern."),
    )


@login_required
@require_POST
def concern_move(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        reverse("dialogue:concern", args=[pk]),
        lambda: services.move_concern(
            actor=_user(request),
            concern_id=pk,
            to=request.POST.get("to", ""),
            note=request.POST.get("note", ""),
        ),
        _("The concern has moved on."),
    )

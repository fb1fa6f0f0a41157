"""The bilaterals' pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.dialogue.public_refs import from_form
from accord.domain.errors import InvalidInput
from accord.edge.pagination import next_url, page_request
from accord.edge.requests import acting_user as _user
from accord.edge.requests import bad_address_as_422
from accord.edge.requests import form_action as _act
from accord.members.models import State
from accord.members.public_ids import key_of

from .. import selectors, services
from ..models import Bilateral, Meeting
from .page import _local_time

# --- Bilaterals -----------------------------------------------------------------------


@login_required
@bad_address_as_422
def bilateral_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    meetings = selectors.meetings(user).exclude(kind=Meeting.Kind.BILATERAL)
    if user.state_id:
        meetings = (
            meetings.filter(participants__code=user.state_id).distinct()
            | meetings.filter(observers__code=user.state_id).distinct()
        )
    # `?meeting=`: those at one meeting (the meeting page links here for its next page).
    at = request.GET.get("meeting") or None
    found = selectors.list_bilaterals(
        user,
        meeting_id=None if at is None else key_of(Meeting, at),
        page=page_request(request.GET),
    )
    return render(
        request,
        "dialogue/bilaterals.html",
        {
            "bilaterals": found,
            "next_url": next_url(request, found.next),
            "meetings": meetings.distinct() if user.state_id else [],
            "states": State.objects.exclude(code=user.state_id or ""),
            "my_state_code": user.state_id,
            "Status": Bilateral.Status,
        },
    )


@login_required
@require_POST
def bilateral_request(request: HttpRequest) -> HttpResponse:
    data = request.POST

    def act() -> object:
        meeting_id = from_form("meeting", data.get("meeting"))
        if meeting_id is None:
            raise InvalidInput(_("Choose a meeting."))
        meeting = selectors.get_meeting(_user(request), meeting_id)
        slots = []
        for start, end in zip(data.getlist("slot_start"), data.getlist("slot_end"), strict=False):
            if start and end:
                slots.append(
                    (
                        _local_time(start, meeting.time_zone, "slot"),
                        _local_time(end, meeting.time_zone, "slot"),
                    )
                )
        return services.request_bilateral(
            actor=_user(request),
            meeting_id=meeting_id,
            counterpart=data.get("counterpart", ""),
            subject=data.get("subject", ""),
            slots=slots,
        )

    return _act(request, reverse("dialogue:bilaterals"), act, _("The request is sent."))


@login_required
@require_POST
def bilateral_accept(request: HttpRequest, pk: int) -> HttpResponse:
    slot = from_form("slot", request.POST.get("slot"))
    return _act(
        request,
        reverse("dialogue:bilaterals"),
        lambda: services.accept_bilateral(actor=_user(request), bilateral_id=pk, slot_id=slot or 0),
        _("The bilateral is scheduled."),
    )


@login_required
@require_POST
def bilateral_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        reverse("dialogue:bilaterals"),
        lambda: services.decline_bilateral(
            actor=_user(request), bilateral_id=pk, reason=request.POST.get("reason", "")
        ),
        _("The request is declined."),
    )

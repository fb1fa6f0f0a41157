"""The meetings' pages, with their live fragments."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.dialogue.public_refs import from_form
from accord.domain.errors import InvalidInput
from accord.edge.pagination import FIRST_PAGE, PageRequest, next_url, page_request
from accord.edge.requests import acting_user as _user
from accord.edge.requests import bad_address_as_422
from accord.edge.requests import form_action as _act
from accord.edge.requests import not_found_as_404 as _visible_or_404
from accord.members.models import State, User

from .. import selectors, services
from ..invitations import calendar_of
from ..models import Intervention, Meeting
from .page import _local_time

# --- Meetings -------------------------------------------------------------------------


@login_required
@bad_address_as_422
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    found = selectors.list_meetings(user, page=page_request(request.GET))
    return render(
        request,
        "dialogue/meetings.html",
        {
            "meetings": found,
            "next_url": next_url(request, found.next),
            "kinds": [k for k in Meeting.Kind.choices if k[0] != Meeting.Kind.BILATERAL],
            "members": State.objects.filter(status=State.Status.MEMBER),
            "others": State.objects.exclude(status=State.Status.MEMBER),
            "may_convene": user.is_chair or user.is_secretariat,
        },
    )


@login_required
@require_POST
def meeting_convene(request: HttpRequest) -> HttpResponse:
    data = request.POST

    def act() -> object:
        zone = data.get("time_zone", "UTC")
        return services.convene_meeting(
            actor=_user(request),
            title=data.get("title", ""),
            kind=data.get("kind", ""),
            starts_at=_local_time(data.get("starts_at", ""), zone, "starts_at"),
            ends_at=_local_time(data.get("ends_at", ""), zone, "ends_at"),
            time_zone=zone,
            venue=data.get("venue", ""),
            participants=data.getlist("participants"),
            observers=data.getlist("observers"),
            visibility=data.get("visibility", "participants"),
        )

    return _act(request, reverse("dialogue:meetings"), act, _("The meeting was convened."))


def _meeting_context(
    user: User, pk: int, *, request: HttpRequest | None = None, page: PageRequest = FIRST_PAGE
) -> dict[str, Any]:
    found = selectors.get_meeting_page(user, pk, page=page)
    earlier = None
    if request is not None and found.earlier is not None:
        # The earlier page is the whole meeting page at that cursor, so that it reads
        # without scripts; the live fragment always shows the latest page.
        query = f"?cursor={found.earlier}"
        earlier = reverse("dialogue:meeting", args=[pk]) + query + "#interventions"
    return {
        "meeting": found.meeting,
        "items": found.items,
        "speakers": found.speakers,
        "interventions": found.interventions,
        "earlier_url": earlier,
        "is_latest": page.cursor is None,
        "is_chair": user.is_chair,
        "is_at_meeting": user.state_id in found.states_here,
        "states_here": sorted(found.states_here),
    }


@login_required
@_visible_or_404
@bad_address_as_422
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    context = _meeting_context(user, pk, request=request, page=page_request(request.GET))
    meeting = context["meeting"]
    bilaterals = selectors.list_bilaterals(user, meeting_id=pk)
    context.update(
        {
            "documents": selectors.documents_at(user, meeting),
            "bilaterals": bilaterals,
            # The next page of them is the bilaterals page's, at this meeting.
            "next_bilaterals": bilaterals.next
            and f"{reverse('dialogue:bilaterals')}?"
            + urlencode({"meeting": meeting.public_id, "cursor": bilaterals.next}),
            "concerns": selectors.concerns(user).exclude(status="closed")
            if (user.is_chair or user.is_secretariat)
            else [],
            "kinds": Intervention.Kind.choices,
            "speech_languages": [("en", "English"), ("zh-hans", "中文"), ("ru", "Русский")],
            "may_attach": user.is_chair or user.is_secretariat or context["is_at_meeting"],
        }
    )
    return render(request, "dialogue/meeting.html", context)


@login_required
@_visible_or_404
def meeting_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "dialogue/_agenda.html", _meeting_context(_user(request), pk))


@login_required
@_visible_or_404
def meeting_speakers(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "dialogue/_speakers.html", _meeting_context(_user(request), pk))


@login_required
@_visible_or_404
def meeting_interventions(request: HttpRequest, pk: int) -> HttpResponse:
    # The live fragment: the latest page, with the link to the one before it.
    context = _meeting_context(_user(request), pk, request=request)
    return render(request, "dialogue/_interventions.html", context)


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        reverse("dialogue:meeting", args=[pk]),
        lambda: services.add_agenda_item(
            actor=_user(request),
            meeting_id=pk,
            title=request.POST.get("title", ""),
            concern_id=from_form("concern", request.POST.get("concern")),
        ),
        _("The item is on the agenda."),
    )


@login_required
@require_POST
def agenda_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        reverse("dialogue:meeting", args=[pk]),
        lambda: services.adopt_agenda(actor=_user(request), meeting_id=pk),
        _("The agenda is adopted."),
    )


@login_required
@require_POST
def floor_request(request: HttpRequest, pk: int) -> HttpResponse:
    def act() -> object:
        item = from_form("item", request.POST.get("item"))
        if item is None:
            raise InvalidInput(_("Choose an agenda item."))
        return services.request_floor(actor=_user(request), meeting_id=pk, item_id=item)

    return _act(
        request,
        reverse("dialogue:meeting", args=[pk]),
        act,
        _("Your delegation is on the list of speakers."),
    )


@login_required
@require_POST
def floor_give(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    return _act(
        request,
        reverse("dialogue:meeting", args=[pk]),
        lambda: services.give_floor(actor=_user(request), meeting_id=pk, request_id=request_id),
        _("The floor is given."),
    )


@login_required
@require_POST
def speak(request: HttpRequest, pk: int) -> HttpResponse:
    data = request.POST
    return _act(
        request,
        reverse("dialogue:meeting", args=[pk]),
        lambda: services.deliver_intervention(
            actor=_user(request),
            meeting_id=pk,
            kind=data.get("kind", ""),
            text=data.get("text", ""),
            language=data.get("language", ""),
            item_id=from_form("item", data.get("item")),
            in_reply_to=from_form("in_reply_to", data.get("in_reply_to")),
            as_chair=data.get("as_chair") == "on",
        ),
        _("Your intervention is delivered."),
    )


@login_required
@require_POST
def document_attach(request: HttpRequest, pk: int) -> HttpResponse:
    data = request.POST
    return _act(
        request,
        reverse("dialogue:meeting", args=[pk]),
        lambda: services.attach_document(
            actor=_user(request),
            meeting_id=pk,
            title=data.get("title", ""),
            language=data.get("language", ""),
            body=data.get("body", ""),
            url=data.get("url", ""),
        ),
        _("The document is attached."),
    )


@login_required
@_visible_or_404
def meeting_summary(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.summary_record(_user(request), pk)
    return render(request, "dialogue/summary.html", {"record": record})


@login_required
@_visible_or_404
def meeting_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(_user(request), pk)
    response = HttpResponse(
        calendar_of([meeting], name=meeting.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{meeting.public_id}.ics"'
    return response

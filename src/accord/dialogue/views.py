"""The dialogue's pages: concerns, meetings (with live fragments), bilaterals, search and
the calendar. Each view parses, calls one service or selector, and renders; a refusal
comes back as a message on the page it was asked from, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.domain.errors import DomainError, InvalidInput, NotFound
from accord.edge.params import optional_id
from accord.members.models import State, User
from accord.site.refusals import refusal
from accord.site.typed import keep_typed

from . import selectors, services
from .invitations import calendar_of
from .models import Bilateral, Concern, Intervention, Meeting

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _visible_or_404(view: View) -> View:
    """Turn the selectors' NotFound into the site's 404 page, the same for hidden and absent."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404(_("Not found.")) from None

    return wrapped


def _act(request: HttpRequest, back: str, action: Callable[[], object], done: str) -> HttpResponse:
    """Run a service; report its refusal or its success on the page we came from."""
    try:
        action()
    except NotFound:
        raise Http404(_("Not found.")) from None
    except DomainError as refused:
        said = refusal(refused)
        messages.error(request, said.message)
        keep_typed(request, back, said)
    else:
        messages.success(request, done)
    return redirect(back)


def _local_time(value: str, zone_name: str, field: str) -> datetime:
    """A `datetime-local` form value, read in the meeting's time zone."""
    try:
        zone = ZoneInfo(zone_name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"time_zone: unknown time zone {zone_name!r}", field="time_zone"
        ) from None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{field}: a date and time") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _int_or_none(value: str | None) -> int | None:
    return optional_id(value)


# --- Concerns -------------------------------------------------------------------------


@login_required
def concern_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status") or None
    category = request.GET.get("category") or None
    found = selectors.list_concerns(user, status=status, category=category)
    return render(
        request,
        "dialogue/concerns.html",
        {
            "concerns": found,
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


# --- Meetings -------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "dialogue/meetings.html",
        {
            "meetings": selectors.list_meetings(user),
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


def _meeting_context(user: User, pk: int) -> dict[str, Any]:
    page = selectors.get_meeting_page(user, pk)
    return {
        "meeting": page.meeting,
        "items": page.items,
        "speakers": page.speakers,
        "interventions": page.interventions,
        "is_chair": user.is_chair,
        "is_at_meeting": user.state_id in page.states_here,
        "states_here": sorted(page.states_here),
    }


@login_required
@_visible_or_404
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    context = _meeting_context(user, pk)
    meeting = context["meeting"]
    context.update(
        {
            "documents": selectors.documents_at(user, meeting),
            "bilaterals": selectors.list_bilaterals(user, meeting_id=pk),
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
    return render(request, "dialogue/_interventions.html", _meeting_context(_user(request), pk))


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
            concern_id=_int_or_none(request.POST.get("concern")),
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
        item = _int_or_none(request.POST.get("item"))
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
            item_id=_int_or_none(data.get("item")),
            in_reply_to=_int_or_none(data.get("in_reply_to")),
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
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


# --- Bilaterals -----------------------------------------------------------------------


@login_required
def bilateral_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    meetings = selectors.meetings(user).exclude(kind=Meeting.Kind.BILATERAL)
    if user.state_id:
        meetings = (
            meetings.filter(participants__code=user.state_id).distinct()
            | meetings.filter(observers__code=user.state_id).distinct()
        )
    return render(
        request,
        "dialogue/bilaterals.html",
        {
            "bilaterals": selectors.list_bilaterals(user),
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
        meeting_id = _int_or_none(data.get("meeting"))
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
    slot = _int_or_none(request.POST.get("slot"))
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


# --- Search and the calendar ----------------------------------------------------------


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = None
    error = None
    if query:
        try:
            results = selectors.search(_user(request), query)
        except InvalidInput as problem:
            error = problem.message
    return render(
        request, "dialogue/search.html", {"query": query, "results": results, "error": error}
    )


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    feed_url = None
    if request.method == "POST":
        token = services.issue_calendar_feed(actor=user)
        feed_url = request.build_absolute_uri(reverse("dialogue:calendar-feed", args=[token]))
    return render(
        request,
        "dialogue/calendar.html",
        {"meetings": selectors.calendar_meetings(user), "feed_url": feed_url},
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed, for calendar programs: the secret address is the credential."""
    user = selectors.user_for_calendar_token(services.calendar_token_hash(token))
    if user is None:
        raise Http404(_("Not found."))
    body = calendar_of(selectors.calendar_meetings(user), name=_("Accord meetings"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response

"""Pages: the notifications, a form per type, a notification with its board, the duty
officer view (live) and the hotline. Each view parses, calls a selector or a service, renders.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.domain.errors import DomainError, NotFound
from accord.domain.notifications import ContentInvalid
from accord.edge.pagination import InvalidCursor, Page, next_url, page_request
from accord.edge.requests import acting_user as _user
from accord.edge.requests import bad_address_as_422
from accord.members.models import State, User
from accord.notifications import exports, hotline, meetings, selectors, services
from accord.notifications.forms import ConveneForm, NotificationForm, ReplyForm
from accord.notifications.models import Notification
from accord.notifications.signing_boxes import acknowledgement_box, signed_field

View = Callable[..., HttpResponse]


def hidden_is_absent(view: View) -> View:
    """What the user may not see is answered as what does not exist: Django's plain 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404() from None

    return wrapper


def _other_members(user: User) -> list[tuple[str, str]]:
    states = State.objects.filter(status=State.Status.MEMBER, left_on__isnull=True)
    return [(s.code, f"{s.name} ({s.code})") for s in states.exclude(code=user.state_id or "")]


def _fields_for_display(notification: Notification) -> list[tuple[str, str]]:
    """Each schema field as (label, readable value), in the schema's order."""
    shown = []
    for spec in notification.type.parsed.fields:
        value = notification.content.get(spec.name)
        if value in (None, "", [], {}):
            continue
        if spec.kind == "point":
            text = f"{value['lat']:g}, {value['lon']:g}"
        elif spec.kind == "area":
            text = "; ".join(f"{p['lat']:g}, {p['lon']:g}" for p in value)
        elif spec.kind == "forces":
            text = ", ".join(f"{_(k.replace('_', ' '))}: {n}" for k, n in value.items())
        elif spec.kind == "choice":
            text = _(str(value).replace("_", " "))
        else:
            text = str(value)
        shown.append((_(spec.label), text))
    return shown


@login_required
@bad_address_as_422
def notification_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    q = request.GET.get("q", "").strip()[:200]
    type_key = request.GET.get("type", "").strip()[:50]
    error = None
    rows: Page[Notification] = Page([], None)
    try:
        rows = selectors.notifications_page(
            user, q=q or None, type_key=type_key or None, page=page_request(request.GET)
        )
    except InvalidCursor:
        raise  # a 422 page (bad_address_as_422)
    except DomainError as refused:  # a search with no word in it, or too many
        error = refused.message
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": rows,
            "error": error,
            "next_url": next_url(request, rows.next),
            "q": q,
            "type_key": type_key,
            "types": selectors.notification_types(),
            "may_send": user.state is not None and user.state.is_member,
        },
    )


@login_required
def notification_new(request: HttpRequest) -> HttpResponse:
    types = selectors.notification_types(include_replies=False)
    return render(request, "notifications/new.html", {"types": types})


@login_required
@hidden_is_absent
def notification_compose(request: HttpRequest, key: str) -> HttpResponse:
    user = _user(request)
    notification_type = selectors.get_notification_type(key=key)
    if notification_type.is_reply:
        raise Http404()
    form = NotificationForm(
        notification_type.parsed, request.POST or None, recipient_choices=_other_members(user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.send_notification(
                actor=user,
                type_key=key,
                content=form.content(),
                recipients=form.recipients(),
            )
        except ContentInvalid as invalid:
            form.show_errors(invalid.errors)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The notification was sent."))
            return redirect("notifications:detail", notification_id=sent.public_id)
    return render(
        request,
        "notifications/compose.html",
        {"form": form, "notification_type": notification_type},
    )


@login_required
@hidden_is_absent
def notification_detail(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = _user(request)
    notification = selectors.get_notification(user, notification_id)
    now = timezone.now()
    delivery = selectors.own_delivery(user, notification)
    show_board = selectors.may_see_board(user, notification)
    return render(
        request,
        "notifications/detail.html",
        {
            "notification": notification,
            "fields": _fields_for_display(notification),
            "delivery": delivery,
            "board": selectors.board_rows(notification, now=now) if show_board else None,
            "replies": selectors.replies_to(user, notification),
            "signing": acknowledgement_box(user, notification, delivery),
            "reply_form": ReplyForm()
            if delivery is not None
            and delivery.reply_id is None
            and notification.type.expects_reply
            else None,
            "convene_form": ConveneForm()
            if user.is_chair
            and notification.meeting_requested_at is not None
            and not notification.meeting_reference
            else None,
            "may_ask_meeting": (
                user.state_id == notification.sender_state_id
                and notification.reply_due_at is not None
                and now > notification.reply_due_at
                and notification.meeting_requested_at is None
                and notification.deliveries.filter(replied_at__isnull=True).exists()
            ),
        },
    )


def _act(
    request: HttpRequest, notification_id: int, action: Callable[[], object], done: str
) -> HttpResponse:
    try:
        action()
    except NotFound:
        raise Http404() from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("notifications:detail", notification_id=notification_id)


@login_required
@require_POST
def notification_acknowledge(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = _user(request)
    errors: dict[str, str] = {}
    signed = signed_field(request.POST, errors)  # signed in the browser (issue 12)
    if errors:
        messages.error(request, errors["act"])
        return redirect("notifications:detail", notification_id=notification_id)
    return _act(
        request,
        notification_id,
        lambda: services.acknowledge(actor=user, notification_id=notification_id, signed=signed),
        _("Receipt acknowledged."),
    )


@login_required
@require_POST
def notification_reply(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = _user(request)
    form = ReplyForm(request.POST)
    content = {"explanation": form.data.get("explanation", "")}
    return _act(
        request,
        notification_id,
        lambda: services.reply(actor=user, notification_id=notification_id, content=content),
        _("The reply was sent."),
    )


@login_required
@require_POST
def notification_meeting(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = _user(request)
    return _act(
        request,
        notification_id,
        lambda: services.request_meeting(actor=user, notification_id=notification_id),
        _("The chair was asked to convene a meeting on this request."),
    )


@login_required
@require_POST
def notification_convene(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = _user(request)
    form = ConveneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the start, the end and a venue of the meeting."))
        return redirect("notifications:detail", notification_id=notification_id)
    data = form.cleaned_data
    return _act(
        request,
        notification_id,
        lambda: meetings.convene_meeting_on_request(
            actor=user,
            notification_id=notification_id,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue=data["venue"],
        ),
        _("The meeting was convened with the request on its agenda."),
    )


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    rows = selectors.list_notifications(_user(request))
    response = JsonResponse({"notifications": exports.as_json(rows)})
    response["Content-Disposition"] = 'attachment; filename="notifications.json"'
    return response


@login_required
def export_ics(request: HttpRequest) -> HttpResponse:
    rows = selectors.list_notifications(_user(request))
    response = HttpResponse(
        exports.as_icalendar(rows, host=request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="notifications.ics"'
    return response


def _duty_context(user: User) -> dict[str, Any]:
    waiting = selectors.awaiting_state(user)
    # Shown on a duty officer's screen is delivered: that is the receipt the sender waits for.
    hotline.deliver_pending(actor=user, messages=waiting.hotline_unread)
    return {"waiting": waiting, "now": timezone.now()}


@login_required
def duty(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/duty.html", _duty_context(_user(request)))


@login_required
def duty_panel(request: HttpRequest) -> HttpResponse:
    """The live part of the duty view, fetched again by htmx on each relevant event."""
    return render(request, "notifications/_duty_panel.html", _duty_context(_user(request)))


@login_required
@require_POST
def hotline_read(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        hotline.give_receipt(actor=_user(request), message_id=message_id, receipt=hotline.READ)
    except NotFound:
        raise Http404() from None
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(
        (request.POST.get("next") == "duty" and "notifications:duty") or "notifications:hotline"
    )

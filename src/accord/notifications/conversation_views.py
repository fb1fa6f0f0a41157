"""The hotline pages as conversations: a list of counterpart states, the thread with the one
chosen, a reply box under it. New messages and receipts arrive by htmx into the thread alone,
so a half-typed message is never touched; without JavaScript the page still works (a reload
shows them). The header's unread indicator is fetched again the same way on every page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accord.domain.errors import DomainError
from accord.edge.pagination import DEFAULT_SIZE, FIRST_PAGE, Page, PageRequest, page_request
from accord.edge.requests import acting_user as _user
from accord.edge.requests import bad_address_as_422
from accord.members.models import User
from accord.notifications import conversations, hotline
from accord.notifications.forms import HotlineForm
from accord.notifications.signing_boxes import hotline_box, signed_field


def _chosen(request: HttpRequest, found: list[conversations.Counterpart]) -> str | None:
    wanted = (request.GET.get("with") or request.POST.get("to") or "").strip().upper()[:3]
    codes = [c.code for c in found]
    if wanted in codes:
        return wanted
    return codes[0] if codes else None


def _thread_context(
    user: User, counterpart: str | None, page: PageRequest = FIRST_PAGE
) -> dict[str, object]:
    """A page of the thread: the latest (live: htmx fetches it again on a hotline event), or
    an earlier one (it stays as it is), with the address of the one before it."""
    rows = conversations.thread(user, counterpart, page=page) if counterpart else Page([], None)
    hotline.deliver_pending(actor=user, messages=[m for m in rows if m.delivered_at is None])
    kept: dict[str, str | int] = {"with": counterpart or ""}
    if page.size != DEFAULT_SIZE:
        kept["limit"] = page.size
    here = f"{reverse('notifications:hotline')}?" + urlencode(kept)
    return {
        "counterpart": counterpart,
        "thread": rows,
        "live": page.cursor is None,
        "latest_url": here,
        "earlier_url": rows.next and here + "&" + urlencode({"cursor": rows.next}),
    }


@login_required
@bad_address_as_422
def hotline_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    found = conversations.counterparts(user)
    counterpart = _chosen(request, found)
    choices = [(c.code, f"{c.name} ({c.code})") for c in found]
    form = HotlineForm(request.POST or None, states=choices, initial={"to": counterpart})
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["to"]
        unreadable: dict[str, str] = {}
        signed = signed_field(request.POST, unreadable)  # signed in the browser (issue 12)
        try:
            hotline.send_hotline_message(
                actor=user, to_state=to, body=form.cleaned_data["body"], signed=signed
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Hotline message sent."))
            return redirect(f"{reverse('notifications:hotline')}?with={to}")
    names = {c.code: c.name for c in found}
    context = {
        "form": form,
        "counterparts": found,
        "counterpart_name": names.get(counterpart or ""),
        "may_send": user.is_duty_officer or user.is_head,
        "uses_hotline": conversations.uses_hotline(user),
        "signing": hotline_box(user, counterpart) if user.is_duty_officer or user.is_head else None,
        **_thread_context(user, counterpart, page_request(request.GET)),
    }
    return render(request, "notifications/hotline.html", context)


@login_required
def hotline_thread(request: HttpRequest, code: str) -> HttpResponse:
    """The thread alone, fetched again by htmx when a hotline event arrives."""
    user = _user(request)
    found = {c.code for c in conversations.counterparts(user)}
    counterpart = code.upper() if code.upper() in found else None
    return render(request, "notifications/_thread.html", _thread_context(user, counterpart))


@login_required
def hotline_counterparts(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    found = conversations.counterparts(user)
    current = (request.GET.get("with") or "").upper()[:3]
    return render(
        request, "notifications/_counterparts.html", {"counterparts": found, "counterpart": current}
    )


@login_required
def hotline_indicator(request: HttpRequest) -> HttpResponse:
    """The header's hotline link with its unread count (empty for users without a hotline)."""
    unread = conversations.unread_count(_user(request))
    if unread is None:
        return HttpResponse("")
    return render(request, "site/_hotline_indicator.html", {"hotline_unread": unread})

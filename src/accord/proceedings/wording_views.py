"""The facilitators' wordings of a text as a page: what was proposed for which paragraph
and what became of it; the paragraph's facilitator (or the chair) proposes, the chair or a
co-chair brings a wording into the next revision. Refusals come back as a message on the
page and change nothing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.domain.errors import NotFound
from accord.edge.pagination import next_url, page_request
from accord.edge.requests import acting_user as _user
from accord.edge.requests import bad_address_as_422
from accord.negotiation.permissions import document_for, presides

from . import wordings
from .page_acts import act_and_redirect


@login_required
@bad_address_as_422
def wordings_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        document = document_for(user, pk)
        rows = wordings.wordings(user, pk, page_request(request.GET))
    except NotFound:
        raise Http404(_("No such document.")) from None
    return render(
        request,
        "proceedings/wordings.html",
        {
            "document": document,
            "wordings": rows.items,
            "next_url": next_url(request, rows.next),
            "paragraphs": wordings.proposable_paragraphs(user, document),
            "presides": presides(user, document.meeting_id),
        },
    )


@login_required
@require_POST
def wording_propose(request: HttpRequest, pk: int) -> HttpResponse:
    return act_and_redirect(
        request,
        reverse("proceedings:wordings", args=[pk]),
        lambda: wordings.propose_wording(
            actor=_user(request), document_id=pk,
            paragraph=request.POST.get("paragraph", "").strip()[:20],
            text=request.POST.get("text", "")[: wordings.MAX_WORDING + 1],
        ),
        _("The wording is put to the states."),
    )  # fmt: skip


@login_required
@require_POST
def wording_bring_in(request: HttpRequest, pk: int, wording_id: int) -> HttpResponse:
    return act_and_redirect(
        request,
        reverse("proceedings:wordings", args=[pk]),
        lambda: wordings.bring_in(
            actor=_user(request), wording_id=wording_id,
            decision=request.POST.get("decision", "agreed")[:16],
        ),
        _("The wording is in the next revision."),
    )  # fmt: skip

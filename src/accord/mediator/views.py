"""The mediator's pages: suggested wordings for a state consultation and for a bracketed
paragraph, with a button to ask again and, for the chair, one to propose a wording as an
amendment. Absent and hidden objects are 404; seen but not allowed is 403; a refusal of
the input (no positions, no bracket) is shown as a message on the page, nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.domain.errors import DomainError, NotFound, NotPermitted
from accord.edge.params import optional_id
from accord.edge.requests import acting_user as _user
from accord.mediator import configuration, selectors, services
from accord.mediator.display import counterpart_rows
from accord.mediator.models import Mediation

View = Callable[..., HttpResponse]


def _guarded(view: View) -> View:
    """NotFound is the page's 404 (absent and hidden alike); NotPermitted its 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404(_("Not found.")) from None
        except NotPermitted as error:
            raise PermissionDenied(error.message) from None

    return wrapper


def _wordings(mediation: Mediation | None) -> list[dict[str, Any]]:
    """The stored wordings with the amendment made from each and their counterparts in the
    other language versions (none in suggestions stored before they were kept)."""
    if mediation is None:
        return []
    return [
        {
            **w,
            "amendment": mediation.amendments.get(str(w["rank"])),
            "counterpart_rows": counterpart_rows(w.get("counterparts") or {}),
        }
        for w in mediation.result.get("wordings", [])
    ]


@login_required
@_guarded
def consultation_page(request: HttpRequest, consultation_id: int) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        try:
            services.ask_on_consultation(actor=user, consultation_id=consultation_id)
        except (NotFound, NotPermitted):
            raise
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("mediator:consultation", consultation_id=consultation_id)
    consultation, latest = selectors.latest_for_consultation(user, consultation_id)
    return render(
        request,
        "mediator/consultation.html",
        {
            "consultation": consultation,
            "mediation": latest,
            "wordings": _wordings(latest),
            "llm_endpoint": configuration.describe_llm(),
        },
    )


@login_required
@_guarded
def paragraph_page(request: HttpRequest, document_id: int, paragraph_id: int) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        raw = request.POST.get("bracket_id", "").strip()
        try:
            services.ask_on_paragraph(
                actor=user,
                document_id=document_id,
                paragraph_id=paragraph_id,
                bracket_id=optional_id(raw),
            )
        except (NotFound, NotPermitted):
            raise
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("mediator:paragraph", document_id=document_id, paragraph_id=paragraph_id)
    document, latest = selectors.latest_for_paragraph(user, document_id, paragraph_id)
    revision, paragraph, label = selectors.current_paragraph(user, document, paragraph_id)
    return render(
        request,
        "mediator/paragraph.html",
        {
            "document": document,
            "revision": revision,
            "paragraph": paragraph,
            "label": label,
            "mediation": latest,
            "stale": latest is not None and latest.revision != document.current_revision,
            "wordings": _wordings(latest),
            "is_chair": user.is_chair,
            "llm_endpoint": configuration.describe_llm(),
        },
    )


@login_required
@require_POST
@_guarded
def propose_amendment(
    request: HttpRequest, document_id: int, paragraph_id: int, rank: int
) -> HttpResponse:
    try:
        _mediation, amendment = services.propose_as_amendment(
            actor=_user(request), document_id=document_id, paragraph_id=paragraph_id, rank=rank
        )
    except (NotFound, NotPermitted):
        raise
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Amendment %(code)s proposed from suggestion %(rank)s.")
            % {"code": amendment.code, "rank": rank},
        )
    return redirect("mediator:paragraph", document_id=document_id, paragraph_id=paragraph_id)

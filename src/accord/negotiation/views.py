"""Pages for the negotiation of a text: drafts, revisions with brackets, amendments, the
redline and the acts of adoption (signing and the published text: `publication_views`).

Thin: each view parses a form, calls one service or selector, and renders. A refusal by a
rule becomes a message on the page it came from; a document the viewer may not see is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.domain import negotiation
from accord.domain.errors import DomainError, InvalidInput, NotFound
from accord.edge.fields import MAX_REVISION
from accord.edge.pagination import (
    InvalidCursor,
    Page,
    next_url,
    page_request,
)
from accord.edge.params import whole_number
from accord.edge.requests import acting_user as _actor
from accord.edge.requests import bad_address_as_422
from accord.negotiation import page_messages, selectors, services
from accord.negotiation.adoption_acts import ActRequest, perform_act
from accord.negotiation.models import AdoptionAct, Document
from accord.negotiation.page_guards import View, document_found
from accord.negotiation.permissions import presides
from accord.negotiation.publication import publication
from accord.site.refusals import sentence

Action = Callable[..., None]


def _acting(view: Action) -> View:
    """A form post: a rule's refusal is shown on the document page, nothing changed."""

    @wraps(view)
    def wrapper(request: HttpRequest, document_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            view(request, document_id, *args, **kwargs)
        except NotFound:
            raise Http404(_("No such document.")) from None
        except DomainError as error:
            messages.error(request, sentence(error))
        except ValueError:  # a number field that was not a number
            messages.error(request, _("Give whole numbers where numbers are asked for."))
        else:
            messages.success(request, page_messages.done(view.__name__, kwargs))
        return redirect(request.POST.get("next") or "negotiation:document", document_id)

    return login_required(require_POST(wrapper))


def _when(raw: str | None, what: str) -> datetime | None:
    if not raw:
        return None
    moment = parse_datetime(raw)
    if moment is None:
        raise InvalidInput(_("%(what)s: a date and time") % {"what": what})
    # The form asks for UTC ("Deadline (UTC)"), whatever zone the viewer reads times in.
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment


@login_required
@bad_address_as_422
def document_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    error = None
    documents: Page[Document] = Page([], None)
    try:
        documents = selectors.list_documents(
            request.user, q=query or None, page=page_request(request.GET)
        )
    except InvalidCursor:
        raise  # a 422 page (bad_address_as_422)
    except DomainError as refused:  # a search with no word in it, or too many
        error = refused.message
    return render(
        request,
        "negotiation/document_list.html",
        {
            "documents": documents,
            "query": query,
            "error": error,
            "next_url": next_url(request, documents.next),
        },
    )


@login_required
def new_document(request: HttpRequest) -> HttpResponse:
    """The chair circulates a draft: one paragraph per line, `PP:` or `OP:` first."""
    if request.method == "POST":
        paragraphs = []
        for line in request.POST.get("paragraphs", "").splitlines():
            head, _sep, text = line.partition(":")
            if not text.strip():
                continue
            kind = "preambular" if head.strip().upper() == "PP" else "operative"
            paragraphs.append({"kind": kind, "text": text.strip()})
        states = [s for s in request.POST.get("states", "").replace(",", " ").split() if s]
        try:
            document = services.create_draft(
                actor=_actor(request),
                kind=request.POST.get("kind", ""),
                title=request.POST.get("title", ""),
                paragraphs=paragraphs,
                visibility=request.POST.get("visibility", "participants"),
                states=states,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("negotiation:document", document.public_id)
    return render(request, "negotiation/new_document.html", {"kinds": Document.Kind.choices[:3]})


@login_required
@document_found
@bad_address_as_422
def document_page(request: HttpRequest, document_id: int) -> HttpResponse:
    """The current revision with brackets highlighted, amendments and the adoption panel."""
    listing = request.GET.get("list") or None
    page = selectors.get_document_page(
        request.user, document_id, page=page_request(request.GET), listing=listing
    )
    if page.revision is None:  # a chair's statement
        return render(
            request,
            "negotiation/chairs_statement.html",
            {"pub": publication(request.user, document_id)},
        )
    document, view, amendments = page.document, page.revision, page.amendments
    labels = view.value.labels()
    user = _actor(request)
    return render(
        request,
        "negotiation/document.html",
        {
            "document": document,
            "revision": view.value,
            "row": view.row,
            "paragraphs": [(labels[p.id], p) for p in view.value.paragraphs],
            "pending": amendments,
            "earlier": page.earlier,
            "next_pending": next_url(request, amendments.next, list="pending"),
            "next_earlier": next_url(request, page.earlier.next, list="earlier"),
            "earlier_open": listing == "earlier",
            "adoption": page.adoption,
            "signatures": page.signatures,
            "chairs_statements": page.chairs_statements,
            "is_chair": user.is_chair,
            # a co-chair of the text's meeting issues its revisions and puts it to adoption
            "presides": presides(user, document.meeting_id),
            "is_head": user.is_head,
            "my_state_code": user.state_id,
            "revisions": range(1, document.current_revision + 1),
            "acts": AdoptionAct.Act,
        },
    )


@login_required
@document_found
def revision_page(request: HttpRequest, document_id: int, number: int) -> HttpResponse:
    view = selectors.get_revision(request.user, document_id, number)
    labels = view.value.labels()
    return render(
        request,
        "negotiation/revision.html",
        {
            "document": view.document,
            "revision": view.value,
            "row": view.row,
            "paragraphs": [(labels[p.id], p) for p in view.value.paragraphs],
        },
    )


@login_required
@document_found
def redline_page(request: HttpRequest, document_id: int) -> HttpResponse:
    document = selectors.get_document(request.user, document_id)
    try:
        low = whole_number(request.GET.get("from") or "1", field="from", maximum=MAX_REVISION)
        high = whole_number(
            request.GET.get("to") or str(document.current_revision),
            field="to",
            maximum=MAX_REVISION,
        )
        line = selectors.get_redline(request.user, document_id, low, high)
        error = ""
    except (ValueError, DomainError) as problem:
        line, error = None, getattr(problem, "message", _("Revision numbers are whole numbers."))
    return render(
        request,
        "negotiation/redline.html",
        {
            "document": document,
            "line": line,
            "error": error,
            "revisions": range(1, document.current_revision + 1),
        },
    )


@_acting
def propose(request: HttpRequest, document_id: int) -> None:
    post = request.POST
    paragraph = post.get("paragraph_id") or None
    services.propose_amendment(
        actor=_actor(request),
        document_id=document_id,
        against=whole_number(post.get("against"), field="against", maximum=MAX_REVISION),
        kind=post.get("kind", ""),
        paragraph_id=whole_number(paragraph, field="paragraph_id") if paragraph else None,
        text=post.get("text", ""),
        quote=post.get("quote") or None,
        paragraph_kind=post.get("paragraph_kind") or None,
        translations=_wordings(post),
    )


def _wordings(post: Any) -> dict[str, dict[str, Any]]:
    """The amendment's wording in each other language version the form was given."""
    out: dict[str, dict[str, Any]] = {}
    for code in negotiation.VERSION_LANGUAGES:
        text, quote = post.get(f"text-{code}", ""), post.get(f"quote-{code}", "")
        if text.strip() or quote.strip():
            out[code] = {"text": text, "quote": quote.strip() or None}
    return out


@_acting
def amendment_action(request: HttpRequest, document_id: int, code: str, action: str) -> None:
    act = {
        "support": services.support_amendment,
        "oppose": services.oppose_amendment,
        "withdraw": services.withdraw_amendment,
    }.get(action)
    if act is None:
        raise InvalidInput(_("Unknown action."))
    act(actor=_actor(request), document_id=document_id, code=code)


@_acting
def issue_revision(request: HttpRequest, document_id: int) -> None:
    post = request.POST
    decisions = {
        k[len("decision-") :]: str(v) for k, v in post.items() if k.startswith("decision-")
    }
    try:
        resolutions = {
            whole_number(k[len("resolve-") :], field="bracket"): whole_number(
                str(v), field="alternative", minimum=0, maximum=1000
            )
            for k, v in post.items()
            if k.startswith("resolve-") and v != ""
        }
    except InvalidInput:
        raise InvalidInput(
            _("A bracket is resolved by choosing one of its alternatives.")
        ) from None
    services.issue_revision(
        actor=_actor(request),
        document_id=document_id,
        decisions=decisions,
        resolutions=resolutions,
        based_on=(
            whole_number(post["based_on"], field="based_on", maximum=MAX_REVISION)
            if post.get("based_on")
            else None
        ),
    )


@_acting
def open_adoption(request: HttpRequest, document_id: int) -> None:
    services.open_adoption(
        actor=_actor(request),
        document_id=document_id,
        kind=request.POST.get("kind", ""),
        deadline=_when(request.POST.get("deadline"), _("deadline")),
    )


@_acting
def adoption_act(request: HttpRequest, document_id: int) -> None:
    post = request.POST
    actor = _actor(request)
    act = post.get("act", "")
    reason = post.get("reason", "")
    paragraphs = [p for p in post.get("paragraphs", "").replace(",", " ").split() if p]
    confirm_by = None
    if act == AdoptionAct.Act.APPROVE_AD_REF:
        confirm_by = _when(post.get("confirm_by"), _("confirm by"))
    perform_act(
        actor=actor,
        document_id=document_id,
        asked=ActRequest(act, reason, confirm_by, paragraphs),
    )


@_acting
def chairs_statement(request: HttpRequest, document_id: int) -> None:
    services.issue_chairs_statement(
        actor=_actor(request), document_id=document_id, text=request.POST.get("text", "")
    )

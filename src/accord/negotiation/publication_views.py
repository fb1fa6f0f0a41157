"""Pages of an adopted text: signing it, its verification bundle, its exports, and the
public page and downloads of a published document (no sign-in for a public one)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.domain.errors import DomainError, InvalidInput
from accord.edge.pagination import MAX_SIZE, PageRequest
from accord.edge.params import loads_bounded
from accord.edge.requests import acting_user as _actor
from accord.members.public_ids import RowKey
from accord.negotiation import exports, selectors, services
from accord.negotiation.page_guards import document_found
from accord.negotiation.publication import publication
from accord.negotiation.signing_boxes import text_signing_box


def _bundle_name(document_id: RowKey) -> str:
    # The public id: the row's key would tell how many documents the host holds (issue 11).
    return f'attachment; filename="document-{document_id.public_id}-bundle.json"'


@login_required
@document_found
def sign_page(request: HttpRequest, document_id: int) -> HttpResponse:
    """Signing: download the bundle, sign it offline (`accord sign`) or in the browser,
    and submit the signed bundle. The private key never comes to this server."""
    document = selectors.get_document(request.user, document_id)
    if request.method == "POST":
        raw = request.POST.get("signed", "")
        upload = request.FILES.get("signed_file")
        try:
            if upload is not None:
                if (upload.size or 0) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                    raise InvalidInput(_("bundle-format: the signed bundle is too large"))
                raw = upload.read().decode("utf-8", errors="replace")
            try:
                body = loads_bounded(raw)
            except ValueError:
                raise InvalidInput(_("bundle-format: the signed bundle is not JSON")) from None
            actor = _actor(request)
            services.submit_signature(
                actor=actor,
                document_id=document_id,
                signature=services.signature_from(body, actor),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your state's signature was accepted."))
            return redirect("negotiation:document", document_id)
    return render(
        request,
        "negotiation/sign.html",
        {
            "document": document,
            # One state, one signature: a page holds every member state's.
            "signatures": selectors.list_signatures(
                request.user, document_id, page=PageRequest(size=MAX_SIZE)
            ),
            "signing": text_signing_box(request.user, document),
        },
    )


@login_required
@document_found
def bundle(request: HttpRequest, document_id: RowKey) -> HttpResponse:
    try:
        data = selectors.get_bundle(request.user, document_id)
    except DomainError as error:
        return JsonResponse({"detail": error.message}, status=409)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = _bundle_name(document_id)
    return response


@login_required
@document_found
def export(request: HttpRequest, document_id: int, fmt: str) -> HttpResponse:
    try:
        return exports.export_response(request.user, document_id, fmt)
    except InvalidInput:
        raise Http404(_("Unknown format.")) from None


@document_found
def public_page(request: HttpRequest, document_id: int) -> HttpResponse:
    """The published document: no sign-in needed for a public one; what rule 5 hides is a 404."""
    published = publication(request.user, document_id)
    if not published.adopted and published.chair_statement is None:
        raise Http404(_("Not published."))
    return render(request, "negotiation/public.html", {"pub": published})


@document_found
def public_bundle(request: HttpRequest, document_id: RowKey) -> HttpResponse:
    try:
        data = selectors.get_bundle(request.user, document_id)
    except DomainError:
        raise Http404(_("Not published.")) from None
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = _bundle_name(document_id)
    return response


@document_found
def public_export(request: HttpRequest, document_id: int, fmt: str) -> HttpResponse:
    published = publication(request.user, document_id)
    if not published.adopted and published.chair_statement is None:
        raise Http404(_("Not published."))
    try:
        return exports.export_response(request.user, document_id, fmt)
    except InvalidInput:
        raise Http404(_("Unknown format.")) from None

"""The register page: every document the reader may see, by symbol, with its original
language, distribution level and derestriction date. Open to the public (who see the
general documents and those derestricted)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain.errors import InvalidInput
from accord.edge.pagination import next_url, page_request
from accord.edge.params import whole_number
from accord.edge.requests import bad_address_as_422, not_found_as_404
from accord.languages.labels import language_name
from accord.registry import selectors
from accord.registry.agreed_language import suggest_agreed_language
from accord.registry.labels import distribution_name, original_line


@bad_address_as_422
def register_page(request: HttpRequest) -> HttpResponse:
    rows = selectors.register_rows(
        request.user, timezone.now().date(), page=page_request(request.GET)
    )
    return render(
        request,
        "registry/register.html",
        {
            "rows": [
                {
                    "row": row,
                    # A symbol may break after each "/" on a narrow screen.
                    "parts": row.entry.symbol.split("/"),
                    "original": original_line(row.entry.original_language),
                    "level": distribution_name(row.level),
                    "anchor": row.entry.symbol.replace("/", "-").replace(".", ""),
                    "parent_anchor": (row.parent_symbol or "").replace("/", "-").replace(".", ""),
                }
                for row in rows
            ],
            "signed_in": request.user.is_authenticated,
            "next_url": next_url(request, rows.next),
        },
    )


@login_required
@not_found_as_404
def agreed_language_page(request: HttpRequest, document_id: int) -> HttpResponse:
    """Agreed language for the amendment form: a fragment the form fetches as the drafter
    writes (htmx), or a page of its own without script."""
    raw = request.GET.get("paragraph_id") or None
    error = ""
    try:
        paragraph = whole_number(raw, field="paragraph_id") if raw else None
        language, found = suggest_agreed_language(
            request.user,
            document_id,
            language=request.GET.get("language") or None,
            paragraph_id=paragraph,
            text=request.GET.get("text", ""),
        )
    except InvalidInput as refused:
        language, found, error = "", (), refused.message
    context = {
        "document_id": document_id,
        "language": language,
        "error": error,
        "suggestions": [
            {
                "citation": _("Agreed language from %(source)s, %(paragraph)s")
                % {"source": s.paragraph.source, "paragraph": s.paragraph.label},
                "text": s.text,
                "others": [
                    (code, language_name(code), text)
                    for code, text in s.paragraph.texts.items()
                    if code != s.language
                ],
            }
            for s in found
        ],
        "language_name": language_name(language) if language else "",
    }
    fragment = request.headers.get("HX-Request") == "true"
    template = "registry/_agreed_language.html" if fragment else "registry/agreed_language.html"
    return render(request, template, context)

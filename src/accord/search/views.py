"""The search page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from accord.domain.errors import InvalidInput
from accord.edge.pagination import next_url, page_request
from accord.edge.requests import acting_user
from accord.search import selectors


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    kind = request.GET.get("kind") or None
    results = None
    error = None
    context: dict[str, object] = {}
    if query:
        try:
            results = selectors.search(
                acting_user(request), query, kind=kind, page=page_request(request.GET)
            )
        except InvalidInput as problem:
            error = problem.message
        else:
            context = {
                f"next_{name}": next_url(request, getattr(results, name).next, kind=name)
                for name in selectors.KINDS
            }
            context["documents"] = [_shown(d, results) for d in results.documents]
    context.update({"query": query, "kind": kind, "results": results, "error": error})
    return render(request, "search/search.html", context)


def _shown(document: Any, results: selectors.SearchResults) -> tuple[Any, str, str, str | None]:
    """(document, the title shown, its language, symbol): the title of the version in the
    reader's interface language where the text has one, else the document's own."""
    titles = results.titles.get(document.pk, {})
    language = (get_language() or "en")[:2]
    if language in titles:
        return document, titles[language], language, results.symbols.get(document.pk)
    return document, document.title, "", results.symbols.get(document.pk)

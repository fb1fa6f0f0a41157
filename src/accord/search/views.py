"""The search page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
            context["documents"] = [(d, results.symbols.get(d.pk)) for d in results.documents]
    context.update({"query": query, "kind": kind, "results": results, "error": error})
    return render(request, "search/search.html", context)

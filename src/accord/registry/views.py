"""The register page: every document the reader may see, by symbol, with its original
language, distribution level and derestriction date. Open to the public (who see the
general documents and those derestricted)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accord.registry import selectors
from accord.registry.labels import distribution_name, original_line


def register_page(request: HttpRequest) -> HttpResponse:
    rows = selectors.register_rows(request.user, timezone.now().date())
    return render(
        request,
        "registry/register.html",
        {
            "rows": [
                {
                    "row": row,
                    "original": original_line(row.entry.original_language),
                    "level": distribution_name(row.level),
                    "anchor": row.entry.symbol.replace("/", "-").replace(".", ""),
                    "parent_anchor": (row.parent_symbol or "").replace("/", "-").replace(".", ""),
                }
                for row in rows
            ],
            "signed_in": request.user.is_authenticated,
        },
    )

"""The negotiation pages' guard: a document the reader may not see is a 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accord.domain.errors import NotFound

View = Callable[..., HttpResponse]


def document_found(view: View) -> View:
    """NotFound from a selector is the page's 404 (absent and hidden alike)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404(_("No such document.")) from None

    return wrapper

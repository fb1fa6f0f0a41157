"""What was typed into a refused form, kept for the page the browser is sent back to.

A page that answers a refused form with a redirect (post/redirect/get) would show the
form empty again. `keep_typed` keeps the fields in the session for that one page;
`typed_for` hands them to it once (the layout's context, `typed`), and the form's fields
read them back (`value="{{ typed.title }}"`). Secrets and tokens are never kept."""

from __future__ import annotations

from urllib.parse import urlparse

from django.http import HttpRequest

from accord.site.refusals import Refusal

KEY = "accord_typed"
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "form_token", "password", "code", "signed"})
MAX_CHARACTERS = 20000


class Typed(dict[str, str]):
    """Field -> the last value typed; `lists` holds every value (multiple selects)."""

    def __init__(self, lists: dict[str, list[str]], errors: dict[str, str] | None = None) -> None:
        super().__init__({k: v[-1] for k, v in lists.items() if v})
        self.lists = lists
        self.errors = errors or {}  # field -> the refusal's sentence, shown at the field

    def nth(self, field: str, index: int) -> str:
        values = self.lists.get(field, [])
        return values[index] if 0 <= index < len(values) else ""


def keep_typed(request: HttpRequest, back: str, refusal: Refusal | None = None) -> None:
    """Keep the POSTed fields (and the refusal, at its field) for the page at `back`."""
    session = getattr(request, "session", None)
    if session is None:
        return
    lists = {
        k: [v[:MAX_CHARACTERS] for v in values]
        for k, values in request.POST.lists()
        if k not in NOT_KEPT
    }
    errors = {refusal.field: refusal.message} if refusal and refusal.field else {}
    session[KEY] = {"path": urlparse(back).path, "values": lists, "errors": errors}


def typed_for(request: HttpRequest) -> Typed:
    """What was typed into the form refused on this page, once; empty otherwise."""
    session = getattr(request, "session", None)
    if session is None or KEY not in session or request.method != "GET":
        return Typed({})
    kept = session.get(KEY) or {}
    if kept.get("path") != request.path:
        return Typed({})
    del session[KEY]
    return Typed(kept.get("values") or {}, kept.get("errors") or {})

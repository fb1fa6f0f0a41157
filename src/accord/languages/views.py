"""The language versions page: two versions side by side, paragraphs aligned, with what the
text still needs before adoption (versions missing or unverified, concordance findings)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.domain.errors import DomainError
from accord.edge.fields import MAX_REVISION
from accord.edge.params import whole_number
from accord.edge.requests import acting_user, form_action, not_found_as_404
from accord.languages import selectors, services
from accord.languages.demo_versions import TITLES as DEMO_TITLES
from accord.languages.labels import finding_sentence
from accord.languages.models import LANGUAGE_CHOICES

NAMES = dict(LANGUAGE_CHOICES)


def _joined(names: Iterable[object]) -> str:
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(str(n) for n in names)


def _pick(raw: str | None, codes: list[str], default: str) -> str:
    return raw if raw in codes else default


@login_required
@not_found_as_404
def versions_page(request: HttpRequest, document_id: int) -> HttpResponse:
    raw = request.GET.get("revision")
    try:
        number = whole_number(raw, field="revision", maximum=MAX_REVISION) if raw else None
    except DomainError:
        number = None  # a revision number that is not one: the current revision
    view = selectors.get_versions(request.user, document_id, number)
    codes = list(view.versions)
    present = [c for c in codes if view.versions[c] is not None]
    left = _pick(request.GET.get("left"), present, view.working_language)
    others = [c for c in present if c != left]
    right = _pick(request.GET.get("right"), others, others[0] if others else left)
    rows = []
    if left != right:
        rows = selectors.side_by_side(request.user, document_id, left, right, view.row.number)
    state = view.readiness
    reviews = selectors.reviewer_languages(request.user)
    return render(
        request,
        "languages/versions.html",
        {
            "document": view.document,
            "row": view.row,
            "languages": [(c, NAMES.get(c, c), view.versions[c] is not None) for c in codes],
            "left": left,
            "right": right,
            "left_name": NAMES.get(left, left),
            "right_name": NAMES.get(right, right),
            "rows": rows,
            "missing": _joined(NAMES.get(c, c) for c in state.missing),
            "unverified": _joined(NAMES.get(c, c) for c in state.unverified),
            "findings": [
                (finding_sentence(f), state.explanations.get(f.key)) for f in state.findings
            ],
            "ready": state.ready,
            # What the reader, a legal-linguistic reviewer, may verify here.
            "to_verify": [
                (c, NAMES.get(c, c))
                for c in state.unverified
                if c in reviews and c not in state.missing
            ],
            "revisions": range(1, view.document.current_revision + 1),
            "illustrative": view.document.title in DEMO_TITLES,
        },
    )


@login_required
@require_POST
@not_found_as_404
def verify_version(request: HttpRequest, document_id: int) -> HttpResponse:
    """A reviewer marks one language version of one revision verified (a form of the page)."""
    view = selectors.get_versions(request.user, document_id)
    language = request.POST.get("language", "")[:8]
    raw = request.POST.get("revision", "")
    back = reverse("languages:versions", args=[view.document])
    if raw.isascii() and raw.isdigit() and len(raw) <= 6:
        back += f"?revision={raw}"  # back to the revision the reviewer was reading

    def verify() -> object:
        number = whole_number(request.POST.get("revision"), field="revision", maximum=MAX_REVISION)
        return services.verify_version(
            actor=acting_user(request), document_id=document_id, number=number, language=language
        )

    done = _("You verified the %(language)s version.") % {"language": NAMES.get(language, "")}
    return form_action(request, back, verify, done)

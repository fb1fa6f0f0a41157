"""The adoption gate of rule 8: a text in several languages is put to adoption only when
every version is there and verified and every concordance finding is clean or explained.

Registered in `negotiation.adoption_services.ADOPTION_GATES` when the app is ready.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.domain import negotiation
from accord.domain.errors import RuleViolation
from accord.languages.labels import language_names
from accord.languages.selectors import readiness, setting_of, versions_in
from accord.negotiation.models import Document, Revision


def require_versions_ready(document: Document, row: Revision) -> None:
    """RuleViolation naming what is missing; nothing for a one-language document."""
    state = readiness(document, row)
    if state.missing:
        raise RuleViolation(
            _("The text cannot be put to adoption: no version yet in %(languages)s.")
            % {"languages": language_names(state.missing)},
            code="versions_missing",
        )
    if state.unverified:
        raise RuleViolation(
            _("The text cannot be put to adoption: the version in %(languages)s is not verified.")
            % {"languages": language_names(state.unverified)},
            code="versions_unverified",
        )
    if state.unexplained:
        raise RuleViolation(
            ngettext(
                "The text cannot be put to adoption: %(count)d concordance finding between its "
                "versions is not explained.",
                "The text cannot be put to adoption: %(count)d concordance findings between its "
                "versions are not explained.",
                len(state.unexplained),
            )
            % {"count": len(state.unexplained)},
            code="concordance_unexplained",
        )


def text_with_versions(document: Document, row: Revision, text: dict[str, Any]) -> dict[str, Any]:
    """The adopted text with every language version (one-language documents: unchanged)."""
    working, codes = setting_of(document)
    if len(codes) < 2:
        return text
    present = {c: v for c, v in versions_in(document, row).items() if v is not None}
    return negotiation.with_versions(text, language=working, versions=present)

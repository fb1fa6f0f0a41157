"""Display labels for the codes of adoption procedures, for use inside translated sentences.

A sentence such as "The adoption procedure is closed (%(outcome)s)" must receive the label in
the reader's language, never the stored code (`returned-to-negotiation`, `silence`). The
labels are lower-case, to sit inside a sentence; the model choices keep the capitalised ones
for headings and lists. "adopted" and "pending" carry a context because an agenda's
"adopted" and a notification's "pending" translate differently.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy

OUTCOME_LABELS: dict[str, Promise] = {
    "pending": pgettext_lazy("adoption outcome", "pending"),
    "adopted": pgettext_lazy("adoption outcome", "adopted"),
    "returned-to-negotiation": pgettext_lazy("adoption outcome", "returned to negotiation"),
    "failed": pgettext_lazy("adoption outcome", "failed"),
}

PROCEDURE_LABELS: dict[str, Promise] = {
    "consensus": gettext_lazy("consensus in session"),
    "silence": gettext_lazy("silence procedure"),
}


def outcome_label(code: str) -> str:
    """The adoption outcome `code` as the reader's language says it (KeyError if unknown)."""
    return str(OUTCOME_LABELS[code])


def procedure_label(code: str) -> str:
    """The adoption procedure `code` (consensus | silence) in the reader's language."""
    return str(PROCEDURE_LABELS[code])

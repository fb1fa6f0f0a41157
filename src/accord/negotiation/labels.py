"""Display labels for the codes of adoption procedures, for use inside translated sentences,
and the reader's-language form of the chair's statement's stored label and notice.

A sentence such as "The adoption procedure is closed (%(outcome)s)" must receive the label in
the reader's language, never the stored code (`returned-to-negotiation`, `silence`). The
labels are lower-case, to sit inside a sentence; the model choices keep the capitalised ones
for headings and lists. "adopted" and "pending" carry a context because an agenda's
"adopted" and a notification's "pending" translate differently.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy

from accord.domain import consensus

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


# A chair's statement stores the domain's English label and notice (they are part of its
# record); a page shows them in the reader's language.
CHAIR_STATEMENT_TEXTS: dict[str, Promise] = {
    consensus.CHAIR_STATEMENT_LABEL: gettext_lazy("Chair's statement"),
    consensus.CHAIR_STATEMENT_NOTICE: gettext_lazy(
        "Issued under the chair's own responsibility. It was not agreed by the members "
        "and is not signed by them."
    ),
}


def chair_statement_text(stored: str) -> str:
    """The stored label or notice of a chair's statement in the reader's language (a text
    stored by another version of the domain is shown as stored)."""
    known = CHAIR_STATEMENT_TEXTS.get(stored)
    return str(known) if known is not None else stored

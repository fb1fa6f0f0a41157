"""The language versions of a revision, for the apps that may not read the languages app.

The languages app keeps the versions (`accord.languages`); the mediator, beside it in the
same layer, must stay independent of it. Both may use negotiation, so the reading is
offered here: the languages app registers its reader when it is ready (`READERS`), as it
registers its adoption gate, and `aligned_versions` answers through it.

The caller has already read the document through a selector scoped to its viewer (rule 5):
this only turns that document's revision into its versions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from accord.domain import negotiation
from accord.negotiation.models import Document, Revision

# (document, revision row) -> (working language, each language -> its version or None).
Reader = Callable[[Document, Revision], tuple[str, Mapping[str, negotiation.Revision | None]]]
READERS: list[Reader] = []


def aligned_versions(
    document: Document, row: Revision
) -> tuple[str, dict[str, negotiation.Revision]]:
    """(the language `row` is written in, every present version of `row` by language).

    A document with one language, or no reader registered, answers an empty mapping: it
    has no aligned text in another language. Precondition: `document` was read for the
    viewer, and `row` is one of its revisions.
    """
    for read in READERS:
        working, versions = read(document, row)
        present = {code: v for code, v in versions.items() if v is not None}
        if len(present) > 1:
            return working, present
    return "", {}

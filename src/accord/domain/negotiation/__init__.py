"""Negotiation text: the public face of DESIGN §2 rule 4 for the rest of the code.

Import from here (`from accord.domain import negotiation`); the modules of this package behind
it are an implementation detail. Everything is pure: frozen dataclasses in, frozen dataclasses
out, `accord.domain.errors` exceptions for refusals.

The flow the app drives::

    rev1 = new_draft(document_id="d1", title="Joint statement", chair="KAZ",
                     paragraphs=[(ParagraphKind.OPERATIVE, "We welcome the dialogue.")])
    a = propose_amendment(rev1, amendment_id="A1", proposer="CHN", against=1,
                          kind=AmendmentKind.REPLACE_SPAN, paragraph_id=1,
                          span=find_span(rev1.paragraph(1), "welcome"), text="note")
    a = support(a, "RUS", current_revision=1)
    rev2 = issue_revision(rev1, chair="KAZ", amendments=[a], decisions={"A1": Decision.BRACKETED})
    # rev2.paragraph(1).render() == "We [welcome / note] the dialogue."
    rev3 = issue_revision(rev2, chair="KAZ", amendments=[], decisions={}, resolutions={1: 1})
    line = redline([rev1, rev2, rev3], 1, 3)        # apply_redline(rev1, line) == rev3
    text = adopted_text(rev3)                       # RuleViolation while brackets remain
"""

from accord.domain.negotiation.amendments import (
    Amendment,
    AmendmentKind,
    Span,
    find_span,
    oppose,
    propose_amendment,
    support,
    withdraw,
)
from accord.domain.negotiation.canonical import (
    REVISION_FORMAT,
    TEXT_FORMAT,
    adopted_text,
    canonical_revision_bytes,
    paragraph_to_dict,
    revision_from_dict,
    revision_hash,
    revision_to_dict,
    text_hash,
)
from accord.domain.negotiation.in_context import Piece, in_brief, in_context, word_changes
from accord.domain.negotiation.redline import (
    ChangeKind,
    Hunk,
    ParagraphChange,
    Redline,
    apply_redline,
    redline,
    tokens,
)
from accord.domain.negotiation.revision import issue_revision
from accord.domain.negotiation.text import (
    Alternative,
    AmendmentRecord,
    Bracket,
    Decision,
    Paragraph,
    ParagraphKind,
    ParagraphStatus,
    ResolutionRecord,
    Revision,
    Segment,
    Text,
    new_draft,
    normalise_segments,
)
from accord.domain.negotiation.translated import (
    Wording,
    bracket_count,
    check_wording,
    next_version,
)
from accord.domain.negotiation.versions import (
    EMPTY_ALTERNATIVE,
    VERSION_KEYS,
    VERSION_LANGUAGES,
    align_version,
    parse_paragraph,
    version_entry,
    with_versions,
)

__all__ = [
    "EMPTY_ALTERNATIVE",
    "REVISION_FORMAT",
    "TEXT_FORMAT",
    "VERSION_KEYS",
    "VERSION_LANGUAGES",
    "Alternative",
    "Amendment",
    "AmendmentKind",
    "AmendmentRecord",
    "Bracket",
    "ChangeKind",
    "Decision",
    "Hunk",
    "Paragraph",
    "ParagraphChange",
    "ParagraphKind",
    "ParagraphStatus",
    "Piece",
    "Redline",
    "ResolutionRecord",
    "Revision",
    "Segment",
    "Span",
    "Text",
    "Wording",
    "adopted_text",
    "align_version",
    "apply_redline",
    "bracket_count",
    "canonical_revision_bytes",
    "check_wording",
    "find_span",
    "in_brief",
    "in_context",
    "issue_revision",
    "new_draft",
    "next_version",
    "normalise_segments",
    "oppose",
    "paragraph_to_dict",
    "parse_paragraph",
    "propose_amendment",
    "redline",
    "revision_from_dict",
    "revision_hash",
    "revision_to_dict",
    "support",
    "text_hash",
    "tokens",
    "version_entry",
    "with_versions",
    "withdraw",
    "word_changes",
]

"""Agreed language (a translation memory, DESIGN §2 rule 8): the aligned paragraphs of
adopted texts, offered to whoever drafts an amendment, ranked by how close they are to the
words being written or the paragraph being amended, in the drafter's language.

Import from here (`from accord.domain import agreed_language`)."""

from accord.domain.agreed_language.ranking import (
    DEFAULT_LIMIT,
    MINIMUM_SCORE,
    AgreedParagraph,
    Suggestion,
    rank_agreed_language,
    similarity,
)

__all__ = [
    "DEFAULT_LIMIT",
    "MINIMUM_SCORE",
    "AgreedParagraph",
    "Suggestion",
    "rank_agreed_language",
    "similarity",
]

"""What the consultations' services publish: their course, statements, votes, the maps."""

from __future__ import annotations

from dataclasses import dataclass

from accord.domain import events

from .base import Published, absent


@dataclass(frozen=True, kw_only=True)
class ConsultationCreated(Published):
    KIND = events.CONSULTATION_CREATED
    title: str
    kind: str
    visibility: str
    states: tuple[str, ...]  # the named states of a restricted consultation
    statements: int  # how many were seeded


@dataclass(frozen=True, kw_only=True)
class ConsultationClosed(Published):
    KIND = events.CONSULTATION_CLOSED
    consultation: str


@dataclass(frozen=True, kw_only=True)
class ConsultationInvited(Published):
    KIND = events.CONSULTATION_INVITED
    consultation: str
    user: str


@dataclass(frozen=True, kw_only=True)
class ConsultationImported(Published):
    KIND = events.CONSULTATION_IMPORTED
    consultation: str
    format: str
    files_sha256: str
    statements: int
    votes: int


@dataclass(frozen=True, kw_only=True)
class ConsultationStatementSubmitted(Published):
    """The digest, not the text: a statement awaiting moderation is for the moderators and
    its author, and a rejected one stays so."""

    KIND = events.CONSULTATION_STATEMENT_SUBMITTED
    consultation: str
    text_sha256: str
    status: str


@dataclass(frozen=True, kw_only=True)
class ConsultationStatementModerated(Published):
    KIND = events.CONSULTATION_STATEMENT_MODERATED
    consultation: str
    statement: int
    status: str


@dataclass(frozen=True, kw_only=True)
class ConsultationVoteCast(Published):
    KIND = events.CONSULTATION_VOTE_CAST
    consultation: str
    state: str | None = absent()  # the voting state, in a state consultation
    statement: int
    vote: str


@dataclass(frozen=True, kw_only=True)
class ConsultationVotesCast(Published):
    KIND = events.CONSULTATION_VOTES_CAST
    consultation: str
    state: str | None = absent()  # the voting state, in a state consultation
    count: int
    votes_digest: str


@dataclass(frozen=True, kw_only=True)
class ConsultationAnalysisUpdated(Published):
    KIND = events.CONSULTATION_ANALYSIS_UPDATED
    consultation: str
    at_seq: int
    vote_count: int
    result_sha256: str

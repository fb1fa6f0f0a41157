"""The Pol.is export format: comments.csv, votes.csv, participants-votes.csv, and its records.

Reading is in `reading`, writing in `writing`.

The format (see ``compdemocracy/openData`` and ``math/src/polismath/darwin/export.clj``):

* ``votes.csv`` — ``timestamp,datetime,comment-id,voter-id,vote``; one row per vote *event*, so a
  changed vote appears more than once: the latest by ``timestamp`` wins (on equal timestamps the
  later row). ``vote`` is 1 agree, -1 disagree, 0 pass (the exporter's sign, not the database's).
* ``comments.csv`` — ``timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,
  comment-body``; ``moderated`` is 1 accepted, 0 unmoderated, -1 rejected.
* ``participants-votes.csv`` — one row per participant; two header layouts exist, with or without
  ``xid`` after ``participant``. Comment columns are located by name: everything after
  ``n-disagree``, each header a comment id; an empty cell is "did not vote".

Every reader validates the whole file before returning anything: a missing column or a bad cell
raises :class:`PolisFormatError` naming the file, the line (1-based, the header is line 1; for a
record spanning several lines, the line it starts on) and the column. Nothing partial is returned.
``datetime`` is carried through as text and never parsed (it is in the exporting server's zone).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from accord.domain.opinion.matrix import VoteMatrix

COMMENTS_FILE = "comments.csv"
VOTES_FILE = "votes.csv"
PARTICIPANTS_VOTES_FILE = "participants-votes.csv"

COMMENT_COLUMNS = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
VOTE_COLUMNS = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
PARTICIPANT_COLUMNS = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")


class PolisFormatError(ValueError):
    """A Pol.is export file is malformed; says where."""

    def __init__(self, file: str, line: int, column: str | None, message: str) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        where = f"{file}, line {line}" + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Comment:
    statement_id: int
    author_id: int
    agrees: int
    disagrees: int
    moderated: int  # 1 accepted, 0 not yet moderated, -1 rejected
    body: str
    timestamp: int  # ms since the epoch
    datetime: str = ""


@dataclass(frozen=True)
class Vote:
    participant_id: int
    statement_id: int
    vote: int  # 1 agree, -1 disagree, 0 pass
    timestamp: int
    datetime: str = ""


@dataclass(frozen=True)
class ParticipantVotes:
    participant_id: int
    xid: str
    group_id: int | None  # Pol.is's group at export time; None if not clustered
    n_comments: int
    n_votes: int
    n_agree: int
    n_disagree: int
    votes: tuple[tuple[int, int], ...]  # (statement id, vote), in column order


@dataclass(frozen=True)
class PolisExport:
    comments: tuple[Comment, ...]
    votes: tuple[Vote, ...]  # final votes, one per (participant, statement), sorted by both ids
    vote_events: int  # rows in votes.csv, re-votes included

    @property
    def rejected_statement_ids(self) -> tuple[int, ...]:
        return tuple(sorted(c.statement_id for c in self.comments if c.moderated == -1))

    def comment_by_id(self) -> dict[int, Comment]:
        return {c.statement_id: c for c in self.comments}

    def vote_matrix(self) -> VoteMatrix:
        """Participants who voted × every statement (commented or voted on), ids ascending."""
        return votes_to_matrix(self.votes, (c.statement_id for c in self.comments))


def votes_to_matrix(votes: Sequence[Vote], statement_ids: Iterable[int] = ()) -> VoteMatrix:
    """A VoteMatrix of final votes: rows are voters, columns the given and voted statements."""
    pids = np.fromiter((v.participant_id for v in votes), dtype=np.int64, count=len(votes))
    tids = np.fromiter((v.statement_id for v in votes), dtype=np.int64, count=len(votes))
    vals = np.fromiter((v.vote for v in votes), dtype=np.int8, count=len(votes))
    all_pids = np.unique(pids)
    all_tids = np.unique(np.concatenate([tids, np.fromiter(statement_ids, dtype=np.int64)]))
    return VoteMatrix.from_coo(
        np.searchsorted(all_pids, pids),
        np.searchsorted(all_tids, tids),
        vals,
        participant_ids=all_pids,
        statement_ids=all_tids,
    )

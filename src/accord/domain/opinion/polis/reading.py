"""Reading and writing the Pol.is export format: comments.csv, votes.csv, participants-votes.csv.

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

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from accord.domain.opinion_matrix import VoteMatrix

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


# --- reading -----------------------------------------------------------------------------------


class _Rows:
    """CSV records with the line each starts on, the header checked for required columns."""

    def __init__(self, stream: TextIO, name: str, required: Sequence[str]) -> None:
        self.name = name
        self._reader = csv.reader(stream, strict=True)
        try:
            header = next(self._reader)
        except StopIteration:
            raise PolisFormatError(name, 1, None, "the file is empty (no header row)") from None
        except csv.Error as exc:
            raise PolisFormatError(name, 1, None, f"unreadable CSV: {exc}") from None
        self.header = [h.strip() for h in header]
        for column in required:
            if column not in self.header:
                raise PolisFormatError(name, 1, column, "required column is missing")
        if len(set(self.header)) != len(self.header):
            dup = next(h for h in self.header if self.header.count(h) > 1)
            raise PolisFormatError(name, 1, dup, "column appears twice in the header")
        self.index = {h: i for i, h in enumerate(self.header)}

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        while True:
            start = self._reader.line_num + 1
            try:
                row = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise PolisFormatError(self.name, start, None, f"unreadable CSV: {exc}") from None
            if not row or row == [""]:
                continue  # blank line (e.g. a trailing newline)
            if len(row) != len(self.header):
                missing = self.header[len(row)] if len(row) < len(self.header) else None
                raise PolisFormatError(
                    self.name,
                    start,
                    missing,
                    f"expected {len(self.header)} fields, found {len(row)}",
                )
            yield start, row

    def int_at(self, line: int, row: list[str], column: str, allowed: Iterable[int] = ()) -> int:
        text = row[self.index[column]].strip()
        try:
            value = int(text)
        except ValueError:
            raise PolisFormatError(self.name, line, column, f"not an integer: {text!r}") from None
        allowed = tuple(allowed)
        if allowed and value not in allowed:
            raise PolisFormatError(
                self.name, line, column, f"{value} is not one of {', '.join(map(str, allowed))}"
            )
        if not allowed and column not in ("timestamp",) and value < 0:
            raise PolisFormatError(self.name, line, column, f"negative id or count: {value}")
        return value


def parse_comments(stream: TextIO, name: str = COMMENTS_FILE) -> tuple[Comment, ...]:
    rows = _Rows(stream, name, COMMENT_COLUMNS)
    out: list[Comment] = []
    seen: dict[int, int] = {}
    for line, row in rows:
        tid = rows.int_at(line, row, "comment-id")
        if tid in seen:
            raise PolisFormatError(
                name, line, "comment-id", f"comment {tid} already given on line {seen[tid]}"
            )
        seen[tid] = line
        out.append(
            Comment(
                statement_id=tid,
                author_id=rows.int_at(line, row, "author-id"),
                agrees=rows.int_at(line, row, "agrees"),
                disagrees=rows.int_at(line, row, "disagrees"),
                moderated=rows.int_at(line, row, "moderated", (-1, 0, 1)),
                body=row[rows.index["comment-body"]],
                timestamp=rows.int_at(line, row, "timestamp"),
                datetime=row[rows.index["datetime"]],
            )
        )
    return tuple(sorted(out, key=lambda c: c.statement_id))


def parse_votes(stream: TextIO, name: str = VOTES_FILE) -> tuple[tuple[Vote, ...], int]:
    """Final votes (latest by timestamp per participant and statement) and the number of rows."""
    rows = _Rows(stream, name, VOTE_COLUMNS)
    latest: dict[tuple[int, int], Vote] = {}
    events = 0
    for line, row in rows:
        events += 1
        vote = Vote(
            participant_id=rows.int_at(line, row, "voter-id"),
            statement_id=rows.int_at(line, row, "comment-id"),
            vote=rows.int_at(line, row, "vote", (-1, 0, 1)),
            timestamp=rows.int_at(line, row, "timestamp"),
            datetime=row[rows.index["datetime"]],
        )
        key = (vote.participant_id, vote.statement_id)
        previous = latest.get(key)
        # ">=": on a tie the later row is the later event (the export is in event order).
        if previous is None or vote.timestamp >= previous.timestamp:
            latest[key] = vote
    final = tuple(latest[k] for k in sorted(latest))
    return final, events


def parse_participants_votes(
    stream: TextIO, name: str = PARTICIPANTS_VOTES_FILE
) -> tuple[ParticipantVotes, ...]:
    rows = _Rows(stream, name, PARTICIPANT_COLUMNS)
    first_comment = rows.index["n-disagree"] + 1
    comment_ids: list[int] = []
    for column in rows.header[first_comment:]:
        try:
            comment_ids.append(int(column))
        except ValueError:
            raise PolisFormatError(name, 1, column, "comment column is not a comment id") from None
    has_xid = "xid" in rows.index
    out: list[ParticipantVotes] = []
    for line, row in rows:
        cells: list[tuple[int, int]] = []
        for offset, tid in enumerate(comment_ids):
            text = row[first_comment + offset].strip()
            if text == "":
                continue
            if text not in ("1", "-1", "0"):
                raise PolisFormatError(name, line, str(tid), f"a vote must be 1, -1 or 0: {text!r}")
            cells.append((tid, int(text)))
        group_text = row[rows.index["group-id"]].strip()
        out.append(
            ParticipantVotes(
                participant_id=rows.int_at(line, row, "participant"),
                xid=row[rows.index["xid"]] if has_xid else "",
                group_id=None if group_text == "" else rows.int_at(line, row, "group-id"),
                n_comments=rows.int_at(line, row, "n-comments"),
                n_votes=rows.int_at(line, row, "n-votes"),
                n_agree=rows.int_at(line, row, "n-agree"),
                n_disagree=rows.int_at(line, row, "n-disagree"),
                votes=tuple(cells),
            )
        )
    return tuple(out)


def _open(path: Path) -> TextIO:
    # newline="" as the csv module requires: quoted fields can hold newlines.
    return open(path, encoding="utf-8", newline="")


def read_comments(path: Path) -> tuple[Comment, ...]:
    with _open(path) as stream:
        return parse_comments(stream, str(path))


def read_votes(path: Path) -> tuple[tuple[Vote, ...], int]:
    with _open(path) as stream:
        return parse_votes(stream, str(path))


def read_participants_votes(path: Path) -> tuple[ParticipantVotes, ...]:
    with _open(path) as stream:
        return parse_participants_votes(stream, str(path))


def read_export(directory: Path) -> PolisExport:
    """comments.csv and votes.csv of an export folder; raises PolisFormatError on any defect."""
    for required in (COMMENTS_FILE, VOTES_FILE):
        if not (directory / required).is_file():
            raise PolisFormatError(str(directory / required), 0, None, "file not found")
    comments = read_comments(directory / COMMENTS_FILE)
    votes, events = read_votes(directory / VOTES_FILE)
    return PolisExport(comments=comments, votes=votes, vote_events=events)


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


# --- writing -----------------------------------------------------------------------------------


def format_comments(comments: Iterable[Comment]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COMMENT_COLUMNS)
    for c in comments:
        writer.writerow(
            [
                c.timestamp,
                c.datetime,
                c.statement_id,
                c.author_id,
                c.agrees,
                c.disagrees,
                c.moderated,
                c.body,
            ]
        )
    return buf.getvalue()


def format_votes(votes: Iterable[Vote]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(VOTE_COLUMNS)
    for v in sorted(votes, key=lambda v: (v.timestamp, v.participant_id, v.statement_id)):
        writer.writerow([v.timestamp, v.datetime, v.statement_id, v.participant_id, v.vote])
    return buf.getvalue()


def format_participants_votes(
    comments: Sequence[Comment],
    votes: Sequence[Vote],
    group_ids: dict[int, int] | None = None,
    xids: dict[int, str] | None = None,
) -> str:
    """The newer layout (with ``xid``); ``votes`` must be final votes (one per pair)."""
    group_ids = group_ids or {}
    xids = xids or {}
    tids = sorted({c.statement_id for c in comments} | {v.statement_id for v in votes})
    column = {tid: i for i, tid in enumerate(tids)}
    authored: dict[int, int] = {}
    for c in comments:
        authored[c.author_id] = authored.get(c.author_id, 0) + 1
    by_participant: dict[int, list[str]] = {}
    for v in votes:
        cells = by_participant.setdefault(v.participant_id, [""] * len(tids))
        cells[column[v.statement_id]] = str(v.vote)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["participant", "xid", *PARTICIPANT_COLUMNS[1:], *map(str, tids)])
    for pid in sorted(by_participant):
        cells = by_participant[pid]
        group = group_ids.get(pid)
        writer.writerow(
            [
                pid,
                xids.get(pid, ""),
                "" if group is None or group < 0 else group,
                authored.get(pid, 0),
                sum(1 for x in cells if x),
                cells.count("1"),
                cells.count("-1"),
                *cells,
            ]
        )
    return buf.getvalue()


def write_export(
    directory: Path,
    comments: Sequence[Comment],
    votes: Sequence[Vote],
    *,
    vote_events: Sequence[Vote] | None = None,
    group_ids: dict[int, int] | None = None,
) -> None:
    """Write comments.csv, votes.csv and participants-votes.csv into ``directory``.

    ``votes`` are the final votes; ``vote_events`` (re-votes included) go to votes.csv when given.
    Each file is written to a temporary name and renamed, so a reader never sees half a file.
    """
    directory.mkdir(parents=True, exist_ok=True)
    contents = {
        COMMENTS_FILE: format_comments(comments),
        VOTES_FILE: format_votes(vote_events if vote_events is not None else votes),
        PARTICIPANTS_VOTES_FILE: format_participants_votes(comments, votes, group_ids),
    }
    for name, text in contents.items():
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            os.replace(tmp, directory / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

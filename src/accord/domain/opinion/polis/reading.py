"""Reading the Pol.is export format; see `records` for the format and its validation rules."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from accord.domain.opinion.polis.records import (
    COMMENT_COLUMNS,
    COMMENTS_FILE,
    PARTICIPANT_COLUMNS,
    PARTICIPANTS_VOTES_FILE,
    VOTE_COLUMNS,
    VOTES_FILE,
    Comment,
    ParticipantVotes,
    PolisExport,
    PolisFormatError,
    Vote,
)


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

"""Writing the Pol.is export format; see `records` for the format."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from accord.domain.opinion.polis.records import (
    COMMENT_COLUMNS,
    COMMENTS_FILE,
    PARTICIPANT_COLUMNS,
    PARTICIPANTS_VOTES_FILE,
    VOTE_COLUMNS,
    VOTES_FILE,
    Comment,
    Vote,
)


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

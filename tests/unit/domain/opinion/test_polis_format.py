"""Pol.is export format: the real exports, re-votes, both header layouts, errors, writing."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.opinion.polis import (
    Comment,
    PolisFormatError,
    Vote,
    format_comments,
    parse_comments,
    parse_participants_votes,
    parse_votes,
    read_export,
    read_participants_votes,
    write_export,
)


def polis_data() -> Path:
    """ACCORD_POLIS_DATA, else <repo>/../shared/data/polis; skip only if the folder is absent."""
    env = os.environ.get("ACCORD_POLIS_DATA")
    repo = Path(__file__).resolve().parents[4]
    folder = Path(env) if env else repo.parent / "shared" / "data" / "polis"
    if not folder.is_dir():
        pytest.skip(f"Pol.is reference data not found at {folder} (set ACCORD_POLIS_DATA)")
    return folder


VOTES_HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"


def test_london_export_reads_with_revotes_resolved() -> None:
    export = read_export(polis_data() / "london.youth.policing")
    assert export.vote_events == 640
    assert len(export.votes) == 638
    assert len(export.comments) == 39
    assert len(export.rejected_statement_ids) == 3
    assert len({v.participant_id for v in export.votes}) == 26


@pytest.mark.parametrize(
    ("folder", "final_votes", "has_xid"),
    [
        ("london.youth.policing", 638, True),
        ("scoop-hivemind.biodiversity", 29_719, False),
        ("vtaiwan.uberx", 49_443, False),
    ],
)
def test_latest_votes_reproduce_participants_votes_in_both_layouts(
    folder: str, final_votes: int, has_xid: bool
) -> None:
    export = read_export(polis_data() / folder)
    rows = read_participants_votes(polis_data() / folder / "participants-votes.csv")
    from_matrix = {(r.participant_id, tid): v for r in rows for tid, v in r.votes}
    from_votes = {(v.participant_id, v.statement_id): v.vote for v in export.votes}
    assert len(from_votes) == final_votes
    assert from_matrix == from_votes
    assert all(r.n_votes == len(r.votes) for r in rows)
    header = (polis_data() / folder / "participants-votes.csv").read_text().split("\n", 1)[0]
    assert header.startswith("participant,xid,") is has_xid


def test_the_latest_vote_by_timestamp_wins_whatever_the_row_order() -> None:
    text = VOTES_HEADER + "200,x,5,1,-1\n100,x,5,1,1\n300,x,6,1,0\n300,x,6,1,1\n"
    votes, events = parse_votes(io.StringIO(text))
    assert events == 4
    assert votes == (
        Vote(participant_id=1, statement_id=5, vote=-1, timestamp=200, datetime="x"),
        Vote(participant_id=1, statement_id=6, vote=1, timestamp=300, datetime="x"),
    )


def test_a_missing_column_names_the_file_line_and_column() -> None:
    with pytest.raises(PolisFormatError) as info:
        parse_votes(io.StringIO("timestamp,datetime,comment-id,vote\n1,x,2,1\n"), "votes.csv")
    assert (info.value.file, info.value.line, info.value.column) == ("votes.csv", 1, "voter-id")
    assert str(info.value) == "votes.csv, line 1, column 'voter-id': required column is missing"


def test_a_bad_vote_value_names_its_line_and_column() -> None:
    text = VOTES_HEADER + "1,x,2,3,1\n2,x,2,4,yes\n"
    with pytest.raises(PolisFormatError) as info:
        parse_votes(io.StringIO(text), "votes.csv")
    assert (info.value.line, info.value.column) == (3, "vote")
    assert "not an integer: 'yes'" in str(info.value)
    with pytest.raises(PolisFormatError, match="line 2, column 'vote': 2 is not one of -1, 0, 1"):
        parse_votes(io.StringIO(VOTES_HEADER + "1,x,2,3,2\n"), "votes.csv")


def test_a_short_row_names_the_first_missing_column() -> None:
    with pytest.raises(PolisFormatError) as info:
        parse_votes(io.StringIO(VOTES_HEADER + "1,x,2,3,1\n1,x,2\n"), "votes.csv")
    assert (info.value.line, info.value.column) == (3, "voter-id")


def test_line_numbers_count_physical_lines_of_multiline_bodies() -> None:
    header = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    text = header + '1,x,0,1,0,0,1,"two\nlines, quoted ""here"""\n2,x,1,1,0,0,7,bad\n'
    with pytest.raises(PolisFormatError) as info:
        parse_comments(io.StringIO(text), "comments.csv")
    assert (info.value.line, info.value.column) == (4, "moderated")


def test_a_bad_participants_votes_cell_names_the_comment_column() -> None:
    text = (
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree,3,7\n"
        "0,,0,1,1,0,1,\n1,0,0,1,0,0,,x\n"
    )
    with pytest.raises(PolisFormatError) as info:
        parse_participants_votes(io.StringIO(text), "participants-votes.csv")
    assert (info.value.line, info.value.column) == (3, "7")
    rows = parse_participants_votes(io.StringIO(text.split("\n1,0,0")[0] + "\n"))
    assert rows[0].group_id is None and rows[0].votes == ((3, 1),)


def test_a_bad_file_in_a_folder_raises_and_returns_nothing(tmp_path: Path) -> None:
    (tmp_path / "comments.csv").write_text(format_comments([]))
    (tmp_path / "votes.csv").write_text(VOTES_HEADER + "1,x,0,0,1\n1,x,0,1,maybe\n")
    with pytest.raises(PolisFormatError, match=r"votes.csv, line 3, column 'vote'"):
        read_export(tmp_path)
    (tmp_path / "votes.csv").unlink()
    with pytest.raises(PolisFormatError, match="file not found"):
        read_export(tmp_path)


def test_writing_then_reading_gives_the_same_export(tmp_path: Path) -> None:
    source = read_export(polis_data() / "london.youth.policing")
    groups = {v.participant_id: v.participant_id % 3 for v in source.votes}
    write_export(tmp_path, source.comments, source.votes, group_ids=groups)
    again = read_export(tmp_path)
    assert again.comments == source.comments
    assert again.votes == source.votes
    rows = read_participants_votes(tmp_path / "participants-votes.csv")
    assert {r.participant_id: r.group_id for r in rows} == groups
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "comments.csv",
        "participants-votes.csv",
        "votes.csv",
    ]


bodies = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\x00"))


@settings(max_examples=50, deadline=None)
@given(st.lists(bodies, min_size=1, max_size=5))
def test_comment_bodies_survive_a_round_trip(texts: list[str]) -> None:
    comments = tuple(
        Comment(
            statement_id=i,
            author_id=1,
            agrees=0,
            disagrees=0,
            moderated=1,
            body=t,
            timestamp=1000 + i,
            datetime="d",
        )
        for i, t in enumerate(texts)
    )
    assert parse_comments(io.StringIO(format_comments(comments))) == comments

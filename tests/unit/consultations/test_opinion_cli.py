"""``accord opinion analyze``: table and JSON output on a real export, exit 2 on a bad file."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from accord.consultations.opinion_cli import analyze_command, truncate


def london() -> Path:
    env = os.environ.get("ACCORD_POLIS_DATA")
    repo = Path(__file__).resolve().parents[3]
    folder = Path(env) if env else repo.parent / "shared" / "data" / "polis"
    if not folder.is_dir():
        pytest.skip(f"Pol.is reference data not found at {folder} (set ACCORD_POLIS_DATA)")
    return folder / "london.youth.policing"


def test_table_lists_groups_consensus_and_bridging_statements() -> None:
    out = io.StringIO()
    assert analyze_command(london(), "table", out) == 0
    text = out.getvalue()
    assert "26 participants (24 grouped), 39 statements (3 rejected), 638 votes" in text
    assert "Groups: 4 (silhouette 0.48)" in text
    assert "  A        9 participants" in text
    assert "Consensus statements" in text and "Bridging statements" in text
    # Statement 17 is the top consensus and the top bridging statement; texts are cut to one line.
    assert (
        "  agree      91%    21     17  To provide incentives and to allow for true change to be"
        " made. Not…" in text
    )
    assert "   0.78   90%  78%  80%  80%     17  To provide incentives" in text
    assert max(len(line) for line in text.splitlines()) <= 110


def test_json_follows_the_documented_schema() -> None:
    out = io.StringIO()
    assert analyze_command(london(), "json", out, seed=0) == 0
    doc = json.loads(out.getvalue())
    assert doc["schema"] == 1
    assert (doc["participants"], doc["participants_clustered"], doc["votes"]) == (26, 24, 638)
    assert doc["vote_events"] == 640
    assert [g["size"] for g in doc["groups"]] == [9, 9, 3, 3]
    assert [g["label"] for g in doc["groups"]] == ["A", "B", "C", "D"]
    assert [c["statement_id"] for c in doc["consensus"]["agree"]] == [17, 27, 20, 23, 15]
    assert [c["statement_id"] for c in doc["consensus"]["disagree"]] == [7, 13, 11, 9]
    assert doc["bridging"][0]["statement_id"] == 17
    assert doc["bridging"][0]["score"] == pytest.approx(
        min(doc["bridging"][0]["agree_rate_by_group"])
    )
    rep = doc["groups"][0]["representative"][0]
    assert set(rep) == {
        "statement_id",
        "text",
        "repful_for",
        "n_success",
        "n_trials",
        "p_success",
        "p_test",
        "repness",
        "repness_test",
        "best_agree",
    }
    assert len(doc["statement_scores"]) == doc["statements"] == 39


def test_a_bad_csv_exits_2_naming_file_line_and_column(tmp_path: Path) -> None:
    source = london()
    (tmp_path / "comments.csv").write_bytes((source / "comments.csv").read_bytes())
    lines = (source / "votes.csv").read_text().splitlines()
    lines[5] = lines[5].rsplit(",", 1)[0] + ",agree"
    (tmp_path / "votes.csv").write_text("\n".join(lines) + "\n")
    out, err = io.StringIO(), io.StringIO()
    assert analyze_command(tmp_path, "table", out, err=err) == 2
    assert out.getvalue() == ""
    assert err.getvalue() == (
        f"error: {tmp_path / 'votes.csv'}, line 6, column 'vote': not an integer: 'agree'\n"
    )


def test_a_missing_folder_exits_2(tmp_path: Path) -> None:
    err = io.StringIO()
    assert analyze_command(tmp_path / "nope", "json", io.StringIO(), err=err) == 2
    assert "comments.csv" in err.getvalue() and "file not found" in err.getvalue()


def test_truncate_counts_wide_characters_twice_and_cuts_at_words() -> None:
    assert truncate("short text") == "short text"
    assert truncate("one two three four", width=12) == "one two…"
    assert truncate("我覺得" * 10, width=10) == "我覺得我…"


def test_json_lists_every_participant_with_its_group_and_projection() -> None:
    """As Pol.is's participants-votes.csv gives each participant's group id."""
    out = io.StringIO()
    assert analyze_command(london(), "json", out, seed=0) == 0
    doc = json.loads(out.getvalue())
    rows = doc["participant_groups"]
    assert len(rows) == doc["participants"] == 26
    assert sum(1 for r in rows if r["in_conversation"]) == doc["participants_clustered"]
    sizes = {g["id"]: g["size"] for g in doc["groups"]}
    for group_id, size in sizes.items():
        assert sum(1 for r in rows if r["group_id"] == group_id) == size
    assert all(r["group_id"] is None for r in rows if not r["in_conversation"])
    assert all(len(r["projection"]) == 2 for r in rows)
    assert {r["group_label"] for r in rows} - {None} == {"A", "B", "C", "D"}

"""The `accord` commands that act on the database, run through `accord.site.cli.main`:
ledger export and verify (of a file and of the live chain), token create, tick, and
backup/restore."""

from __future__ import annotations

import json
import stat

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.test import Client

from accord.ledger.models import LedgerEntry, LedgerHead
from accord.members.models import ApiToken, SigningKey, State, User
from accord.site.cli import main

REGION_ENTRIES = 21  # see tests/integration/test_region_fixture.py


@pytest.fixture
def trust_file(region, tmp_path, capsys):
    path = tmp_path / "trust.json"
    assert main(["trust", "export", str(path)]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def exported(region, tmp_path, capsys, trust_file):
    path = tmp_path / "ledger.jsonl"
    assert main(["ledger", "export", str(path)]) == 0
    assert capsys.readouterr().out == (
        f"exported {REGION_ENTRIES} entries and a signed trailer to {path} "
        f"(head {REGION_ENTRIES}:{head_hash()})\n"
    )
    return path


def lines_of(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def verify_file(path, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["ledger", "verify", str(path), "--trust", str(path.parent / "trust.json"), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def head_hash() -> str:
    return LedgerHead.objects.get(id=1).entry_hash


# --- export and verify a file ---------------------------------------------------------------


def test_an_export_holds_every_entry_and_verifies(exported, capsys):
    lines = lines_of(exported)
    assert len(lines) == REGION_ENTRIES + 1  # and the trailer
    assert [json.loads(line)["seq"] for line in lines[:-1]] == list(range(1, REGION_ENTRIES + 1))
    assert "payload" not in json.loads(lines[0])
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600  # every body: the operator's only
    code, out, err = verify_file(exported, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"ledger ok: {REGION_ENTRIES} entries, head {head_hash()}"
    assert out.splitlines()[-1] == (
        "OK: the export is whole and signed by the log key the trust file pins (origin 127.0.0.1)"
    )


def test_a_changed_line_is_named(exported, capsys):
    lines = lines_of(exported)
    data = json.loads(lines[4])
    data["body"]["actor"] = "impostor"
    lines[4] = json.dumps(data)
    exported.write_text("\n".join(lines) + "\n")
    code, out, err = verify_file(exported, capsys)
    assert (code, out) == (1, "")
    assert err == (
        "ledger broken at entry 5: check 'body-digest' failed — entry 5 was changed "
        "(4 entries before it hold)\n"
    )


def test_a_deleted_line_is_named(exported, capsys):
    lines = lines_of(exported)
    del lines[9]
    exported.write_text("\n".join(lines) + "\n")
    code, _, err = verify_file(exported, capsys)
    assert code == 1
    assert err.startswith("ledger broken at entry 11: check 'sequence' failed — ")
    assert err.endswith("(9 entries before it hold)\n")


def test_reordered_lines_are_named(exported, capsys):
    lines = lines_of(exported)
    lines[2], lines[3] = lines[3], lines[2]
    exported.write_text("\n".join(lines) + "\n")
    code, _, err = verify_file(exported, capsys)
    assert code == 1
    assert err.startswith("ledger broken at entry 4: check 'sequence' failed — ")


def test_a_changed_hash_is_named(exported, capsys):
    lines = lines_of(exported)
    data = json.loads(lines[REGION_ENTRIES - 1])
    data["recorded_at"] = "2000-01-01T00:00:00.000000Z"
    lines[REGION_ENTRIES - 1] = json.dumps(data)
    exported.write_text("\n".join(lines) + "\n")
    code, _, err = verify_file(exported, capsys)
    assert code == 1
    assert err.startswith(f"ledger broken at entry {REGION_ENTRIES}: check 'entry-hash' failed")


def test_a_line_that_is_not_an_entry_is_named_by_line_number(exported, capsys):
    lines = lines_of(exported)
    lines[6] = '{"seq": 7}'
    exported.write_text("\n".join(lines) + "\n")
    code, out, err = verify_file(exported, capsys)
    assert (code, out) == (1, "")
    assert err == f"accord: {exported}, line 7: missing field 'prev_hash'\n"


def test_a_missing_file_fails(trust_file, capsys):
    code, _, err = verify_file(trust_file.parent / "absent.jsonl", capsys)
    assert code == 1
    assert err.startswith("accord: ")


# --- the live chain -------------------------------------------------------------------------


def verify_live(capsys) -> tuple[int, str, str]:
    code = main(["ledger", "verify"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_live_chain_verifies(region, capsys):
    assert verify_live(capsys) == (
        0,
        f"ledger ok: {REGION_ENTRIES} entries, head {head_hash()}\n",
        "",
    )


@pytest.mark.parametrize(
    ("change", "check"),
    [
        ({"action": "state.expelled"}, "body-digest"),
        ({"actor": "impostor"}, "body-digest"),
        ({"object_id": "XXX"}, "body-digest"),
        ({"payload": {"code": "TJK", "status": "observer", "joined_on": "2001-06-15"}}, None),
        ({"recorded_at_text": "2000-01-01T00:00:00.000000Z"}, "entry-hash"),
        ({"prev_hash": "0" * 64}, "previous-hash"),
        ({"entry_hash": "a" * 64}, "entry-hash"),
    ],
    ids=["action", "actor", "object", "payload", "time", "prev-hash", "entry-hash"],
)
def test_a_row_changed_in_the_database_is_named(region, capsys, change, check):
    target = LedgerEntry.objects.get(action="state.admitted", object_id="TJK")
    LedgerEntry.objects.filter(seq=target.seq).update(**change)
    code, out, err = verify_live(capsys)
    assert (code, out) == (1, "")
    expected = check or "payload-digest"
    assert err.startswith(f"ledger broken at entry {target.seq}: check '{expected}' failed")


def test_a_row_deleted_from_the_middle_is_named(region, capsys):
    LedgerEntry.objects.filter(seq=8).delete()
    code, _, err = verify_live(capsys)
    assert code == 1
    assert err.startswith("ledger broken at entry 9: check 'sequence' failed")


def test_rows_deleted_from_the_end_are_named(region, capsys):
    LedgerEntry.objects.filter(seq__gte=REGION_ENTRIES - 1).delete()
    code, _, err = verify_live(capsys)
    assert code == 1
    assert err.startswith(f"ledger broken at entry {REGION_ENTRIES - 1}: check 'head' failed")


def test_two_rows_swapped_in_the_database_are_named(region, capsys):
    rows = {row.seq: row for row in LedgerEntry.objects.filter(seq__in=[5, 6])}
    fields = ["prev_hash", "recorded_at_text", "body_digest", "entry_hash", "actor", "action"]
    LedgerEntry.objects.filter(seq=5).update(entry_hash="x" * 64)
    LedgerEntry.objects.filter(seq=6).update(**{f: getattr(rows[5], f) for f in fields})
    LedgerEntry.objects.filter(seq=5).update(**{f: getattr(rows[6], f) for f in fields})
    code, _, err = verify_live(capsys)
    assert code == 1
    assert err.startswith("ledger broken at entry 5: check 'previous-hash' failed")


def test_an_entry_whose_audience_was_widened_is_named(region, capsys):
    target = LedgerEntry.objects.filter(visibility="delegation").first()
    LedgerEntry.objects.filter(seq=target.seq).update(visibility="public", owner_state=None)
    assert verify_live(capsys)[0] == 1


# --- tokens and ticks -----------------------------------------------------------------------


def test_token_create_prints_a_token_that_signs_in(region, capsys):
    before = ApiToken.objects.count()
    assert main(["token", "create", "kgz-delegate", "--label", "laptop", "--days", "2"]) == 0
    captured = capsys.readouterr()
    token = captured.out.strip()
    assert token.startswith("acc_")
    assert captured.err.startswith("expires ")
    assert ApiToken.objects.count() == before + 1
    stored = ApiToken.objects.get(user__username="kgz-delegate")
    assert (stored.label, stored.prefix) == ("laptop", token[:10])
    assert token not in stored.token_hash  # only the hash is kept
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "kgz-delegate"


def test_token_create_for_an_unknown_user_fails_and_creates_nothing(region, capsys):
    before = (ApiToken.objects.count(), LedgerEntry.objects.count())
    assert main(["token", "create", "nobody"]) == 2
    assert capsys.readouterr().err == "accord: no active user 'nobody'\n"
    assert (ApiToken.objects.count(), LedgerEntry.objects.count()) == before


def test_tick_with_nothing_due_does_nothing(region, capsys):
    before = LedgerEntry.objects.count()
    assert main(["tick"]) == 0  # the first publishes the checkpoint of the region's entries
    assert capsys.readouterr().out == f"ledger: checkpoint of {before} entries published\n"
    assert main(["tick"]) == 0
    assert capsys.readouterr().out == ""
    assert LedgerEntry.objects.count() == before


# --- backup and restore ---------------------------------------------------------------------


def snapshot() -> dict[str, object]:
    return {
        "states": list(State.objects.values_list("code", "status", "name_zh")),
        "people": list(User.objects.values_list("username", "role", "state_id", "password")),
        "keys": list(SigningKey.objects.values_list("state_id", "fingerprint")),
        "ledger": list(LedgerEntry.objects.values_list("seq", "entry_hash", "payload")),
        "head": list(LedgerHead.objects.values_list("seq", "entry_hash")),
    }


def empty_the_database() -> None:
    """A new, empty database inside the test's transaction."""
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with deferred foreign-key checks still pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--no-input", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert not State.objects.exists()
    assert not User.objects.exists()


def test_backup_then_restore_into_an_empty_database_gives_back_everything(region, tmp_path, capsys):
    path = tmp_path / "accord.backup.json"
    before = snapshot()
    assert main(["backup", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("backed up ") and out.endswith(f" records to {path}\n")
    assert path.stat().st_mode & 0o777 == 0o600
    empty_the_database()
    assert main(["restore", str(path)]) == 0
    assert capsys.readouterr().out.endswith(f"from {path}; the ledger verifies\n")
    assert snapshot() == before
    assert authenticate(username="kaz-delegate", password="correct horse battery staple")
    assert main(["ledger", "verify"]) == 0


def test_the_restored_database_takes_new_writes_on_the_same_chain(region, tmp_path, capsys):
    from accord.members import services

    path = tmp_path / "backup.json"
    main(["backup", str(path)])
    empty_the_database()
    main(["restore", str(path)])
    capsys.readouterr()
    services.issue_api_token(user=User.objects.get(username="kaz-delegate"))
    assert LedgerEntry.objects.latest("seq").seq == REGION_ENTRIES + 1
    assert verify_live(capsys)[0] == 0


def test_restore_into_a_database_that_is_not_empty_is_refused_and_changes_nothing(
    region, tmp_path, capsys
):
    path = tmp_path / "backup.json"
    main(["backup", str(path)])
    capsys.readouterr()
    before = snapshot()
    assert main(["restore", str(path)]) == 1
    assert capsys.readouterr().err == (
        "accord: the database is not empty; restore into a new database\n"
    )
    assert snapshot() == before


def test_a_backup_whose_ledger_was_tampered_is_refused_and_leaves_the_database_empty(
    region, tmp_path, capsys
):
    path = tmp_path / "backup.json"
    main(["backup", str(path)])
    document = json.loads(path.read_text())
    for record in document["records"]:
        if record["model"] == "ledger.ledgerentry" and record["pk"] == 3:
            record["fields"]["action"] = "state.expelled"
    path.write_text(json.dumps(document))
    empty_the_database()
    capsys.readouterr()
    assert main(["restore", str(path)]) == 1
    err = capsys.readouterr().err
    assert err == "accord: the restored ledger does not verify: entry 3 was changed\n"
    assert not State.objects.exists()
    assert not User.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_restoring_a_file_that_is_not_a_backup_is_refused(db, tmp_path, capsys):
    path = tmp_path / "not-a-backup.json"
    path.write_text('{"format": "something else"}')
    assert main(["restore", str(path)]) == 1
    assert capsys.readouterr().err == f"accord: {path}: not an Accord backup\n"
    assert not LedgerEntry.objects.exists()

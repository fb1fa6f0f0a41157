"""The signed trailer of a ledger export, played as the attacker of issue 11: an export cut
short, emptied, partly blanked, or re-signed by a forger is caught, and the check named.
Both export paths (`GET /api/v1/ledger/export` and `accord ledger export FILE`) are checked
the same way by `accord ledger verify FILE --trust T [--head SEQ:HASH]`."""

from __future__ import annotations

import base64
import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from accord.domain import ledger_export
from accord.domain import signing as s
from accord.ledger.log_key import log_key_path
from accord.ledger.models import LedgerEntry, LedgerHead
from accord.site.cli import main


@pytest.fixture
def trust(region, tmp_path, capsys) -> Path:
    path = tmp_path / "trust.json"
    assert main(["trust", "export", str(path)]) == 0
    capsys.readouterr()
    return path


def download(client, path: Path) -> list[str]:
    response = client.get("/api/v1/ledger/export")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    path.write_text(text)
    return text.splitlines(keepends=True)


def verify(capsys, path: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["ledger", "verify", str(path), *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def failed_checks(err: str) -> list[str]:
    return [line.split(":")[0][5:] for line in err.splitlines() if line.startswith("FAIL ")]


def tjk_export(api, region, tmp_path) -> tuple[Path, list[str]]:
    path = tmp_path / "tjk.jsonl"
    return path, download(api(region.delegate("TJK")), path)


def test_a_states_export_carries_a_trailer_signed_by_the_log_key(
    region, api, tmp_path, trust, capsys
):
    path, lines = tjk_export(api, region, tmp_path)
    trailer = json.loads(lines[-1])
    head = LedgerHead.objects.get(id=1)
    hidden = sorted(
        r.seq
        for r in LedgerEntry.objects.all()
        if r.visibility == "delegation" and r.owner_state != "TJK"
    )
    assert {k: trailer[k] for k in ("trailer", "origin", "exported_for", "head", "entries")} == {
        "trailer": "accord-ledger-export/1",
        "origin": settings.ACCORD_ORIGIN,
        "exported_for": {"user": "tjk-delegate", "state": "TJK"},
        "head": {"seq": head.seq, "entry_hash": head.entry_hash},
        "entries": head.seq,
    }
    assert [n for first, last in trailer["redacted"] for n in range(first, last + 1)] == hidden
    code, out, err = verify(capsys, path, "--trust", str(trust))
    assert (code, err) == (0, "")
    assert "ok   trailer-format: exported for tjk-delegate (TJK)" in out


def test_the_log_key_is_private_in_the_data_directory_and_published(region, api, trust):
    assert stat.S_IMODE(log_key_path().stat().st_mode) == 0o600
    published = api(None).get("/api/v1/ledger/log-key").json()
    pinned = json.loads(trust.read_text())["log_keys"]
    assert pinned == [
        {"fingerprint": published["fingerprint"], "public_key": published["public_key"]}
    ]
    assert published["origin"] == settings.ACCORD_ORIGIN
    assert s.fingerprint(base64.b64decode(published["public_key"])) == published["fingerprint"]


def test_the_trust_file_from_the_api_is_the_one_the_command_writes(region, api, trust):
    from_api = api(None).get("/api/v1/trust").json()
    from_cli = json.loads(trust.read_text())
    from_api.pop("exported_at"), from_cli.pop("exported_at")
    assert from_api == from_cli
    kaz = from_cli["states"]["KAZ"]["signing_keys"]
    assert [k["fingerprint"] for k in kaz] == [
        k.fingerprint.replace(":", " ") for k in region.states["KAZ"].signing_keys.all()
    ]
    assert s.parse_trust_file(trust.read_bytes()).origin == settings.ACCORD_ORIGIN


def test_dropping_the_last_entries_is_caught(region, api, tmp_path, trust, capsys):
    path, lines = tjk_export(api, region, tmp_path)
    path.write_text("".join(lines[:-3] + lines[-1:]))  # two entries gone, the trailer kept
    code, _, err = verify(capsys, path, "--trust", str(trust))
    assert code == 1
    assert failed_checks(err) == ["trailer-head", "entry-count"]
    seq = len(lines) - 1
    assert f"the chain ends at entry {seq - 2} but the ledger head records entry {seq}" in err


def test_dropping_the_last_entries_and_the_trailer_is_caught(region, api, tmp_path, trust, capsys):
    path, lines = tjk_export(api, region, tmp_path)
    path.write_text("".join(lines[:-3]))
    code, _, err = verify(capsys, path, "--trust", str(trust))
    assert (code, failed_checks(err)) == (1, ["trailer-missing"])


def test_an_empty_file_is_caught(region, tmp_path, trust, capsys):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    code, _, err = verify(capsys, path, "--trust", str(trust))
    assert (code, failed_checks(err)) == (1, ["trailer-missing"])
    assert "the export has no signed trailer" in err


def forge_trailer(lines: list[str], keep: int) -> list[str]:
    """Cut the export to `keep` entries and sign a matching trailer with a key of one's own."""
    entries = [json.loads(line) for line in lines[:keep]]
    old = json.loads(lines[-1])
    trailer = ledger_export.make_trailer(
        origin=old["origin"],
        exported_at=datetime.now(UTC),
        exported_for=old["exported_for"],
        head=(entries[-1]["seq"], entries[-1]["entry_hash"]),
        entries=keep,
        redacted=[[e["seq"], e["seq"]] for e in entries if "body" not in e],
        log_key=s.generate_private_key(),
    )
    return [*lines[:keep], json.dumps(trailer) + "\n"]


def test_a_cut_export_re_signed_by_a_forger_fails_on_the_pinned_key_and_on_the_head(
    region, api, tmp_path, trust, capsys
):
    head = api(region.delegate("TJK")).get("/api/v1/ledger/head").json()
    path, lines = tjk_export(api, region, tmp_path)
    path.write_text("".join(forge_trailer(lines, keep=len(lines) - 4)))
    code, _, err = verify(capsys, path, "--trust", str(trust))
    assert (code, failed_checks(err)) == (1, ["log-key-not-trusted"])
    assert "does not pin the log key" in err
    # Without the trust file, the head learnt separately still catches the cut.
    code, _, err = verify(capsys, path, "--head", head["head"])
    assert (code, failed_checks(err)) == (1, ["head"])
    assert f"but the ledger head records entry {head['seq']}" in err


def test_a_head_that_does_not_match_is_named(region, api, tmp_path, trust, capsys):
    path, lines = tjk_export(api, region, tmp_path)
    seq = len(lines) - 1
    code, _, err = verify(capsys, path, "--trust", str(trust), "--head", f"{seq}:{'a' * 64}")
    assert (code, failed_checks(err)) == (1, ["head"])
    assert f"entry {seq} is not the one the ledger head records" in err
    code, _, err = verify(capsys, path, "--trust", str(trust), "--head", f"{seq + 5}:{'a' * 64}")
    assert (code, failed_checks(err)) == (1, ["head"])
    assert verify(capsys, path, "--trust", str(trust), "--head", "21")[0] == 2


def test_blanking_a_body_the_exporting_state_may_see_is_caught(
    region, api, tmp_path, trust, capsys
):
    path, lines = tjk_export(api, region, tmp_path)
    tjk_people = LedgerEntry.objects.filter(object_type="members.user", owner_state="TJK")
    target = tjk_people.first().seq
    entry = json.loads(lines[target - 1])
    assert "body" in entry
    del entry["body"]  # now it looks like an entry TJK may not see
    lines[target - 1] = json.dumps(entry) + "\n"
    path.write_text("".join(lines))
    code, _, err = verify(capsys, path, "--trust", str(trust))
    assert (code, failed_checks(err)) == (1, ["body-missing"])
    assert f"entry {target} has no body, but it was exported for tjk-delegate (TJK)" in err


def test_blanking_a_body_in_the_operators_export_is_caught(region, tmp_path, trust, capsys):
    path = tmp_path / "all.jsonl"
    assert main(["ledger", "export", str(path)]) == 0
    capsys.readouterr()
    lines = path.read_text().splitlines(keepends=True)
    entry = json.loads(lines[4])
    del entry["body"]
    lines[4] = json.dumps(entry) + "\n"
    path.write_text("".join(lines))
    code, _, err = verify(capsys, path, "--trust", str(trust))
    assert (code, failed_checks(err)) == (1, ["body-missing"])
    assert "entry 5 has no body, but it was exported for the operator (every body)" in err


def test_changing_what_the_trailer_says_breaks_its_signature(region, api, tmp_path, trust, capsys):
    path, lines = tjk_export(api, region, tmp_path)
    trailer = json.loads(lines[-1])
    trailer["exported_for"] = {"user": "kaz-delegate", "state": "KAZ"}
    path.write_text("".join([*lines[:-1], json.dumps(trailer) + "\n"]))
    code, _, err = verify(capsys, path, "--trust", str(trust))
    assert (code, failed_checks(err)) == (1, ["trailer-signature"])


def test_an_export_checked_without_a_trust_file_is_never_a_bare_ok(region, api, tmp_path, capsys):
    path, _ = tjk_export(api, region, tmp_path)
    code, out, err = verify(capsys, path)
    assert code == 1
    assert err.startswith("FAIL log-key-not-trusted: no trust file was given (--trust FILE)")
    assert "UNPINNED" in err
    assert not any(line.startswith("OK") for line in out.splitlines())


def test_the_head_endpoint_needs_a_signed_in_caller(region, client):
    assert client.get("/api/v1/ledger/head").status_code == 401

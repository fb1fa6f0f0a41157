"""The data directory as an operator meets it: private files, and clear refusals on a
database that was never migrated. Each test runs `accord` in its own process on its own
fresh data directory, on SQLite, as an operator would."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

SETTLE_AND_LIST = """
import json, os, sys
import django
django.setup()
from django.db import connection
from accord.members.models import State
State.objects.create(code="QZA", name_en="A", name_zh="A", name_ru="A", status="member",
                     joined_on="2021-07-15")
# The connection is still open: SQLite's -wal and -shm files exist now.
directory = sys.argv[1]
print(json.dumps({name: oct(os.stat(os.path.join(directory, name)).st_mode & 0o777)
                  for name in sorted(os.listdir(directory)) if name.startswith("accord.sqlite3")}))
"""


def accord(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ACCORD_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "accord.site.settings"
    return subprocess.run(
        [sys.executable, "-m", "accord.site.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,  # a loaded machine migrates slowly
        check=False,
        umask=0o022,  # the usual default: readable by everyone unless Accord says otherwise
    )


def python(data_dir: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ACCORD_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "accord.site.settings"
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,  # a loaded machine migrates slowly
        check=True,
        umask=0o022,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_directory_and_its_database_are_private(tmp_path):
    data = tmp_path / "fresh" / "accord"
    migrated = accord(data, "migrate", "--quiet")
    assert migrated.returncode == 0, migrated.stderr
    assert mode(data) == 0o700
    assert mode(data / "accord.sqlite3") == 0o600
    assert mode(data / "secret_key") == 0o600
    listed = json.loads(python(data, SETTLE_AND_LIST, str(data)).stdout)
    assert listed == {
        "accord.sqlite3": "0o600",
        "accord.sqlite3-shm": "0o600",
        "accord.sqlite3-wal": "0o600",
    }


def test_a_database_file_left_readable_by_an_earlier_version_is_narrowed(tmp_path):
    data = tmp_path / "old"
    data.mkdir(mode=0o755)
    (data / "accord.sqlite3").touch(mode=0o644)
    (data / "accord.sqlite3").chmod(0o644)
    assert accord(data, "migrate", "--quiet").returncode == 0
    assert mode(data / "accord.sqlite3") == 0o600
    assert mode(data) == 0o755  # the operator's own directory keeps the mode they gave it


def test_a_database_restored_into_a_new_data_directory_is_private(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    assert accord(source, "migrate", "--quiet").returncode == 0
    python(source, SETTLE_AND_LIST, str(source))
    backup = tmp_path / "accord.backup.json"
    backed_up = accord(source, "backup", str(backup))
    assert backed_up.returncode == 0, backed_up.stderr
    assert mode(backup) == 0o600
    assert accord(target, "migrate", "--quiet").returncode == 0
    restored = accord(target, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert mode(target) == 0o700
    assert mode(target / "accord.sqlite3") == 0o600


@pytest.mark.parametrize(
    "command",
    [
        ["ledger", "verify"],
        ["ledger", "export", "{dir}/ledger.jsonl"],
        ["restore", "{dir}/backup.json"],
        ["backup", "{dir}/backup.json"],
        ["token", "create", "chn-head"],
        ["tick"],
        ["trust", "export", "{dir}/trust.json"],
    ],
    ids=lambda c: "-".join(c[:2]),
)
def test_a_command_on_an_unmigrated_data_directory_says_so_without_a_traceback(tmp_path, command):
    data = tmp_path / "never-migrated"
    (tmp_path / "backup.json").write_text('{"format": "accord-backup", "records": []}')
    args = [part.replace("{dir}", str(tmp_path)) for part in command]
    result = accord(data, *args)
    assert (result.returncode, result.stdout) == (2, "")
    assert re.fullmatch(
        f"accord: the database at {re.escape(str(data / 'accord.sqlite3'))} is not migrated "
        r"\(\d+ migration\(s\) not applied\): run `accord migrate` first\n",
        result.stderr,
    ), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "ledger.jsonl").exists()
    assert not (tmp_path / "trust.json").exists()

"""Real `accord serve` processes for the system tests: a dedicated database, a seeded
region (two member states, their heads and delegates, the secretariat, a token each), servers
started and stopped, and an event-stream follower."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")
WAIT = 30.0  # seconds: the bound on every wait below, never a measured duration

SETUP = """
import json
from datetime import date
import django
django.setup()
from accord.members import services

secretariat = services.add_person(actor=None, username="secretariat", password="pw-secretariat",
                                  role="secretariat", state_code=None)
people = {"secretariat": secretariat}
for code in ("QZA", "QZB"):
    services.admit_state(actor=secretariat, code=code, name_en=code, name_zh=code, name_ru=code,
                         status="member", joined_on=date(2021, 7, 15))
    for role in ("head", "delegate"):
        name = f"{code.lower()}-{role}"
        people[name] = services.add_person(actor=secretariat, username=name, password="pw-" + name,
                                           role=role, state_code=code)
print(json.dumps({n: services.issue_api_token(user=u)[1] for n, u in people.items()}))
"""


def redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except Exception:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_accord(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "accord.site.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return done


@contextlib.contextmanager
def dedicated_database(tmp_path: Path, template: str | None = None):
    """The database URL the servers share: a fresh PostgreSQL database when the suite runs on
    PostgreSQL (a copy of `template` if given), else a SQLite file in the data directory."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield None
        return
    name = f"accord_system_{uuid.uuid4().hex[:10]}"
    create_database(name, template)
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        drop_database(name)


def _admin_url() -> str:
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"


def create_database(name: str, template: str | None = None) -> None:
    import psycopg

    copy = f' TEMPLATE "{template}"' if template else ""
    deadline = time.monotonic() + WAIT
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        while True:
            try:
                conn.execute(f'CREATE DATABASE "{name}"{copy}')
                return
            except psycopg.errors.ObjectInUse:
                # The template's last client has gone, its server process not quite yet.
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Server:
    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 1) -> None:
        self.env, self.workers, self.log_path = env, workers, log
        self._start()

    def _start(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "accord.site.cli",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def _port_was_taken(self) -> bool:
        """The port was free when chosen, and another process bound it before this one."""
        return "in use" in self.log_path.read_text().lower()

    def wait_until_healthy(self) -> None:
        for attempt in range(3):
            deadline = time.monotonic() + WAIT * 3
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                        return
                time.sleep(0.2)
            else:
                raise AssertionError(f"server on {self.port} did not become healthy")
            self.log.close()
            if attempt == 2 or not self._port_was_taken():
                raise AssertionError(f"server on {self.port} exited: {self.process.returncode}")
            self._start()  # on another port

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


class Subscriber:
    """Follows `/api/v1/events` in a thread; parsed events arrive on `events`."""

    def __init__(self, server: Server, token: str) -> None:
        self.events: queue.Queue[dict] = queue.Queue()
        self.connected = threading.Event()
        self.client = httpx.Client(timeout=httpx.Timeout(WAIT, read=60))
        self.thread = threading.Thread(target=self._follow, args=(server, token), daemon=True)
        self.thread.start()
        assert self.connected.wait(WAIT), "the event stream did not open"

    def _follow(self, server: Server, token: str) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        url = f"{server.url}/api/v1/events"
        with (
            contextlib.suppress(httpx.HTTPError),
            self.client.stream("GET", url, headers=headers) as r,
        ):
            assert r.status_code == 200
            current: dict = {}
            for line in r.iter_lines():
                if line == ": connected":
                    self.connected.set()
                elif line.startswith("id: "):
                    current = {"id": int(line[4:])}
                elif line.startswith("data: "):
                    self.events.put({**current, **json.loads(line[6:])})

    def until(self, predicate) -> list[dict]:
        """Every event received up to and including the first that matches (bounded)."""
        seen: list[dict] = []
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            seen.append(event)
            if predicate(event):
                return seen
        raise AssertionError(f"the expected event never came; received {seen}")

    def close(self) -> None:
        self.client.close()
        self.thread.join(timeout=WAIT)


def base_environment(data: Path, database_url: str | None) -> dict[str, str]:
    """The environment of an `accord` process on the data directory `data`: this one's,
    but for the settings the suite gave itself."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ACCORD_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="accord.site.settings",
        ACCORD_DATA_DIR=str(data),
        ACCORD_SECRET_KEY="system-test",
        ACCORD_FAST_PASSWORD_HASHER="1",
        ACCORD_TLS="0",
        ACCORD_LOG_LEVEL="warning",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


_template: dict[str, Any] = {}


def seeded_template() -> tuple[Path, str | None, dict]:
    """Migrated and seeded once per test process: a data directory (the SQLite file, the
    ledger's log key), on PostgreSQL a database beside it, and the seeded people's tokens.
    Each `seeded_region` starts from a copy of both; migrating costs seconds a test."""
    if not _template:
        root = Path(tempfile.mkdtemp(prefix="accord-system-template-"))
        atexit.register(shutil.rmtree, root, True)
        name = None
        base = os.environ.get("DATABASE_URL", "")
        if base.startswith("postgres"):
            name = f"accord_system_template_{uuid.uuid4().hex[:10]}"
            create_database(name)
            atexit.register(drop_database, name)
        url = base.rsplit("/", 1)[0] + "/" + name if name else None
        env = base_environment(root / "data", url)
        run_accord(env, "migrate", "--quiet")
        setup = subprocess.run(
            [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, timeout=120
        )
        assert setup.returncode == 0, setup.stderr
        tokens = json.loads(setup.stdout.strip().splitlines()[-1])
        _template.update(data=root / "data", database=name, tokens=tokens)
    return _template["data"], _template["database"], _template["tokens"]


@contextlib.contextmanager
def seeded_region(tmp_path: Path, **environment: str) -> Iterator[tuple[dict[str, str], dict]]:
    """The environment for `accord serve` on a fresh, migrated, seeded database (a copy of
    the process's template), and the API token of each seeded person by user name."""
    data, template, tokens = seeded_template()
    with dedicated_database(tmp_path, template) as database_url:
        shutil.copytree(data, tmp_path / "data")
        env = base_environment(tmp_path / "data", database_url)
        env.update(environment)
        yield env, dict(tokens)


def worker_pids(supervisor: int) -> set[int]:
    """The worker processes an `accord serve` supervisor started: its children, but for the
    housekeeping process beside them."""
    return set(children(supervisor)) - housekeeper_pids(supervisor)


def housekeeper_pids(supervisor: int) -> set[int]:
    """The supervisor's housekeeping process (`python -m accord.site.housekeeping`)."""
    return {
        pid
        for pid, command in children(supervisor).items()
        if b"accord.site.housekeeping" in command
    }


def children(parent: int) -> dict[int, bytes]:
    """The live children of `parent` (zombies left out) with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == parent and fields[0] != "Z":
            found[int(entry.name)] = command
    return found


def process_state(pid: int) -> str | None:
    """The kernel's one-letter state of `pid` ("Z" for a zombie), None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def socket_of_process(pid: int, fd: int) -> socket.socket:
    """A duplicate of another process's file descriptor `fd` (Linux pidfd_getfd), to read
    the options of a socket that process holds."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    try:
        duplicate = libc.syscall(438, pidfd, fd, 0)  # 438: pidfd_getfd on every architecture
        if duplicate < 0:
            raise OSError(ctypes.get_errno(), f"pidfd_getfd({pid}, {fd})")
        return socket.socket(fileno=duplicate)
    finally:
        os.close(pidfd)

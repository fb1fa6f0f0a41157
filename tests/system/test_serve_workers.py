"""`accord serve --workers N` as deployed: the workers share the connections between them, a
worker that dies is replaced, SIGTERM stops them all, and open event streams do not hold the
database connections every other request needs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from system_servers import (
    WAIT,
    Server,
    Subscriber,
    housekeeper_pids,
    seeded_region,
    worker_pids,
)

pytestmark = pytest.mark.skipif(
    not Path("/proc/net/tcp").exists(), reason="reads the process table from /proc (Linux)"
)


def workers_of(server: Server) -> set[int]:
    """The worker processes `accord serve` started (forked by its arbiter)."""
    return worker_pids(server.process.pid)


def wait_for_workers(server: Server, count: int, *, other_than: set[int] = frozenset()) -> set[int]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        workers = workers_of(server)
        if len(workers) == count and not workers & other_than:
            return workers
        time.sleep(0.1)
    raise AssertionError(f"expected {count} workers, found {workers_of(server)}")


def established_on(port: int) -> set[int]:
    """Socket inodes of the established TCP connections whose local end is `port`."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01":  # 01: ESTABLISHED
                inodes.add(int(fields[9]))
    return inodes


def sockets_of(pid: int) -> set[int]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


@pytest.fixture
def region(tmp_path):
    with seeded_region(tmp_path) as prepared:
        yield prepared


def test_workers_share_the_connections_and_a_dead_one_is_replaced(region, tmp_path):
    env, _ = region
    server = Server(env, tmp_path / "server.log", workers=2)
    clients: list[socket.socket] = []
    try:
        server.wait_until_healthy()
        first, second = sorted(wait_for_workers(server, 2))

        # Connections come in waves of 8 held open, as a proxy's pool or a crowd opens them.
        # Both workers accept on one shared socket, so which one takes a connection is up to
        # the scheduler (on a loaded machine one worker can take a whole wave); the property
        # is that neither is left idle, so waves go on until each holds 4, at most 12 waves.
        held: dict[int, int] = {}
        for _ in range(12):
            wave = [
                socket.create_connection(("127.0.0.1", server.port), timeout=WAIT) for _ in range(8)
            ]
            clients.extend(wave)
            for client in wave:
                client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            for client in wave:
                assert client.recv(4096).startswith(b"HTTP/1.1 200")
            ours = established_on(server.port)
            held = {pid: len(sockets_of(pid) & ours) for pid in (first, second)}
            # an idle keep-alive connection may be closed by now; none is counted twice
            assert sum(held.values()) <= len(clients), held
            if min(held.values()) >= 4:
                break
        assert min(held.values()) >= 4, f"the workers do not share the connections: {held}"

        os.kill(first, signal.SIGKILL)
        replaced = wait_for_workers(server, 2, other_than={first})
        assert second in replaced
        for _ in range(10):  # new connections are answered by the workers alive
            assert httpx.get(f"{server.url}/healthz", timeout=WAIT).status_code == 200
    finally:
        for client in clients:
            client.close()
        workers = workers_of(server)
        server.stop()
    assert server.process.returncode == 0
    assert workers and not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_a_port_already_in_use_is_refused_at_once(region, tmp_path):
    env, _ = region
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "accord.site.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=WAIT * 3,
        )
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


@pytest.mark.postgres
def test_open_event_streams_leave_the_connection_pool_to_other_requests(tmp_path):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the connection pool is PostgreSQL's")
    with seeded_region(tmp_path, ACCORD_DB_POOL_SIZE="2") as (env, tokens):
        server = Server(env, tmp_path / "server.log")
        streams: list[Subscriber] = []
        try:
            server.wait_until_healthy()
            # Twice as many open pages as the pool has connections …
            for name in ("qza-head", "qza-delegate", "qzb-head", "qzb-delegate"):
                streams.append(Subscriber(server, tokens[name]))
            # … and every other request is still answered at once.
            for name in ("secretariat", "qza-head", "qzb-delegate"):
                me = httpx.get(
                    f"{server.url}/api/v1/me",
                    headers={"Authorization": f"Bearer {tokens[name]}"},
                    timeout=WAIT / 2,
                )
                assert me.status_code == 200
                assert me.json()["username"] == name
        finally:
            for stream in streams:
                stream.close()
            server.stop()


def test_the_supervisor_recomputes_the_opinion_map_and_the_workers_leave_it(region, tmp_path):
    env, tokens = region
    server = Server(env, tmp_path / "server.log", workers=2)
    try:
        server.wait_until_healthy()
        wait_for_workers(server, 2)
        # A fit never shares a worker's interpreter with requests: the housekeeping
        # process beside the workers makes it, started with the workers' setting off.
        (housekeeper,) = housekeeper_pids(server.process.pid)
        assert b"--analysis" in Path(f"/proc/{housekeeper}/cmdline").read_bytes()
        environment = Path(f"/proc/{housekeeper}/environ").read_bytes().split(b"\0")
        assert b"ACCORD_ANALYSIS_MODE=off" in environment
        api = f"{server.url}/api/v1"
        created = httpx.post(
            f"{api}/consultations",
            json={
                "title": "Regional security",
                "kind": "state",
                "visibility": "members",
                "statements": ["Dialogue first.", "Arms control in outer space."],
            },
            headers={"Authorization": f"Bearer {tokens['secretariat']}"},
            timeout=WAIT,
        )
        assert created.status_code == 201, created.text
        consultation = created.json()["id"]
        for name, vote in (("qza-head", "agree"), ("qzb-head", "disagree")):
            cast = httpx.post(
                f"{api}/consultations/{consultation}/votes/batch",
                json={"votes": [{"statement": 1, "vote": vote}, {"statement": 2, "vote": "agree"}]},
                headers={"Authorization": f"Bearer {tokens[name]}"},
                timeout=WAIT,
            )
            assert cast.status_code == 201, cast.text
        deadline = time.monotonic() + WAIT
        analysis: dict = {}
        while time.monotonic() < deadline:
            analysis = httpx.get(
                f"{api}/consultations/{consultation}/analysis",
                headers={"Authorization": f"Bearer {tokens['qza-delegate']}"},
                timeout=WAIT,
            ).json()
            if not analysis["stale"] and analysis["vote_count"] == 4:
                break
            time.sleep(0.2)
        assert analysis["stale"] is False and analysis["vote_count"] == 4, analysis
        assert analysis["result"]["participants"] == 2
    finally:
        server.stop()
    assert server.process.returncode == 0

"""`accord serve --workers 2` as deployed: every accepted connection has TCP_NODELAY, and
SIGTERM or SIGINT to the supervisor always ends it and its workers, leaving no zombie.

On SQLite (a file in the data directory, migrated once for the module) to keep 50 starts
cheap; the supervisor and the sockets are the same whatever the database."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from system_servers import (
    WAIT,
    Server,
    process_state,
    run_accord,
    socket_of_process,
    worker_pids,
)

pytestmark = pytest.mark.skipif(
    not hasattr(os, "pidfd_open"), reason="reads other processes' sockets (Linux)"
)

STOPPED_WITHIN = 10.0  # seconds: the bound the supervisor promises, not a measured duration


@pytest.fixture(scope="module")
def sqlite_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("serve-shutdown")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ACCORD_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="accord.site.settings",
        ACCORD_DATA_DIR=str(data / "data"),
        ACCORD_SECRET_KEY="system-test",
        ACCORD_TLS="0",
        ACCORD_LOG_LEVEL="warning",
    )
    run_accord(env, "migrate", "--quiet")
    return env


def wait_for(predicate, what: str) -> None:
    deadline = time.monotonic() + WAIT * 3
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


def serving(server: Server) -> bool:
    assert server.process.poll() is None, f"accord serve exited: {server.process.returncode}"
    with contextlib.suppress(httpx.HTTPError):
        return httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200
    return False


def started(server: Server, *, answering: bool = True) -> set[int]:
    """Waits until `server` answers (or, if not `answering`, has spawned its two workers);
    its workers."""
    if answering:
        wait_for(lambda: serving(server), "accord serve answers")
    wait_for(lambda: len(worker_pids(server.process.pid)) == 2, "two workers")
    return worker_pids(server.process.pid)


def assert_stops(server: Server, workers: set[int], how: signal.Signals) -> None:
    """`how` to the supervisor ends it in time, and its workers with it, none a zombie."""
    server.process.send_signal(how)
    try:
        server.process.wait(timeout=STOPPED_WITHIN)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
        raise AssertionError(
            f"the supervisor did not stop within {STOPPED_WITHIN} s of {how!r}"
        ) from None
    finally:
        server.log.close()
    assert server.process.returncode == 0, server.log_path.read_text()[-2000:]
    left = {pid: process_state(pid) for pid in workers}
    assert all(state is None for state in left.values()), f"workers left behind: {left}"


def server_end_of(server: Server, client: socket.socket, workers: set[int]) -> socket.socket:
    """The accepted socket, in whichever worker holds it, of `client`'s connection."""
    peer = client.getsockname()
    for pid in workers:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                if not os.readlink(fd).startswith("socket:"):
                    continue
                candidate = socket_of_process(pid, int(fd.name))
                try:
                    if candidate.type == socket.SOCK_STREAM and candidate.getpeername() == peer:
                        return candidate
                except OSError:
                    pass
                candidate.close()
    raise AssertionError(f"no worker holds the connection from {peer}")


def test_every_accepted_connection_has_tcp_nodelay(sqlite_env, tmp_path):
    server = Server(sqlite_env, tmp_path / "server.log", workers=2)
    clients: list[socket.socket] = []
    try:
        workers = started(server)
        for _ in range(16):  # connections spread over both workers by the kernel
            client = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)
            clients.append(client)
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert client.recv(4096).startswith(b"HTTP/1.1 200")
            accepted = server_end_of(server, client, workers)
            with accepted:
                # Without it, a response in two writes waits for the delayed ACK (~40 ms).
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        for client in clients:
            client.close()
        server.stop()


def test_sigterm_fifty_times_in_a_row_always_ends_the_supervisor_and_its_workers(
    sqlite_env, tmp_path
):
    for attempt in range(50):
        server = Server(sqlite_env, tmp_path / f"server-{attempt}.log", workers=2)
        # Every fifth while the workers are still starting, the others once serving.
        workers = started(server, answering=attempt % 5 != 4)
        assert_stops(server, workers, signal.SIGTERM)


def test_sigint_ends_the_supervisor_and_its_workers(sqlite_env, tmp_path):
    for attempt in range(3):
        server = Server(sqlite_env, tmp_path / f"server-{attempt}.log", workers=2)
        assert_stops(server, started(server), signal.SIGINT)


def test_a_worker_that_does_not_stop_is_killed_within_the_bound(sqlite_env, tmp_path):
    server = Server(sqlite_env, tmp_path / "server.log", workers=2)
    workers = started(server)
    frozen = min(workers)
    os.kill(frozen, signal.SIGSTOP)  # a worker stuck in a request that never ends
    try:
        assert_stops(server, workers, signal.SIGTERM)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(frozen, signal.SIGKILL)


def test_a_worker_that_dies_is_replaced_and_the_replacement_stops_too(sqlite_env, tmp_path):
    server = Server(sqlite_env, tmp_path / "server.log", workers=2)
    first = started(server)
    os.kill(min(first), signal.SIGKILL)
    wait_for(
        lambda: (
            len(worker_pids(server.process.pid) - first) == 1
            and len(worker_pids(server.process.pid)) == 2
        ),
        "a replacement for the killed worker",
    )
    assert process_state(min(first)) is None, "the dead worker was not reaped"
    assert_stops(server, worker_pids(server.process.pid), signal.SIGTERM)

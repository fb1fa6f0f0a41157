"""The server as deployed (issue 18): latency, throughput, balance, restart and shutdown.

    .venv/bin/python bench/server_bench.py [--pg postgres://postgres@127.0.0.1:5432/accord]
        [--redis redis://127.0.0.1:6379/9] [--manager accord,gunicorn] [--workers 2]

Creates a dedicated PostgreSQL database (``accord_bench_server_<pid>``, dropped at the end),
migrates it, seeds an open consultation with invited experts and their tokens, and for each
process manager named in ``--manager``, in turn and on the same data:

* ``accord``   — ``accord serve --workers N`` (Accord's own supervisor, one SO_REUSEPORT
                 socket per worker);
* ``gunicorn`` — ``gunicorn -k uvicorn.workers.UvicornWorker --reuse-port -w N`` (needs
                 ``pip install gunicorn``; a benchmark reference, not a dependency).

it starts the server on a loopback port with Redis for events and measures, from a load
generator on the same machine (raw HTTP/1.1 on keep-alive connections, ``http_load.py``):
``/healthz`` and one-vote latency at concurrency 1; one-vote requests/s and latency from
``--clients`` clients; how the work spread across the workers (their CPU seconds); the time
a killed worker takes to be replaced and serve; and the time a SIGTERM takes to stop the
manager and its workers under load, with the requests it cut. The machine's load average
is printed before and after; the ledger chain is verified at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
from http_load import Connection, Job, drive

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vote_ingestion_bench import public_id, seed

BIN = Path(sys.executable).parent
TICK = os.sysconf("SC_CLK_TCK")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def command(manager: str, port: int, workers: int, stack: str) -> list[str]:
    if manager == "accord":
        return [str(BIN / "accord"), "serve", "--port", str(port), "--workers", str(workers)]
    worker = "UvicornH11Worker" if stack == "h11+asyncio" else "UvicornWorker"
    return [
        str(BIN / "gunicorn"), "accord.site.asgi:application", "-k", f"uvicorn.workers.{worker}",
        "-w", str(workers), "--reuse-port", "-b", f"127.0.0.1:{port}", "--graceful-timeout", "5",
        "--log-level", "warning",
    ]  # fmt: skip


def workers_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            line = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and not (b"resource_tracker" in line or b"housekeeping" in line):
            found.add(int(entry.name))
    return found


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def alive(pid: int) -> bool:
    """Present and not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def owner_of_connection(port: int, client_port: int, pids: set[int]) -> int | None:
    """The pid holding the server end of the connection from `client_port`."""
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1], fields[2]
        if int(local.rsplit(":", 1)[1], 16) == port and int(remote.rsplit(":", 1)[1], 16) == (
            client_port
        ):
            inode = fields[9]
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                if os.readlink(fd) == f"socket:[{inode}]":
                    return pid
        except OSError:
            continue
    return None


async def replacement_serves(port: int, manager: int, killed: int) -> tuple[float, int]:
    """Seconds from the kill until a new connection is answered by the new worker; failures."""
    start, failures = time.perf_counter(), 0
    while time.perf_counter() - start < 60:
        newcomers = workers_of(manager) - {killed}
        connection = Connection("127.0.0.1", port)
        try:
            await connection.open()
            status, _ = await connection.request(("GET", "/healthz", {}, None))
            assert connection.writer is not None
            client_port = connection.writer.get_extra_info("sockname")[1]
            owner = owner_of_connection(port, client_port, newcomers)
            if status != 200:
                failures += 1
            elif owner is not None and owner in newcomers and owner not in BEFORE:
                return time.perf_counter() - start, failures
        except (OSError, asyncio.IncompleteReadError, ValueError):
            failures += 1
        finally:
            connection.close()
        await asyncio.sleep(0.02)
    return float("nan"), failures


BEFORE: set[int] = set()


async def shutdown_under_load(
    process: subprocess.Popen[bytes], port: int, jobs: list[Job], clients: int
) -> tuple[float, int, int]:
    """SIGTERM after a second of load: seconds to exit, requests answered, requests cut
    (sent before the signal and never answered)."""
    signalled: list[float] = []
    answered = cut = 0

    async def client() -> None:
        nonlocal answered, cut
        connection = Connection("127.0.0.1", port)
        for job in jobs:
            sent = time.perf_counter()
            if signalled and sent > signalled[0]:
                break
            try:
                status, _ = await connection.request(job)
                answered += status in (200, 201)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                if not signalled or sent < signalled[0]:
                    cut += 1
                break
        connection.close()

    tasks = [asyncio.ensure_future(client()) for _ in range(clients)]
    await asyncio.sleep(1.0)
    signalled.append(time.perf_counter())
    process.send_signal(signal.SIGTERM)
    await asyncio.to_thread(process.wait, 30)
    took = time.perf_counter() - signalled[0]
    await asyncio.wait(tasks, timeout=10)
    return took, answered, cut


STACKS = {"h11+asyncio": ("h11", "asyncio"), "httptools+uvloop": ("httptools", "uvloop")}


def measure(manager: str, env: dict[str, str], tokens: list[str], path: str, args: Any) -> dict:
    manager, _, stack = manager.partition(":")
    port = free_port()
    if stack:
        http, loop = STACKS[stack]
        env = dict(env, ACCORD_SERVER_HTTP=http, ACCORD_SERVER_LOOP=loop)
    process = subprocess.Popen(command(manager, port, args.workers, stack), env=env)
    figures: dict[str, Any] = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{manager} did not come up")
            time.sleep(0.3)
        time.sleep(2)  # every worker up
        workers = workers_of(process.pid)

        def vote(i: int) -> Job:
            body = {"statement": 1 + (i // len(tokens)) % 50, "vote": ("agree", "disagree")[i % 2]}
            return ("POST", f"{path}/votes", {"Authorization": f"Bearer {tokens[i % len(tokens)]}"},
                    body)  # fmt: skip

        health = [("GET", "/healthz", {}, None)] * args.requests
        asyncio.run(drive("127.0.0.1", port, health[:200], 1))
        run = asyncio.run(drive("127.0.0.1", port, health, 1))
        figures["healthz c=1 p50/p99 ms"] = f"{run.p50:.2f} / {run.quantile(0.99):.2f}"
        run = asyncio.run(drive("127.0.0.1", port, [vote(i) for i in range(args.requests // 2)],
                                1, expect=201))  # fmt: skip
        figures["vote c=1 p50/p99 ms"] = f"{run.p50:.2f} / {run.quantile(0.99):.2f}"
        before = {pid: cpu_seconds(pid) for pid in workers}
        many = [vote(i) for i in range(args.requests // 2, args.requests // 2 + args.requests * 2)]
        run = asyncio.run(drive("127.0.0.1", port, many, args.clients, expect=201))
        spent = sorted((cpu_seconds(pid) - before[pid] for pid in workers), reverse=True)
        figures[f"vote c={args.clients} requests/s"] = f"{run.rate:.0f} ({run.failed} failed)"
        figures[f"vote c={args.clients} p50/p99 ms"] = f"{run.p50:.1f} / {run.quantile(0.99):.1f}"
        figures["worker CPU s (balance)"] = " / ".join(f"{s:.1f}" for s in spent)
        BEFORE.clear()
        BEFORE.update(workers)
        killed = max(workers)
        os.kill(killed, signal.SIGKILL)
        took, failures = asyncio.run(replacement_serves(port, process.pid, killed))
        figures["killed worker: replaced and serving s"] = f"{took:.2f} ({failures} failed)"
        time.sleep(1)
        workers = workers_of(process.pid)
        took, answered, cut = asyncio.run(shutdown_under_load(process, port, many, args.clients))
        left = [pid for pid in workers if alive(pid)]
        figures["SIGTERM under load: exit s"] = (
            f"{took:.2f} (code {process.returncode}, {answered} answered, {cut} cut, "
            f"{len(left)} workers left)"
        )
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/accord")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument(
        "--manager",
        default="accord",
        help="accord, gunicorn, several (a,b), each optionally with its stack: "
        "accord:h11+asyncio, accord:httptools+uvloop (the default: what installs)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=1000, help="at concurrency 1")
    parser.add_argument("--experts", type=int, default=200)
    parser.add_argument(
        "--server-path",
        default=str(Path(__file__).resolve().parent.parent / "src"),
        help="PYTHONPATH of the servers: another checkout's src/ measures that code",
    )
    parser.add_argument(
        "--analysis-off",
        action="store_true",
        help="no opinion-map recomputation anywhere (compare managers alone)",
    )
    args = parser.parse_args()
    name = f"accord_bench_server_{os.getpid()}"
    admin = args.pg.rsplit("/", 1)[0] + "/postgres"
    env = dict(
        os.environ, DATABASE_URL=args.pg.rsplit("/", 1)[0] + "/" + name, REDIS_URL=args.redis,
        ACCORD_TLS="0", ACCORD_FAST_PASSWORD_HASHER="1", ACCORD_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="accord.site.settings", ACCORD_SECRET_KEY="bench",
        PYTHONPATH=args.server_path,
    )  # fmt: skip
    if args.analysis_off:
        env["ACCORD_ANALYSIS_MODE"] = "off"
    os.environ.update(env)
    print(load())
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    results: dict[str, dict] = {}
    try:
        subprocess.run([str(BIN / "accord"), "migrate", "--quiet"], env=env, check=True)
        consultation, tokens = seed(args.experts, 50)
        # The API names a consultation by its public id (issue 11), never by its key.
        path = f"/api/v1/consultations/{public_id(consultation)}"
        from django.db import connections

        connections.close_all()
        for manager in args.manager.split(","):
            results[manager] = measure(manager, env, tokens, path, args)
        verified = subprocess.run([str(BIN / "accord"), "ledger", "verify"], env=env,
                                  capture_output=True, text=True)  # fmt: skip
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    managers = list(results)
    print(f"\n{'':<40}" + "".join(f"{m:>36}" for m in managers))
    for key in results[managers[0]]:
        print(f"{key:<40}" + "".join(f"{results[m][key]:>36}" for m in managers))
    print(f"ledger verify: {verified.stdout.strip() or verified.stderr.strip()}")
    print(load())
    return 0 if verified.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

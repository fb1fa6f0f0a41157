"""Live fan-out (issue 18): many open event streams on `accord serve --workers 2`.

    .venv/bin/python bench/fanout_bench.py [--streams 5000] [--rate 5] [--seconds 60]
        [--idle 20000] [--pg postgres://postgres@127.0.0.1:5432/accord]
        [--redis redis://127.0.0.1:6379/9]

A dedicated PostgreSQL database (``accord_bench_fanout_<pid>``, dropped at the end), Redis
for events, two workers on a loopback port. Two member states and an observer state; the
streams are opened with the tokens of four member delegates and, one stream in ten, of an
observer. A member delegate then raises a members-only concern ``--rate`` times a second for
``--seconds`` seconds (each a real write: service, ledger, event after commit). Reports:

* events delivered to the members' streams against the number expected (none lost), and
  to the observer's streams (must be none: the event is not theirs to see);
* p50/p99 from the write to receipt (from sending the POST, so an upper bound on
  commit → receipt);
* memory per open stream (the workers' RSS after opening, less before, over the streams);
* CPU per delivery (the workers' CPU seconds in the event phase over the deliveries);
* p50/p99 of ``GET /api/v1/me`` from one client meanwhile;
* with ``--idle N``: N more streams held open for 30 s, from client processes of at most
  9,000 connections each (the fd limit), and the errors seen.

The load average is printed before and after, and the ledger chain is verified at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_load import Connection
from server_bench import BIN, cpu_seconds, free_port, load, workers_of

PAGE = 4096


def rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def seed() -> dict[str, Any]:
    import django

    django.setup()
    from datetime import date

    from accord.members import services as members

    secretariat = members.add_person(
        actor=None, username="secretariat", password="bench-password-1", role="secretariat",
        state_code=None, full_name="Bench Secretariat",
    )  # fmt: skip
    people = {}
    for code, status in (("KAZ", "member"), ("KGZ", "member"), ("MNG", "observer")):
        members.admit_state(
            actor=secretariat, code=code, name_en=code, name_zh=code, name_ru=code,
            status=status, joined_on=date(2001, 6, 15),
        )  # fmt: skip
        for n in range(2):
            name = f"{code.lower()}-delegate-{n}"
            people[name] = members.add_person(
                actor=secretariat, username=name, password="bench-password-1",
                role="delegate", state_code=code, full_name=name,
            )  # fmt: skip
    tokens = {name: members.issue_api_token(user=user)[1] for name, user in people.items()}
    return tokens


class Streams:
    """Open SSE connections on raw sockets, counting the events each receives."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.received: dict[int, float] = {}  # event id -> first receipt (members)
        self.member_deliveries = 0
        self.observer_deliveries = 0
        self.errors = 0
        self.open = 0
        self.tasks: list[asyncio.Task[None]] = []

    async def follow(self, token: str, observer: bool, opened: asyncio.Event) -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            writer.write(
                f"GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n".encode()
            )
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                self.errors += 1
                return
            self.open += 1
            opened.set()
            rest = b""
            while chunk := await reader.read(PAGE):
                now = time.perf_counter()
                *whole, rest = (rest + chunk).split(b"\n\n")
                # The body is chunked: a chunk's size line may stand before an event.
                for piece in whole:
                    at = piece.find(b"id: ")
                    if at < 0:
                        continue
                    part = piece[at + 4 :]
                    if b'"kind":"concern.raised"' not in part:
                        continue  # another write's event (the tick's, a checkpoint's)
                    seq = int(part.split(b"\n", 1)[0])
                    if observer:
                        self.observer_deliveries += 1
                    else:
                        self.member_deliveries += 1
                        self.received.setdefault(seq, now)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            self.errors += 1
        except asyncio.CancelledError:
            pass

    async def open_many(self, tokens: list[tuple[str, bool]], concurrency: int = 100) -> float:
        start = time.perf_counter()
        for offset in range(0, len(tokens), concurrency):
            batch = []
            for token, observer in tokens[offset : offset + concurrency]:
                opened = asyncio.Event()
                self.tasks.append(asyncio.ensure_future(self.follow(token, observer, opened)))
                batch.append(opened.wait())
            await asyncio.wait_for(asyncio.gather(*batch), 120)
        return time.perf_counter() - start

    def close(self) -> None:
        for task in self.tasks:
            task.cancel()


async def events_phase(port: int, streams: Streams, tokens: dict[str, str], args: Any) -> dict:
    writer_token = tokens["kaz-delegate-0"]
    sent: dict[int, float] = {}
    gets: list[float] = []
    stop = asyncio.Event()

    async def reader_client() -> None:
        connection = Connection("127.0.0.1", port)
        job = ("GET", "/api/v1/me", {"Authorization": f"Bearer {tokens['kgz-delegate-1']}"}, None)
        while not stop.is_set():
            start = time.perf_counter()
            status, _ = await connection.request(job)
            if status == 200:
                gets.append(time.perf_counter() - start)
            await asyncio.sleep(0.05)
        connection.close()

    async def writer() -> None:
        connection = Connection("127.0.0.1", port)
        interval = 1.0 / args.rate
        begin = time.perf_counter()
        for n in range(int(args.rate * args.seconds)):
            await asyncio.sleep(max(0.0, begin + n * interval - time.perf_counter()))
            body = {"title": f"Concern {n}", "summary": "Bench.", "category": "terrorism",
                    "visibility": "members"}  # fmt: skip
            start = time.perf_counter()
            status, payload = await connection.request(
                ("POST", "/api/v1/concerns", {"Authorization": f"Bearer {writer_token}"}, body)
            )
            assert status == 201, payload[:300]
            sent[n] = start
        connection.close()

    reading = asyncio.ensure_future(reader_client())
    await writer()
    await asyncio.sleep(3)  # the last events arrive
    stop.set()
    await reading
    return {"sent": sent, "gets": gets}


def idle_client(port: int, tokens: list[str], seconds: float, out: Any) -> None:
    async def run() -> tuple[int, int]:
        streams = Streams(port)
        await streams.open_many([(token, False) for token in tokens], concurrency=200)
        await asyncio.sleep(seconds)
        streams.close()
        return streams.open, streams.errors

    out.put(asyncio.run(run()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/accord")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--streams", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--idle", type=int, default=0, help="streams held open idle, after")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    name = f"accord_bench_fanout_{os.getpid()}"
    admin = args.pg.rsplit("/", 1)[0] + "/postgres"
    env = dict(
        os.environ, DATABASE_URL=args.pg.rsplit("/", 1)[0] + "/" + name, REDIS_URL=args.redis,
        ACCORD_TLS="0", ACCORD_FAST_PASSWORD_HASHER="1", ACCORD_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="accord.site.settings", ACCORD_SECRET_KEY="bench",
        ACCORD_ANALYSIS_MODE="off", ACCORD_EVENTS_STREAM_SECONDS="3600",
        ACCORD_DB_POOL_SIZE="4",
    )  # fmt: skip
    os.environ.update(env)
    print(load())
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    process = None
    try:
        subprocess.run([str(BIN / "accord"), "migrate", "--quiet"], env=env, check=True)
        tokens = seed()
        from django.db import connections

        connections.close_all()
        port = free_port()
        process = subprocess.Popen(
            [str(BIN / "accord"), "serve", "--port", str(port), "--workers", str(args.workers)],
            env=env,
        )
        deadline = time.monotonic() + 180  # a busy 2-core machine boots slowly
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not come up")
            time.sleep(0.3)
        time.sleep(2)
        figures = asyncio.run(measure(port, process.pid, tokens, args))
        if args.idle:
            figures.update(idle(port, tokens, args.idle))
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait(30)
        verified = subprocess.run([str(BIN / "accord"), "ledger", "verify"], env=env,
                                  capture_output=True, text=True)  # fmt: skip
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print()
    for key, value in figures.items():
        print(f"{key:<52} {value}")
    print(f"ledger verify: {verified.stdout.strip() or verified.stderr.strip()}")
    print(load())
    return 0 if verified.returncode == 0 else 1


async def measure(port: int, manager: int, tokens: dict[str, str], args: Any) -> dict:
    members = [t for n, t in tokens.items() if not n.startswith("mng")]
    observers = [t for n, t in tokens.items() if n.startswith("mng")]
    plan = [
        (observers[i % 2], True) if i % 10 == 9 else (members[i % len(members)], False)
        for i in range(args.streams)
    ]
    workers = workers_of(manager)
    rss_before = sum(rss_bytes(pid) for pid in workers)
    streams = Streams(port)
    opening = await streams.open_many(plan)
    await asyncio.sleep(2)
    rss_after = sum(rss_bytes(pid) for pid in workers)
    member_streams = sum(1 for _, observer in plan if not observer)
    cpu_before = sum(cpu_seconds(pid) for pid in workers)
    phase = await events_phase(port, streams, tokens, args)
    cpu = sum(cpu_seconds(pid) for pid in workers) - cpu_before
    streams.close()
    sent, gets = phase["sent"], phase["gets"]
    expected = len(sent) * member_streams
    # Event ids are ledger sequence numbers; match receipts to writes by order.
    receipts = [streams.received[seq] for seq in sorted(streams.received)]
    lags = sorted(r - s for r, s in zip(receipts, (sent[n] for n in sorted(sent)), strict=False))
    q = lambda xs, p: xs[min(len(xs) - 1, int(p * len(xs)))] * 1000 if xs else float("nan")  # noqa: E731
    gets.sort()
    per_stream = (rss_after - rss_before) / args.streams
    return {
        f"streams open (of {args.streams}), errors": f"{streams.open}, {streams.errors}",
        "seconds to open them": f"{opening:.1f}",
        "memory per open stream (workers' RSS)": f"{per_stream / 1024:.1f} KB",
        f"events written ({args.rate}/s for {args.seconds:.0f} s)": len(sent),
        "deliveries to member streams / expected": f"{streams.member_deliveries} / {expected}",
        "deliveries to observer streams (must be 0)": streams.observer_deliveries,
        "write -> first receipt p50 / p99 ms": f"{q(lags, 0.5):.1f} / {q(lags, 0.99):.1f}",
        "CPU per delivery (workers)": f"{cpu / max(1, streams.member_deliveries) * 1e6:.1f} µs",
        "GET /api/v1/me meanwhile p50 / p99 ms": f"{q(gets, 0.5):.1f} / {q(gets, 0.99):.1f} "
        f"({len(gets)} requests)",
        "median lag (s) sanity": f"{statistics.median(lags) if lags else float('nan'):.3f}",
    }  # fmt: skip


def idle(port: int, tokens: dict[str, str], count: int) -> dict:
    members = [t for n, t in tokens.items() if not n.startswith("mng")]
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    per = 9000
    clients = []
    for offset in range(0, count, per):
        part = [members[i % len(members)] for i in range(offset, min(count, offset + per))]
        client = context.Process(target=idle_client, args=(port, part, 30.0, out))
        client.start()
        clients.append(client)
    results = [out.get(timeout=600) for _ in clients]
    for client in clients:
        client.join()
    return {
        f"idle streams held 30 s (of {count}), errors": f"{sum(r[0] for r in results)}, "
        f"{sum(r[1] for r in results)}"
    }


if __name__ == "__main__":
    sys.exit(main())

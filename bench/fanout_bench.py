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
  to the observer's streams (must be none: the event is not theirs to see). Only this
  run's own concerns are counted, by their ids: another program on the same Redis
  database may publish beside it;
* p50/p99 from the write to each receipt, over every delivery to every stream (from
  sending the POST, so an upper bound on commit → receipt);
* memory per open stream (the workers' RSS after opening, less before, over the streams);
* CPU per delivery: the workers' CPU seconds in the event phase over the deliveries, and
  the same less what the writes and GETs cost without streams (a 10 s phase before the
  streams open: the fan-out's own share);
* p50/p99 of ``GET /api/v1/me`` from one client meanwhile;
* with ``--idle N``: N more streams held open for ``--hold`` seconds (30) from client
  processes of at most 9,000 connections each, with the workers' memory per stream, the
  streams the server ended early and the errors seen.

The open-files limit is raised to its hard limit for the benchmark and the server it
starts (each stream is a descriptor on both sides).

The load average is printed before and after, and the ledger chain is verified at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
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
    """Open SSE connections on raw sockets, recording when each receives each event."""

    def __init__(self, port: int) -> None:
        self.port = port
        # Object id -> the members' streams' receipts, and the observers' count; only this
        # run's concerns are counted at the end (another program may share the database).
        self.receipts: dict[bytes, list[float]] = {}
        self.to_observers: dict[bytes, int] = {}
        self.errors = 0
        self.ended = 0  # closed by the server
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
                    self._received(piece, observer, now)
            self.ended += 1
        except (OSError, asyncio.IncompleteReadError, ValueError):
            self.errors += 1
        except asyncio.CancelledError:
            pass

    def _received(self, piece: bytes, observer: bool, now: float) -> None:
        at = piece.find(b'"object_id":"')
        if at < 0 or b'"kind":"concern.raised"' not in piece:
            return  # a heartbeat, another write's event (the tick's, a checkpoint's)
        object_id = piece[at + 13 : piece.index(b'"', at + 13)]
        if observer:
            self.to_observers[object_id] = self.to_observers.get(object_id, 0) + 1
        else:
            self.receipts.setdefault(object_id, []).append(now)

    async def open_many(self, tokens: list[tuple[str, bool]], concurrency: int = 100) -> float:
        start = time.perf_counter()
        for offset in range(0, len(tokens), concurrency):
            batch = []
            for token, observer in tokens[offset : offset + concurrency]:
                opened = asyncio.Event()
                self.tasks.append(asyncio.ensure_future(self.follow(token, observer, opened)))
                batch.append(opened.wait())
            await asyncio.wait_for(asyncio.gather(*batch), 300)
        return time.perf_counter() - start

    def close(self) -> None:
        for task in self.tasks:
            task.cancel()


async def events_phase(
    port: int, tokens: dict[str, str], args: Any, seconds: float | None = None
) -> dict:
    """Writes at `--rate` for `seconds` (`--seconds`) and GETs meanwhile: when each write
    was sent, by its concern's id, and the GETs' times."""
    writer_token = tokens["kaz-delegate-0"]
    phase = "calibration" if seconds else "streams"
    sent: dict[bytes, float] = {}
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
        for n in range(int(args.rate * (seconds or args.seconds))):
            await asyncio.sleep(max(0.0, begin + n * interval - time.perf_counter()))
            body = {"title": f"Concern {phase} {n}", "summary": "Bench.", "category": "terrorism",
                    "visibility": "members"}  # fmt: skip
            start = time.perf_counter()
            status, payload = await connection.request(
                ("POST", "/api/v1/concerns", {"Authorization": f"Bearer {writer_token}"}, body)
            )
            assert status == 201, payload[:300]
            sent[json.loads(payload)["id"].encode()] = start
        connection.close()

    reading = asyncio.ensure_future(reader_client())
    await writer()
    await asyncio.sleep(3)  # the last events arrive
    stop.set()
    await reading
    return {"sent": sent, "gets": gets}


def idle_client(port: int, tokens: list[str], seconds: float, out: Any) -> None:
    async def run() -> None:
        streams = Streams(port)
        await streams.open_many([(token, False) for token in tokens], concurrency=200)
        out.put(("open", streams.open, streams.errors))
        await asyncio.sleep(seconds)
        out.put(("held", streams.open - streams.ended, streams.ended, streams.errors))
        streams.close()

    asyncio.run(run())


def raise_open_files() -> str:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return f"open files limit {resource.getrlimit(resource.RLIMIT_NOFILE)[0]} (was {soft})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/accord")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--streams", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--idle", type=int, default=0, help="streams held open idle, after")
    parser.add_argument("--hold", type=float, default=30.0, help="seconds the idle ones stay")
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
    print(raise_open_files())
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
        for key, value in figures.items():
            print(f"{key:<52} {value}", flush=True)
        if args.idle:
            figures.update(idle(port, process.pid, tokens, args))
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


def quantile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(p * len(values)))] * 1000 if values else float("nan")


async def measure(port: int, manager: int, tokens: dict[str, str], args: Any) -> dict:
    members = [t for n, t in tokens.items() if not n.startswith("mng")]
    observers = [t for n, t in tokens.items() if n.startswith("mng")]
    plan = [
        (observers[i % 2], True) if i % 10 == 9 else (members[i % len(members)], False)
        for i in range(args.streams)
    ]
    workers = workers_of(manager)
    # The writes and GETs alone, without streams: what the phase costs besides the fan-out.
    calibration = 10.0
    cpu_before = sum(cpu_seconds(pid) for pid in workers)
    await events_phase(port, tokens, args, seconds=calibration)
    floor_per_second = (sum(cpu_seconds(pid) for pid in workers) - cpu_before) / (calibration + 3)
    rss_before = sum(rss_bytes(pid) for pid in workers)
    streams = Streams(port)
    opening = await streams.open_many(plan)
    await asyncio.sleep(2)
    rss_after = sum(rss_bytes(pid) for pid in workers)
    member_streams = sum(1 for _, observer in plan if not observer)
    cpu_before = sum(cpu_seconds(pid) for pid in workers)
    began = time.perf_counter()
    phase = await events_phase(port, tokens, args)
    cpu = sum(cpu_seconds(pid) for pid in workers) - cpu_before
    fanout_cpu = cpu - floor_per_second * (time.perf_counter() - began)
    streams.close()
    sent, gets = phase["sent"], sorted(phase["gets"])
    delivered = sum(len(streams.receipts.get(oid, ())) for oid in sent)
    to_observers = sum(streams.to_observers.get(oid, 0) for oid in sent)
    lags = sorted(r - at for oid, at in sent.items() for r in streams.receipts.get(oid, ()))
    firsts = sorted(min(streams.receipts[oid]) - at for oid, at in sent.items()
                    if streams.receipts.get(oid))  # fmt: skip
    per_stream = (rss_after - rss_before) / args.streams
    per = max(1, delivered)
    return {
        f"streams open (of {args.streams}), errors": f"{streams.open}, {streams.errors}",
        "seconds to open them": f"{opening:.1f}",
        "memory per open stream (workers' RSS)": f"{per_stream / 1024:.1f} KB",
        f"events written ({args.rate}/s for {args.seconds:.0f} s)": len(sent),
        "deliveries to member streams / expected": f"{delivered} / {len(sent) * member_streams}",
        "deliveries to observer streams (must be 0)": to_observers,
        "write -> receipt, every delivery, p50 / p99 ms": f"{quantile(lags, 0.5):.1f} / "
        f"{quantile(lags, 0.99):.1f}",
        "write -> first receipt p50 / p99 ms": f"{quantile(firsts, 0.5):.1f} / "
        f"{quantile(firsts, 0.99):.1f}",
        "CPU per delivery (workers, all of the phase)": f"{cpu / per * 1e6:.1f} µs",
        "CPU per delivery (less the writes and GETs alone)": f"{fanout_cpu / per * 1e6:.1f} µs",
        "GET /api/v1/me meanwhile p50 / p99 ms": f"{quantile(gets, 0.5):.1f} / "
        f"{quantile(gets, 0.99):.1f} ({len(gets)} requests)",
    }  # fmt: skip


def idle(port: int, manager: int, tokens: dict[str, str], args: Any) -> dict:
    members = [t for n, t in tokens.items() if not n.startswith("mng")]
    workers = workers_of(manager)
    rss_before = sum(rss_bytes(pid) for pid in workers)
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    per = 9000
    clients = []
    started = time.perf_counter()
    for offset in range(0, args.idle, per):
        part = [members[i % len(members)] for i in range(offset, min(args.idle, offset + per))]
        client = context.Process(target=idle_client, args=(port, part, args.hold, out))
        client.start()
        clients.append(client)
    messages: list[tuple[Any, ...]] = []

    def reports(kind: str) -> list[tuple[Any, ...]]:
        while sum(1 for m in messages if m[0] == kind) < len(clients):
            messages.append(out.get(timeout=900))  # a quick client may be held before
        return [m for m in messages if m[0] == kind]  # a slow one has opened

    opened = reports("open")
    seconds = time.perf_counter() - started
    time.sleep(2)
    rss_after = sum(rss_bytes(pid) for pid in workers)
    held = reports("held")
    for client in clients:
        client.join()
    count = sum(r[1] for r in opened)
    per_stream = (rss_after - rss_before) / max(1, count)
    return {
        f"idle streams opened (of {args.idle}), errors": f"{count}, {sum(r[2] for r in opened)}"
        f" in {seconds:.1f} s",
        "memory per idle stream (workers' RSS)": f"{per_stream / 1024:.1f} KB",
        f"idle streams held {args.hold:.0f} s, ended by the server, errors":
        f"{sum(r[1] for r in held)}, {sum(r[2] for r in held)}, {sum(r[3] for r in held)}",
    }  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

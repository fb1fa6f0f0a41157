"""A small HTTP/1.1 keep-alive load generator on asyncio streams, for the server benchmark.

Raw requests on open connections, so the client costs little CPU beside the server it
measures on the same machine (httpx costs several times more per request).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Job = tuple[str, str, dict[str, str], Any]  # method, path, headers, JSON body or None


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    failed: int = 0
    seconds: float = 0.0

    def quantile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, job: Job) -> tuple[int, bytes]:
        if self.writer is None:
            await self.open()
        assert self.reader is not None and self.writer is not None
        method, path, headers, body = job
        payload = b"" if body is None else json.dumps(body).encode()
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        if body is not None:
            head += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        return await self._response()

    async def _response(self) -> tuple[int, bytes]:
        assert self.reader is not None
        header = await self.reader.readuntil(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                fields[name.strip().lower()] = value.strip()
        if "content-length" in fields:
            body = await self.reader.readexactly(int(fields["content-length"]))
        else:  # chunked
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                parts.append(chunk[:-2])
            body = b"".join(parts)
        if fields.get("connection", "").lower() == "close":
            self.close()
        return status, body


async def drive(
    host: str,
    port: int,
    jobs: list[Job],
    concurrency: int,
    *,
    expect: int = 200,
    timeout: float = 300,
    fresh_connections: bool = False,
    stop: Callable[[], bool] = lambda: False,
) -> Run:
    """Send `jobs` from `concurrency` clients, each on its own keep-alive connection."""
    queue: asyncio.Queue[Job] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    run = Run()

    async def client() -> None:
        connection = Connection(host, port)
        try:
            while not queue.empty() and not stop():
                job = queue.get_nowait()
                start = time.perf_counter()
                try:
                    status, body = await connection.request(job)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    run.failed += 1
                    connection.close()
                    continue
                if status == expect:
                    run.latencies.append(time.perf_counter() - start)
                else:
                    run.failed += 1
                    if run.failed <= 3:
                        print(f"  ! {status} {body[:200]!r}")
                if fresh_connections:
                    connection.close()
        finally:
            connection.close()

    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(client() for _ in range(concurrency))), timeout)
    run.seconds = time.perf_counter() - start
    return run

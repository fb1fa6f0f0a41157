"""`accord serve`: uvicorn workers that each listen on their own socket.

uvicorn's own `--workers` hands one shared listening socket to every worker, and whichever
worker's event loop is awake first accepts: long-lived keep-alive connections (a reverse
proxy's, or many clients opened at once) pile onto one process while the others idle —
measured under the vote-ingestion benchmark, one worker at 70 % CPU, the other at 3 %. Here
each worker binds its own socket with SO_REUSEPORT and the kernel spreads new connections
across them. The supervisor restarts a worker that dies and stops them all on SIGINT/SIGTERM.

Two things the sockets and the supervisor must get right, each once learnt the hard way:

- TCP_NODELAY. asyncio sets it on an accepted connection only when the listening socket was
  made with protocol IPPROTO_TCP; a socket made with protocol 0 gives connections without it,
  and a response written in two pieces (headers, then body) waits for the client's delayed
  ACK: ~40 ms on every keep-alive request.
- Signals. A handler that sets a `threading.Event` the main thread is waiting on can
  deadlock: the handler runs in the main thread, possibly while it holds the event's lock.
  Here the handler only sets a flag and Python writes the signal's number to a pipe that
  the supervisor's wait includes, so it wakes at once, and stopping has one deadline.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import time
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from typing import Any

APPLICATION = "accord.site.asgi:application"
RESTART_PAUSE_SECONDS = 1.0
# uvicorn gives open requests 5 s (`timeout_graceful_shutdown`); past this a worker is killed,
# so that stopping always ends within 10 s of the signal.
STOP_DEADLINE_SECONDS = 8.0

log = logging.getLogger("accord.serve")


class CannotListen(Exception):
    """The address is taken by another program or not ours to bind."""


def uvicorn_options() -> dict[str, Any]:
    # "auto" takes httptools and uvloop (dependencies) where they install, else h11 and
    # asyncio; ACCORD_SERVER_HTTP=h11 or ACCORD_SERVER_LOOP=asyncio choose the pure-Python
    # ones (the server benchmark compares them).
    return {
        "http": os.environ.get("ACCORD_SERVER_HTTP", "auto"),
        "loop": os.environ.get("ACCORD_SERVER_LOOP", "auto"),
        "proxy_headers": True,
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "timeout_graceful_shutdown": 5,
        "log_level": os.environ.get("ACCORD_LOG_LEVEL", "info").lower(),
    }


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    """A TCP socket bound to host:port and listening; in a SO_REUSEPORT group if asked."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on connections of a TCP socket. Set
    # on the listener as well, which Linux copies to every connection it accepts.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(2048)
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock


def _run_worker(host: str, port: int) -> None:
    import uvicorn

    sock = listening_socket(host, port, reuse_port=True)
    config = uvicorn.Config(APPLICATION, host=host, port=port, **uvicorn_options())
    uvicorn.Server(config).run(sockets=[sock])


def serve(host: str, port: int, workers: int) -> None:
    """Serve the application until interrupted, with `workers` processes."""
    import uvicorn

    if workers <= 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(APPLICATION, host=host, port=port, workers=workers, **uvicorn_options())
        return
    # Bound here first so that a port already taken fails at once, in the foreground, and
    # so that the port stays ours between worker restarts. It never listens, so the kernel
    # gives it no connections.
    guard = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    guard.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    guard.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        guard.bind((host, port))
    except OSError as error:
        guard.close()
        raise CannotListen(f"cannot listen on {host}:{port}: {error.strerror}") from error
    try:
        _supervise(host, port, workers)
    finally:
        guard.close()


def _supervise(host: str, port: int, workers: int) -> None:
    """Start the workers, replace one that dies, stop them all on SIGINT or SIGTERM."""
    context = multiprocessing.get_context("spawn")
    stopping: list[int] = []
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)

    def start() -> BaseProcess:
        process = context.Process(target=_run_worker, args=(host, port), name="accord-worker")
        process.start()
        return process

    def stop(signum: int, _frame: object) -> None:
        stopping.append(signum)  # nothing that takes a lock: see the module's docstring

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    previous_wakeup = signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
    processes: list[BaseProcess] = []
    try:
        processes.extend(start() for _ in range(workers) if not stopping)
        log.info("serving on http://%s:%d with %d workers", host, port, workers)
        while not stopping:
            wait([wake_read, *(p.sentinel for p in processes)], timeout=5)
            for index, process in enumerate(processes):
                if stopping or process.is_alive():
                    continue
                log.warning(
                    "worker %s exited (%s); starting another", process.pid, process.exitcode
                )
                time.sleep(RESTART_PAUSE_SECONDS)
                if not stopping:
                    processes[index] = start()
            with contextlib.suppress(BlockingIOError):
                os.read(wake_read, 512)
    finally:
        _stop_all(processes)
        signal.set_wakeup_fd(previous_wakeup)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        os.close(wake_read)
        os.close(wake_write)


def _stop_all(processes: list[BaseProcess]) -> None:
    """SIGTERM to every worker, one shared deadline, SIGKILL to those still running; each
    one reaped, so that no zombie is left behind."""
    for process in processes:
        if process.is_alive() and process.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_DEADLINE_SECONDS
    for process in processes:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            log.warning("worker %s did not stop in time; killing it", process.pid)
            process.kill()
        process.join()

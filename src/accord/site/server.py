"""`accord serve`: uvicorn workers that each listen on their own socket.

uvicorn's own `--workers` hands one shared listening socket to every worker, and whichever
worker's event loop is awake first accepts: long-lived keep-alive connections (a reverse
proxy's, or many clients opened at once) pile onto one process while the others idle —
measured under the vote-ingestion benchmark, one worker at 70 % CPU, the other at 3 %. Here
each worker binds its own socket with SO_REUSEPORT and the kernel spreads new connections
across them. The supervisor restarts a worker that dies and stops them all on SIGINT/SIGTERM.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from multiprocessing.process import BaseProcess
from typing import Any

APPLICATION = "accord.site.asgi:application"
RESTART_PAUSE_SECONDS = 1.0

log = logging.getLogger("accord.serve")


class CannotListen(Exception):
    """The address is taken by another program or not ours to bind."""


def uvicorn_options() -> dict[str, Any]:
    return {
        "proxy_headers": True,
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "timeout_graceful_shutdown": 5,
        "log_level": os.environ.get("ACCORD_LOG_LEVEL", "info").lower(),
    }


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    """A TCP socket bound to host:port and listening; in a SO_REUSEPORT group if asked."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
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
    context = multiprocessing.get_context("spawn")
    stopping = threading.Event()

    def start() -> BaseProcess:
        process = context.Process(target=_run_worker, args=(host, port), name="accord-worker")
        process.start()
        return process

    def stop(signum: int, _frame: object) -> None:
        stopping.set()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    processes = [start() for _ in range(workers)]
    log.info("serving on http://%s:%d with %d workers", host, port, workers)
    try:
        while not stopping.wait(0.5):
            for index, process in enumerate(processes):
                if not process.is_alive():
                    log.warning(
                        "worker %s exited (%s); starting another", process.pid, process.exitcode
                    )
                    time.sleep(RESTART_PAUSE_SECONDS)
                    processes[index] = start()
    finally:
        for process in processes:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
        guard.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)

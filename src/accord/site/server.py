"""`accord serve`: gunicorn's arbiter with uvicorn workers, and a housekeeping process.

Accord had its own supervisor here (one SO_REUSEPORT socket per worker, its own restarts
and signal handling); two bugs lived in it (listening sockets without TCP_NODELAY, a
SIGTERM that could hang it). Measured side by side with gunicorn + uvicorn workers on the
2-core machine (`bench/server_bench.py --manager accord,gunicorn --analysis-off`, issue
18), gunicorn tied or won on every figure — /healthz p50 1.41 vs 2.16 ms, 16-client votes
142 vs 138/s, the workers' CPU 8.6 / 6.8 s vs 10.9 / 5.2 s, a killed worker replaced and
serving in 1.50 vs 2.47 s, SIGTERM under load 0.37 s for both with nothing cut — so the
kept one runs the workers now and this module only configures it.

- One worker: uvicorn in this process, on a socket made here with IPPROTO_TCP and
  TCP_NODELAY (asyncio sets the option on accepted connections only for such a socket;
  without it a response written in two pieces waits for the delayed ACK, ~40 ms).
- Several: gunicorn's arbiter forks `AccordWorker`s (uvicorn's gunicorn worker) on one
  shared listening socket, which gunicorn makes with TCP_NODELAY (Linux copies it to every
  accepted connection; the worker sets it again, not to depend on that). SIGTERM: the
  workers get 5 s for open requests, then SIGKILL; the arbiter exits within 8 s.
- The periodic work (`accord tick`, the alert sender, the opinion maps) runs in a process
  of its own, `python -m accord.site.housekeeping`, which the arbiter starts, replaces when
  it dies and stops with the workers: forking workers from a process whose threads hold
  database connections or locks would hand the children copies of them mid-use.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from uvicorn_worker import UvicornWorker

APPLICATION = "accord.site.asgi:application"
GRACEFUL_SECONDS = 5  # open requests get this long after SIGTERM
STOP_DEADLINE_SECONDS = 8.0  # past this the housekeeper is killed: stopping ends within 10 s
RESTART_PAUSE_SECONDS = 1.0
# prometheus-client reads it when first imported: set before anything imports it.
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

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
        "timeout_graceful_shutdown": GRACEFUL_SECONDS,
    }


def _forwarded_allow_ips() -> str:
    return os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def _log_level() -> str:
    return os.environ.get("ACCORD_LOG_LEVEL", "info").lower()


def gunicorn_logging() -> dict[str, Any]:
    """Django's LOGGING, with gunicorn's own loggers on its console handler.

    Without it the arbiter and its workers print plain text lines ("Booting worker …")
    among the JSON ones, which a log shipper cannot parse. uvicorn's loggers in each worker
    take `gunicorn.error`'s handlers, so they come out in the same format.
    """
    from django.conf import settings

    config: dict[str, Any] = copy.deepcopy(settings.LOGGING)
    ours = {"handlers": ["console"], "level": _log_level().upper(), "propagate": False}
    config["loggers"] = {
        **config.get("loggers", {}),
        "gunicorn.error": ours,
        "gunicorn.access": {**ours, "level": "WARNING"},
    }
    return config


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port and listening, with TCP_NODELAY."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on connections of a TCP socket. Set
    # on the listener as well, which Linux copies to every connection it accepts.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as error:
        sock.close()
        raise CannotListen(f"cannot listen on {host}:{port}: {error.strerror}") from error
    return sock


def _check_free(host: str, port: int) -> None:
    """CannotListen at once when the port is taken (gunicorn would retry for 5 s)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise CannotListen(f"cannot listen on {host}:{port}: {error.strerror}") from error


def serve(host: str, port: int, workers: int, *, analysis: bool = False) -> None:
    """Serve the application until SIGTERM or SIGINT, with `workers` processes.

    With several workers the housekeeping process runs beside them, recomputing opinion
    maps if `analysis`; with one, the caller runs the housekeeping threads itself.
    """
    if workers <= 1:
        import uvicorn

        config = uvicorn.Config(
            APPLICATION,
            host=host,
            port=port,
            forwarded_allow_ips=_forwarded_allow_ips(),
            log_level=_log_level(),
            **uvicorn_options(),
        )
        uvicorn.Server(config).run(sockets=[listening_socket(host, port)])
        return
    _check_free(host, port)
    _forget_connections()
    options = {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": workers,
        "worker_class": f"{__name__}.AccordWorker",
        "graceful_timeout": GRACEFUL_SECONDS,
        # A worker whose loop has not ticked for this long is killed and replaced. Generous:
        # a loop behind on thousands of open streams (a busy machine) ticks late, and
        # killing it would drop every stream at once (measured: 60 s killed both workers
        # of `bench/fanout_bench.py --streams 5000` at a load average of 15 on 2 cores).
        "timeout": 300,
        "keepalive": 5,
        "backlog": 2048,
        "forwarded_allow_ips": _forwarded_allow_ips(),
        "loglevel": _log_level(),
        "logconfig_dict": gunicorn_logging(),
        "control_socket_disable": True,
        "proc_name": "accord",
        "child_exit": _worker_exited,
    }
    housekeeping = [sys.executable, "-m", "accord.site.housekeeping"]
    _Application(options, [*housekeeping, "--analysis"] if analysis else housekeeping).run()


@contextlib.contextmanager
def metrics_directory(workers: int) -> Iterator[None]:
    """With several workers, a fresh `PROMETHEUS_MULTIPROC_DIR` for the run (emptied if
    the operator named one), so that `/metrics` adds up every worker's samples."""
    if workers <= 1:
        yield
        return
    named = os.environ.get(MULTIPROCESS_ENV)
    directory = named or tempfile.mkdtemp(prefix="accord-metrics-")
    os.makedirs(directory, exist_ok=True)
    for stale in os.listdir(directory):
        if stale.endswith(".db"):
            os.unlink(os.path.join(directory, stale))
    os.environ[MULTIPROCESS_ENV] = directory
    try:
        yield
    finally:
        if not named:
            shutil.rmtree(directory, ignore_errors=True)


def _worker_exited(_arbiter: Any, worker: Any) -> None:
    from accord.observability.metrics import forget_process

    forget_process(worker.pid)


def _forget_connections() -> None:
    """Close this process's database connections and pools before gunicorn forks: a
    child must open its own, never share the parent's."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        close_pool = getattr(connection, "close_pool", None)
        if close_pool is not None:
            close_pool()


class AccordWorker(UvicornWorker):  # type: ignore[misc]
    """uvicorn's gunicorn worker with Accord's choices of parser, loop and shutdown."""

    CONFIG_KWARGS = uvicorn_options()

    def init_process(self) -> None:
        for listener in self.sockets:
            # gunicorn sets it too; each accepted connection inherits it from here.
            listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().init_process()


class _Application(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any], housekeeping: list[str]) -> None:
        self.options = options
        self.housekeeping = housekeeping
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from accord.site.asgi import application

        return application

    def run(self) -> None:
        _Arbiter(self, self.housekeeping).run()


class _Arbiter(Arbiter):  # type: ignore[misc]
    """gunicorn's arbiter, which also keeps the housekeeping process running."""

    def __init__(self, app: _Application, housekeeping: list[str]) -> None:
        super().__init__(app)
        self._housekeeping: list[str] | None = housekeeping
        self._housekeeper: subprocess.Popen[bytes] | None = None
        self._started_at = 0.0

    def manage_workers(self) -> None:
        super().manage_workers()
        if self._housekeeping is None:
            return
        if self._housekeeper is not None and not self._housekeeper_exited():
            return
        if time.monotonic() - self._started_at < RESTART_PAUSE_SECONDS:
            return  # one that dies at once is not restarted in a tight loop
        if self._housekeeper is not None:
            log.warning("the housekeeping process exited; starting another")
        self._started_at = time.monotonic()
        self._housekeeper = subprocess.Popen(self._housekeeping)

    def _housekeeper_exited(self) -> bool:
        """Whether it is gone (the arbiter's waitpid(-1) may have reaped it already)."""
        assert self._housekeeper is not None
        if self._housekeeper.returncode is not None:
            return True
        try:
            pid, _status = os.waitpid(self._housekeeper.pid, os.WNOHANG)
        except ChildProcessError:
            pid = self._housekeeper.pid
        if pid:
            self._housekeeper.returncode = -1
        return bool(pid)

    def _reap_killed(self) -> None:
        """Wait for the workers gunicorn has just sent SIGKILL: its last reap does not
        wait, and a worker still dying as the arbiter exits is left a zombie."""
        deadline = time.monotonic() + 1.0
        while self.WORKERS and time.monotonic() < deadline:
            for pid in list(self.WORKERS):
                try:
                    done, _status = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    self.WORKERS.pop(pid, None)
            time.sleep(0.01)

    def stop(self, graceful: bool = True) -> None:
        self._housekeeping = None  # not restarted from now on
        housekeeper = self._housekeeper
        if housekeeper is not None and not self._housekeeper_exited():
            with contextlib.suppress(ProcessLookupError):
                housekeeper.send_signal(signal.SIGTERM)
        super().stop(graceful)
        self._reap_killed()
        if housekeeper is None:
            return
        deadline = time.monotonic() + STOP_DEADLINE_SECONDS - GRACEFUL_SECONDS
        while not self._housekeeper_exited() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not self._housekeeper_exited():
            log.warning("the housekeeping process did not stop in time; killing it")
            with contextlib.suppress(ProcessLookupError):
                housekeeper.kill()
            with contextlib.suppress(ChildProcessError):
                os.waitpid(housekeeper.pid, 0)

"""`accord alerts run`: the outbox worker for deployments that run it apart from the web
workers (`accord serve` runs one too)."""

from __future__ import annotations

import argparse
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType

WAIT_FOR_LEASES = 600.0  # seconds: the bound on `--until-empty` waiting for others' claims


def run_alerts(args: argparse.Namespace) -> int:
    """Precondition: Django is set up on a migrated database (`accord.site.cli` sees to it)."""
    from accord.alerts import transport, worker

    if args.until_empty:
        transport.announce_email()
        deadline = time.monotonic() + WAIT_FOR_LEASES
        sent = 0
        while time.monotonic() < deadline:
            sent += worker.drain()
            if not worker.in_flight():
                break
            time.sleep(args.poll)  # claims of a worker that died expire with their lease
        print(f"{sent} alerts handed over or settled")
        return 0
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    worker.run_forever(stop, poll_seconds=args.poll)
    return 0


def add_parser(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    handler: Callable[[argparse.Namespace], int],
) -> None:
    alerts = commands.add_parser("alerts", help="the alert outbox").add_subparsers(
        dest="sub", required=True
    )
    run = alerts.add_parser("run", help="send what the alert outbox holds (until stopped)")
    run.add_argument(
        "--until-empty", action="store_true", help="stop once nothing is due or in flight"
    )
    run.add_argument("--poll", type=float, default=1.0, help="seconds between looks when idle")
    run.set_defaults(run=handler)

"""What `accord serve` runs beside the workers that answer requests: `accord tick` every
30 s (and, in the demo only, the states' demo witnesses after it), the alert sender and,
with several workers, the recomputation of opinion maps.

With one worker these are threads of the serving process (`start`). With several they run
in a process of their own, `python -m accord.site.housekeeping [--analysis]`, which the
arbiter starts, replaces when it dies and stops (`site/server.py`): the workers are forked
from the arbiter, and a fork copies the database connections and locks that other threads
hold mid-use.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence

TICK_SECONDS = 30
STOP_SECONDS = 2.0  # the threads are daemons: past this the process exits without them

log = logging.getLogger("accord.tick")


def tick_forever(stop: threading.Event) -> None:
    """`accord tick` every `ACCORD_TICK_SECONDS` (30 by default) and, in the demo only, the
    demo's state witnesses cosigning the checkpoint it published (`ledger.demo_witnesses`)."""
    from django.conf import settings
    from django.db import close_old_connections

    from accord.ledger.demo_witnesses import cosign_due
    from accord.site.ticks import run_due

    seconds = getattr(settings, "ACCORD_TICK_SECONDS", TICK_SECONDS)
    while not stop.wait(seconds):
        try:
            for line in [*run_due(), *cosign_due()]:
                log.warning("tick: %s", line)
        except Exception:
            log.exception("tick failed; trying again in %s s", seconds)
        finally:
            close_old_connections()


def start(stop: threading.Event, *, analysis: bool) -> list[threading.Thread]:
    """Start the housekeeping threads; they end once `stop` is set."""
    from accord.alerts.worker import run_forever as send_alerts

    helpers = [
        threading.Thread(target=tick_forever, args=(stop,), name="accord-tick", daemon=True),
        threading.Thread(target=send_alerts, args=(stop,), name="accord-alerts", daemon=True),
    ]
    if analysis:
        from accord.consultations import recompute

        helpers.append(
            threading.Thread(
                target=recompute.watch, args=(stop,), name="accord-analysis", daemon=True
            )
        )
    for helper in helpers:
        helper.start()
    return helpers


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m accord.site.housekeeping")
    parser.add_argument("--analysis", action="store_true", help="recompute opinion maps")
    args = parser.parse_args(argv)
    # Blocked before any thread starts (they inherit the mask), then awaited here: no
    # handler runs while this thread holds a lock it would need (see site/server.py).
    stopping = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
    from accord.site.readiness import setup_django

    setup_django()
    stop = threading.Event()
    helpers = start(stop, analysis=args.analysis)
    signal.sigwait(stopping)
    stop.set()
    for helper in helpers:
        helper.join(timeout=STOP_SECONDS / len(helpers))
    return 0


if __name__ == "__main__":
    sys.exit(main())

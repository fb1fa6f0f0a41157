"""Serving the site, with the tick running beside it."""

from __future__ import annotations

import argparse
import os
import sys
import threading

from accord.site.readiness import with_database

TICK_SECONDS = 30


def _tick_forever(stop: threading.Event) -> None:
    import logging

    from django.db import close_old_connections

    from accord.site.ticks import run_due

    log = logging.getLogger("accord.tick")
    while not stop.wait(TICK_SECONDS):
        try:
            for line in run_due():
                log.warning("tick: %s", line)
        except Exception:
            log.exception("tick failed; trying again in %s s", TICK_SECONDS)
        finally:
            close_old_connections()


def _serve(host: str, port: int, workers: int) -> None:
    from accord.site.server import serve

    stop = threading.Event()
    from accord.alerts.worker import run_forever as send_alerts

    helpers = [
        threading.Thread(target=_tick_forever, args=(stop,), name="accord-tick", daemon=True),
        threading.Thread(target=send_alerts, args=(stop,), name="accord-alerts", daemon=True),
    ]
    if workers > 1 and not os.environ.get("ACCORD_ANALYSIS_MODE"):
        from accord.consultations import recompute

        # The workers (spawned with this environment) leave the opinion maps alone, and this
        # process, which answers no requests, recomputes them as the votes come in.
        os.environ["ACCORD_ANALYSIS_MODE"] = "off"
        helpers.append(
            threading.Thread(
                target=recompute.watch, args=(stop,), name="accord-analysis", daemon=True
            )
        )
    for helper in helpers:
        helper.start()
    try:
        serve(host, port, workers)
    finally:
        stop.set()


def cmd_serve(args: argparse.Namespace) -> int:
    if args.workers < 1:
        print("accord: --workers must be at least 1", file=sys.stderr)
        return 2
    return _serve_checked(args)


@with_database()
def _serve_checked(args: argparse.Namespace) -> int:
    from accord.site.server import CannotListen

    try:
        _serve(args.host, args.port, args.workers)
    except CannotListen as error:
        print(f"accord: {error}", file=sys.stderr)
        return 2
    return 0

"""Serving the site, with the housekeeping (tick, alerts, opinion maps) running beside it."""

from __future__ import annotations

import argparse
import os
import sys
import threading

from accord.site.housekeeping import TICK_SECONDS
from accord.site.housekeeping import tick_forever as _tick_forever
from accord.site.readiness import with_database

__all__ = ["TICK_SECONDS", "_serve", "_serve_checked", "_tick_forever", "cmd_serve"]


def _serve(host: str, port: int, workers: int) -> None:
    from accord.site import housekeeping
    from accord.site.server import serve

    if workers > 1:
        # The workers leave the opinion maps alone (they are forked with this setting and
        # spawn nothing), and the housekeeping process recomputes them as votes come in.
        from django.conf import settings

        analysis = not os.environ.get("ACCORD_ANALYSIS_MODE")
        if analysis:
            os.environ["ACCORD_ANALYSIS_MODE"] = "off"
            settings.ACCORD_ANALYSIS_MODE = "off"
        serve(host, port, workers, analysis=analysis)
        return
    stop = threading.Event()
    housekeeping.start(stop, analysis=False)
    try:
        serve(host, port, workers)
    finally:
        stop.set()


def cmd_serve(args: argparse.Namespace) -> int:
    if args.workers < 1:
        print("accord: --workers must be at least 1", file=sys.stderr)
        return 2
    from accord.site.server import metrics_directory

    with metrics_directory(args.workers):  # before anything imports prometheus_client
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

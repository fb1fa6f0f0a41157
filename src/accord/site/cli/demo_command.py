"""Loading the demonstration."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from accord.site.readiness import with_database

from .admin import _manage
from .server import _serve


def cmd_demo(args: argparse.Namespace) -> int:
    # The demo is served over plain HTTP on this machine only.
    os.environ.setdefault("ACCORD_TLS", "0")
    os.environ.setdefault("ACCORD_DEBUG", "0")
    # The demo prints its alert mails unless pointed at a real SMTP server.
    os.environ.setdefault("ACCORD_EMAIL_URL", "console://")
    os.environ.setdefault("ACCORD_PUBLIC_URL", f"http://127.0.0.1:{args.port}")
    # Each member state's witness, run by the server with the keys of the demo's folder
    # (issue 13): the demo's checkpoints are cosigned as the states' own machines would.
    os.environ.setdefault("ACCORD_DEMO_WITNESSES", "1")
    return _demo(args)


@with_database(migrated=False)  # it migrates first
def _demo(args: argparse.Namespace) -> int:
    from django.conf import settings

    from accord.site import demo

    _manage("migrate", "--no-input", "-v", "0")
    keys_dir = Path(settings.DATA_DIR) / "demo-keys"
    scenario = demo.load(keys_dir)
    url = f"http://127.0.0.1:{args.port}/"
    print("Accord demo — an illustrative exercise, not a record of real positions.")
    print("Loaded the demo scenario." if scenario else "The demo scenario was already loaded.")
    print(f"\n  Open {url}\n")
    print(f"  Password for every demo sign-in: {demo.DEMO_PASSWORD}")
    print("  Sign-ins: chair, secretariat, admin, <iso3>-head, <iso3>-delegate")
    print("            (chn, rus, kaz, kgz, tjk, uzb, pak, ind; observers irn, mng, afg; uno)")
    print(f"  Heads and the chair also need a TOTP code: authenticator key {demo.DEMO_TOTP_SECRET}")
    print("            (or: accord totp — prints the current code for that key)")
    print(f"  States' private signing keys (as if on each ministry's machine): {keys_dir}")
    print(f"  Data directory: {settings.DATA_DIR}\n")
    if scenario:
        for note in scenario.notes:
            print(f"  {note}")
    _first_checkpoint()
    sys.stdout.flush()
    if args.no_serve:
        return 0
    _serve("127.0.0.1", args.port, 1)
    return 0


def _first_checkpoint() -> None:
    """The first tick now, not 30 s after the start: the scenario's checkpoint is published
    and cosigned by the demo's witnesses, so a bundle downloaded at once carries its
    inclusion proof (issue 13); before, it failed `inclusion-proof` for the first half-minute."""
    from accord.ledger.demo_witnesses import cosign_due
    from accord.site.ticks import run_due

    for line in [*run_due(), *cosign_due()]:
        print(f"  {line}")

"""The `accord` command (DESIGN §5). Commands that work offline on files — keygen, sign,
verify, opinion analyze, ledger verify FILE — do not start Django at all."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from accord.site.readiness import CannotRun, with_database

TICK_SECONDS = 30


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


@with_database(migrated=False)
def cmd_migrate(args: argparse.Namespace) -> int:
    _manage("migrate", "--no-input", *(["-v", "0"] if args.quiet else []))
    return 0


@with_database()
def cmd_createsuperuser(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["accord", "createsuperuser", *args.rest])
    return 0


@with_database(migrated=False)
def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["accord", *args.rest])
    return 0


@with_database()
def cmd_token_create(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from accord.members import services
    from accord.members.models import User

    user = User.objects.filter(username=args.username, is_active=True).first()
    if user is None:
        print(f"accord: no active user {args.username!r}", file=sys.stderr)
        return 2
    token, raw = services.issue_api_token(
        user=user, label=args.label, lifetime=timedelta(days=args.days)
    )
    print(raw)
    print(f"expires {token.expires_at.isoformat()}", file=sys.stderr)
    return 0


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


def cmd_demo(args: argparse.Namespace) -> int:
    # The demo is served over plain HTTP on this machine only.
    os.environ.setdefault("ACCORD_TLS", "0")
    os.environ.setdefault("ACCORD_DEBUG", "0")
    # The demo prints its alert mails unless pointed at a real SMTP server.
    os.environ.setdefault("ACCORD_EMAIL_URL", "console://")
    os.environ.setdefault("ACCORD_PUBLIC_URL", f"http://127.0.0.1:{args.port}")
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
    sys.stdout.flush()
    if args.no_serve:
        return 0
    _serve("127.0.0.1", args.port, 1)
    return 0


def cmd_totp(args: argparse.Namespace) -> int:
    import pyotp

    from accord.site.demo import DEMO_TOTP_SECRET

    print(pyotp.TOTP(args.secret or DEMO_TOTP_SECRET).now())
    return 0


@with_database()
def cmd_alerts_run(args: argparse.Namespace) -> int:
    from accord.alerts.cli import run_alerts

    return run_alerts(args)


@with_database()
def cmd_tick(args: argparse.Namespace) -> int:
    from accord.site.ticks import run_due

    for line in run_due():
        print(line)
    return 0


def cmd_ledger_verify(args: argparse.Namespace) -> int:
    from accord.ledger.ledger_cli import verify_file_command

    if args.file:
        return verify_file_command(
            Path(args.file),
            sys.stdout,
            sys.stderr,
            head=args.head,
            trust=_path(args.trust),
            checkpoint=_path(args.checkpoint),
        )
    if args.head or args.trust or args.checkpoint:
        print("accord: --head, --trust and --checkpoint check an exported FILE", file=sys.stderr)
        return 2
    return _verify_live_ledger()


@with_database()
def _verify_live_ledger() -> int:
    from accord.ledger.ledger_cli import verify_live_command

    return verify_live_command(sys.stdout, sys.stderr)


@with_database()
def cmd_ledger_export(args: argparse.Namespace) -> int:
    from accord.ledger.ledger_cli import export_command

    return export_command(Path(args.file), sys.stdout)


@with_database()
def cmd_trust_export(args: argparse.Namespace) -> int:
    from accord.ledger.trust import write_trust_file

    count = write_trust_file(Path(args.file))
    print(f"wrote the trust file {args.file}: {count} signing key(s) and the log key")
    return 0


def _path(value: str | None) -> Path | None:
    return None if value is None else Path(value)


def cmd_keygen(args: argparse.Namespace) -> int:
    from accord.negotiation.act_cli import keygen_root_command
    from accord.negotiation.signing_cli import keygen_command

    if args.root:
        return keygen_root_command(Path(args.out), sys.stdout, sys.stderr)
    return keygen_command(Path(args.out), sys.stdout)


def cmd_sign(args: argparse.Namespace) -> int:
    from accord.negotiation.signing_cli import sign_command

    return sign_command(Path(args.key), Path(args.bundle), sys.stdout, sys.stderr)


def cmd_verify(args: argparse.Namespace) -> int:
    from accord.negotiation.signing_cli import verify_command

    return verify_command(
        Path(args.bundle),
        sys.stdout,
        sys.stderr,
        trust=_path(args.trust),
        allow_unsigned=args.allow_unsigned,
    )


def cmd_opinion_analyze(args: argparse.Namespace) -> int:
    from accord.consultations.opinion_cli import analyze_command

    return analyze_command(Path(args.path), args.format, sys.stdout, seed=args.seed)


@with_database()
def cmd_backup(args: argparse.Namespace) -> int:
    from accord.site.backup import backup

    count = backup(Path(args.file))
    print(f"backed up {count} records to {args.file}")
    return 0


@with_database()
def cmd_restore(args: argparse.Namespace) -> int:
    from accord.site.backup import RestoreRefused, restore

    try:
        count = restore(Path(args.file))
    except RestoreRefused as refused:
        print(f"accord: {refused}", file=sys.stderr)
        return 1
    print(f"restored {count} records from {args.file}; the ledger verifies")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord", description="Accord: regional security dialogue"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="migrate, load the demo scenario once, and serve it")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="load the scenario and stop")
    demo.set_defaults(run=cmd_demo)

    serve = commands.add_parser("serve", help="production server (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=cmd_serve)

    migrate = commands.add_parser("migrate", help="create or update the database tables")
    migrate.add_argument("--quiet", action="store_true")
    migrate.set_defaults(run=cmd_migrate)

    superuser = commands.add_parser("createsuperuser", help="as in Django")
    superuser.add_argument("rest", nargs=argparse.REMAINDER)
    superuser.set_defaults(run=cmd_createsuperuser)

    manage = commands.add_parser("manage", help="any Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(run=cmd_manage)

    token = commands.add_parser("token", help="API tokens").add_subparsers(
        dest="sub", required=True
    )
    create = token.add_parser("create", help="print a new API token for USERNAME")
    create.add_argument("username")
    create.add_argument("--label", default="cli")
    create.add_argument("--days", type=int, default=30)
    create.set_defaults(run=cmd_token_create)

    keygen = commands.add_parser("keygen", help="make a state's Ed25519 key pair (offline)")
    keygen.add_argument("--out", required=True, help="private key file to write (mode 0600)")
    keygen.add_argument("--root", action="store_true", help="a state's root key (keep offline)")
    keygen.set_defaults(run=cmd_keygen)
    from accord.negotiation.act_cli import add_commands as add_roster_commands

    add_roster_commands(commands)  # `accord roster sign`, `accord act` (issue 12)

    sign = commands.add_parser("sign", help="sign a verification bundle (offline)")
    sign.add_argument("--key", required=True)
    sign.add_argument("bundle")
    sign.set_defaults(run=cmd_sign)

    verify = commands.add_parser("verify", help="check a verification bundle (offline)")
    verify.add_argument("bundle")
    verify.add_argument("--trust", help="trust file pinning the states' keys (accord trust export)")
    verify.add_argument(
        "--allow-unsigned", action="store_true", help="accept adopting states that have not signed"
    )
    verify.set_defaults(run=cmd_verify)

    trust = commands.add_parser("trust", help="the trust file").add_subparsers(
        dest="sub", required=True
    )
    texport = trust.add_parser("export", help="write this platform's keys, to pin")
    texport.add_argument("file")
    texport.set_defaults(run=cmd_trust_export)

    ledger = commands.add_parser("ledger", help="the hash-chained ledger").add_subparsers(
        dest="sub", required=True
    )
    lverify = ledger.add_parser("verify", help="check the live chain, or an exported FILE")
    lverify.add_argument("file", nargs="?")
    lverify.add_argument("--head", help="SEQ:HASH the export must end at (GET /api/v1/ledger/head)")
    lverify.add_argument("--trust", help="trust file pinning the log key (accord trust export)")
    lverify.add_argument(
        "--checkpoint", help="a checkpoint (GET /api/v1/ledger/checkpoint) or a witness file"
    )
    lverify.set_defaults(run=cmd_ledger_verify)
    lexport = ledger.add_parser("export", help="export the chain as JSON lines")
    lexport.add_argument("file")
    lexport.set_defaults(run=cmd_ledger_export)

    from accord.alerts.cli import add_parser as add_alerts_parser

    add_alerts_parser(commands, cmd_alerts_run)

    from accord.ledger.witness_cli import add_parser as add_witness_parser

    add_witness_parser(commands)

    tick = commands.add_parser("tick", help="run what is due (idempotent)")
    tick.set_defaults(run=cmd_tick)

    totp = commands.add_parser("totp", help="print the current code for a TOTP key (demo aid)")
    totp.add_argument("secret", nargs="?")
    totp.set_defaults(run=cmd_totp)

    opinion = commands.add_parser("opinion", help="opinion analysis").add_subparsers(
        dest="sub", required=True
    )
    analyze = opinion.add_parser("analyze", help="analyse a Pol.is export folder")
    analyze.add_argument("path")
    analyze.add_argument("--format", choices=["table", "json"], default="table")
    analyze.add_argument("--seed", type=int, default=0)
    analyze.set_defaults(run=cmd_opinion_analyze)

    backup = commands.add_parser("backup", help="consistent backup to FILE")
    backup.add_argument("file")
    backup.set_defaults(run=cmd_backup)
    restore = commands.add_parser("restore", help="restore FILE into an empty database")
    restore.add_argument("file")
    restore.set_defaults(run=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.run(args)
    except CannotRun as refused:
        print(f"accord: {refused}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())

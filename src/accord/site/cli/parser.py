"""The command line's parser and entry point."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from accord.site.readiness import CannotRun

from .admin import (
    cmd_alerts_run,
    cmd_createsuperuser,
    cmd_manage,
    cmd_migrate,
    cmd_tick,
    cmd_token_create,
    cmd_totp,
)
from .demo_command import cmd_demo
from .files import (
    cmd_backup,
    cmd_keygen,
    cmd_ledger_export,
    cmd_ledger_verify,
    cmd_opinion_analyze,
    cmd_restore,
    cmd_sign,
    cmd_trust_export,
    cmd_verify,
)
from .server import cmd_serve


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
    verify.add_argument(
        "--predates-log",
        action="store_true",
        help="accept a bundle without a ledger section (a deployment before the transparency log)",
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
        "--checkpoint", help="a cosigned checkpoint (the ledger page's download) or a witness file"
    )
    lverify.add_argument(
        "--quorum",
        type=int,
        default=1,
        help="states whose pinned keys must have cosigned the checkpoint (default 1)",
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

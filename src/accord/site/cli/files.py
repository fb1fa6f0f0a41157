"""Commands on files: the ledger, the trust list, keys and signatures, opinion analysis, backups."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from accord.site.readiness import with_database


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
            quorum=args.quorum,
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
        predates_log=args.predates_log,
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

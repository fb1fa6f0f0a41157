"""Commands that administer the installation: migrate, manage, superuser, tokens, tick, alerts."""

from __future__ import annotations

import argparse
import sys

from accord.site.readiness import with_database


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

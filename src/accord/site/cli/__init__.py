"""The `accord` command (DESIGN §5), one module per kind of command; `parser` builds the
command line and holds `main`. Commands that work offline on files — keygen, sign, verify,
opinion analyze, ledger verify FILE — do not start Django at all."""

from __future__ import annotations

from .admin import (
    _manage as _manage,
)
from .admin import (
    cmd_alerts_run,
    cmd_createsuperuser,
    cmd_manage,
    cmd_migrate,
    cmd_tick,
    cmd_token_create,
    cmd_totp,
)
from .demo_command import (
    _demo as _demo,
)
from .demo_command import (
    cmd_demo,
)
from .files import (
    _path as _path,
)
from .files import (
    _verify_live_ledger as _verify_live_ledger,
)
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
from .parser import (
    build_parser,
    main,
)
from .server import (
    TICK_SECONDS,
    cmd_serve,
)
from .server import (
    _serve as _serve,
)
from .server import (
    _serve_checked as _serve_checked,
)
from .server import (
    _tick_forever as _tick_forever,
)

__all__ = [
    "TICK_SECONDS",
    "build_parser",
    "cmd_alerts_run",
    "cmd_backup",
    "cmd_createsuperuser",
    "cmd_demo",
    "cmd_keygen",
    "cmd_ledger_export",
    "cmd_ledger_verify",
    "cmd_manage",
    "cmd_migrate",
    "cmd_opinion_analyze",
    "cmd_restore",
    "cmd_serve",
    "cmd_sign",
    "cmd_tick",
    "cmd_token_create",
    "cmd_totp",
    "cmd_trust_export",
    "cmd_verify",
    "main",
]

"""Fixtures of the rules-of-procedure tests: a ministerial meeting under a series' rules,
and the real SMTP server and webhook receiver of the alert tests."""

from alert_fixtures import receiver, smtp  # noqa: F401
from procedure_fixtures import *  # noqa: F403

"""Fixtures of the rules-of-procedure tests: a ministerial meeting under a series' rules."""

from procedure_fixtures import *  # noqa: F403

"""Fixtures shared with the other test folder of this app, kept in one module under tests/."""

from mediator_fixtures import *  # noqa: F403
from mediator_fixtures import _offline_mediator  # noqa: F401  (autouse; a star import skips it)

"""Fixtures shared with the other test folder of this app, kept in one module under tests/."""

from negotiation_fixtures import *  # noqa: F403

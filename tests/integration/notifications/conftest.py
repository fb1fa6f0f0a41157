"""Fixtures shared with the other test folder of this app, kept in one module under tests/."""

from notification_fixtures import *  # noqa: F403

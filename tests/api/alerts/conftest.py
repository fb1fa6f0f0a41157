"""Fixtures shared by the alert tests."""

from alert_fixtures import *  # noqa: F403

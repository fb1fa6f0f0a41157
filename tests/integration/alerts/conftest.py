"""Fixtures shared by the alert tests."""

from alert_fixtures import *  # noqa: F403
from negotiation_fixtures import *  # noqa: F403
from notification_fixtures import *  # noqa: F403

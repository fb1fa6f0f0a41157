"""Fixtures shared with the other test folders of the pages, kept in one module under tests/."""

from negotiation_fixtures import *  # noqa: F403

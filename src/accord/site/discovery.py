"""The apps' discovery, under its old path: see `accord.edge.discovery` (issue 16: the event
stream below the site uses it too)."""

from accord.edge.discovery import APPS, app_modules

__all__ = ["APPS", "app_modules"]

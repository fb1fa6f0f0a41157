"""Apps contribute to the API, the pages, `accord tick` and `accord demo` by having a module
of the right name; this finds them, in the dialogue's own order."""

from __future__ import annotations

import importlib
from types import ModuleType

APPS = (
    "members",
    "ledger",
    "dialogue",
    "negotiation",
    "consultations",
    "notifications",
    "mediator",
    "alerts",
    "languages",
    "proceedings",
    "registry",
    "search",
)


def app_modules(name: str) -> list[ModuleType]:
    """`accord.<app>.<name>` for every app that has one."""
    found = []
    for app in APPS:
        qualified = f"accord.{app}.{name}"
        try:
            found.append(importlib.import_module(qualified))
        except ModuleNotFoundError as missing:
            if missing.name not in (qualified, f"accord.{app}"):
                raise
    return found

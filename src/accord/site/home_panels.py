"""The home page's "what needs you": a list of panels, each made by a provider function.

A provider takes the signed-in person and the time and returns a `Panel` (or None when it
has nothing for that person: not their role, nothing due). Providers live in their app, in
a module of their own; adding one is one line in `PROVIDERS`. A provider reads through the
selectors or the visibility filter, like any page: it never shows what the person may not see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.module_loading import import_string

from accord.members.models import User


@dataclass(frozen=True)
class Task:
    """One thing to do, as a sentence, linked to where it is done."""

    text: str
    url: str
    due: datetime | None = None  # shown as a countdown ("in 2 days", "overdue by 3 h")
    detail: str = ""


@dataclass(frozen=True)
class Panel:
    key: str  # the panel's id on the page (`panel-<key>`)
    title: str
    tasks: list[Task] = field(default_factory=list)
    # A panel that only informs (a silence procedure running) says so; it asks no act.
    informs: bool = False


Provider = Callable[[User, datetime], "Panel | None"]

# One line per panel, in the order they are shown.
PROVIDERS: tuple[str, ...] = (
    "accord.ledger.home_panels.witness_silent",
    "accord.negotiation.home_panels.acts_awaited",
    "accord.negotiation.home_panels.silence_running",
    "accord.notifications.home_panels.duty_due",
    "accord.dialogue.home_panels.floor_and_bilaterals",
    "accord.negotiation.home_panels.amendments_to_answer",
    "accord.negotiation.home_panels.chair_documents",
    "accord.dialogue.home_panels.speakers_waiting",
    "accord.consultations.home_panels.moderation",
    "accord.dialogue.home_panels.meetings_to_prepare",
    "accord.proceedings.home_panels.overdue_commitments",
)


def panels_for(user: User, now: datetime) -> list[Panel]:
    """The panels that have something for `user`, in `PROVIDERS` order."""
    found = []
    for path in PROVIDERS:
        provider: Provider = import_string(path)
        made = provider(user, now)
        if made is not None and made.tasks:
            found.append(made)
    return found

"""The procedure panel on the home page (`site.home_panels`): overdue commitments."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from accord.members.models import User
from accord.site.home_panels import Panel, Task

from . import follow_up


def overdue_commitments(user: User, now: datetime) -> Panel | None:
    """Commitments past their due date under texts the person may see."""
    items = follow_up.overdue(user, today=now.date())
    if not items:
        return None
    tasks = [
        Task(
            _("“%(commitment)s” under %(paragraph)s of “%(document)s” is overdue.")
            % {"commitment": c.description, "paragraph": c.paragraph, "document": c.document.title},
            reverse("proceedings:matrix", args=[c.document.public_id]),
        )
        for c in items
    ]
    return Panel("overdue-commitments", _("Overdue commitments"), tasks, informs=True)

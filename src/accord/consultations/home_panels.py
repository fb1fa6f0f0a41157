"""The moderators' panel on the home page (`site.home_panels`): statements waiting."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.consultations.models import Statement
from accord.consultations.selectors import can_moderate, visible_consultations
from accord.members.models import User
from accord.site.home_panels import Panel, Task


def moderation(user: User, now: datetime) -> Panel | None:
    """Consultations with statements awaiting moderation, for those who moderate them."""
    pending = Count("statements", filter=Q(statements__status=Statement.Status.PENDING))
    found = visible_consultations(user).annotate(pending=pending).filter(pending__gt=0)
    tasks = [
        Task(
            ngettext(
                "Moderate %(count)d statement in “%(title)s”.",
                "Moderate %(count)d statements in “%(title)s”.",
                c.pending,
            )
            % {"count": c.pending, "title": c.title},
            reverse("consultations:detail", args=[c.public_id]) + "#moderation",
        )
        for c in found[:20]
        if can_moderate(user, c)
    ]
    return Panel("moderation", _("Moderation"), tasks)

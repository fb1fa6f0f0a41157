"""The ledger's panel on the home page (`site.home_panels`): a member state's witness that has
not cosigned for a day (issue 13)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from accord.ledger.models import LedgerCheckpoint
from accord.ledger.witness_status import SILENCE, member_status
from accord.members.models import User
from accord.site.home_panels import Panel, Task


def witness_silent(user: User, now: datetime) -> Panel | None:
    """For the people of a member state whose witness has left a checkpoint uncosigned for
    a day or more (`witness_status`); nothing for anyone else."""
    state = user.state
    if state is None or not state.is_member:
        return None
    status = member_status(state, now, LedgerCheckpoint.objects.order_by("-size").first())
    if not status.silent or status.waiting_since is None:
        return None
    task = Task(
        _("Your state's witness has not cosigned the ledger for more than a day."),
        reverse("ledger:ledger"),
        due=status.waiting_since + SILENCE,
        detail=_("Run accord witness on your state's machine: see the ledger page."),
    )
    return Panel("witness-silent", _("The ledger's witness"), [task])

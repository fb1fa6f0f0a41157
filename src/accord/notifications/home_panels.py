"""The duty officer's panel on the home page (`site.home_panels`): notifications to
acknowledge, replies due and unread hotline messages."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.members.models import User
from accord.notifications.selectors import awaiting_state
from accord.site.home_panels import Panel, Task


def duty_due(user: User, now: datetime) -> Panel | None:
    """For the duty officer (and the head): what the state must acknowledge or answer."""
    if user.state is None or not (user.is_duty_officer or user.is_head):
        return None
    waiting = awaiting_state(user)
    tasks = []
    for n in waiting.to_acknowledge:
        text = _("Acknowledge %(state)s’s notification “%(subject)s”.") % {
            "state": n.sender_state.name,
            "subject": n.subject,
        }
        tasks.append(Task(text, reverse("notifications:detail", args=[n.public_id]), n.ack_due_at))
    for n in waiting.replies_due:
        text = _("Reply to %(state)s’s notification “%(subject)s”.") % {
            "state": n.sender_state.name,
            "subject": n.subject,
        }
        tasks.append(
            Task(text, reverse("notifications:detail", args=[n.public_id]), n.reply_due_at)
        )
    if waiting.hotline_unread:
        count = len(waiting.hotline_unread)
        text = ngettext(
            "%(count)d hotline message unread.", "%(count)d hotline messages unread.", count
        ) % {"count": count}
        tasks.insert(0, Task(text, reverse("notifications:hotline")))
    return Panel("duty", _("Acknowledgements and replies due"), tasks)

"""The dialogue's panels on the home page (`site.home_panels`): the floor and bilateral
requests of a delegation, the chair's waiting speakers, the secretariat's meetings to
prepare."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.dialogue import selectors
from accord.dialogue.models import Bilateral, FloorRequest
from accord.members.models import User
from accord.site.home_panels import Panel, Task

LIMIT = 20
PREPARE_AHEAD = timedelta(days=30)


def _meeting_url(meeting_id: str) -> str:
    return reverse("dialogue:meeting", args=[meeting_id])


def floor_and_bilaterals(user: User, now: datetime) -> Panel | None:
    """For a delegation: the floor given to it or asked for, bilaterals to answer."""
    if user.state is None:
        return None
    tasks = []
    floors = (
        FloorRequest.objects.filter(
            item__meeting__in=selectors.meetings(user),
            state_id=user.state_id,
            status__in=[FloorRequest.Status.HAS_FLOOR, FloorRequest.Status.WAITING],
        )
        .select_related("item__meeting")
        .order_by("-status", "requested_at")[:LIMIT]
    )
    for floor in floors:
        names = {"meeting": floor.item.meeting.title, "item": floor.item.title}
        if floor.status == FloorRequest.Status.HAS_FLOOR:
            text = _("Your state has the floor at “%(meeting)s” on “%(item)s”.") % names
        else:
            text = _("Your state waits for the floor at “%(meeting)s” on “%(item)s”.") % names
        tasks.append(Task(text, _meeting_url(floor.item.meeting.public_id)))
    asked = (
        selectors.bilaterals(user)
        .filter(counterpart_id=user.state_id, status=Bilateral.Status.REQUESTED)
        .select_related("requester")
        .order_by("requested_at")[:LIMIT]
    )
    for bilateral in asked:
        text = _("Answer %(state)s’s request for a bilateral: “%(subject)s”.") % {
            "state": bilateral.requester.name,
            "subject": bilateral.subject,
        }
        tasks.append(Task(text, reverse("dialogue:bilaterals") + f"#{bilateral.public_id}"))
    return Panel("floor", _("Floor and bilateral requests"), tasks)


def speakers_waiting(user: User, now: datetime) -> Panel | None:
    """For the chair: meetings where states wait for the floor."""
    if not user.is_chair:
        return None
    meetings = (
        selectors.meetings(user)
        .annotate(
            waiting=Count(
                "agenda_items__floor_requests",
                filter=Q(agenda_items__floor_requests__status=FloorRequest.Status.WAITING),
            )
        )
        .filter(waiting__gt=0)
        .order_by("starts_at")[:LIMIT]
    )
    tasks = [
        Task(
            ngettext(
                "%(count)d state waits for the floor at “%(meeting)s”.",
                "%(count)d states wait for the floor at “%(meeting)s”.",
                m.waiting,
            )
            % {"count": m.waiting, "meeting": m.title},
            _meeting_url(m.public_id) + "#speakers",
        )
        for m in meetings
    ]
    return Panel("speakers", _("Speakers waiting"), tasks)


def meetings_to_prepare(user: User, now: datetime) -> Panel | None:
    """For the secretariat and the chair: meetings in the next 30 days whose agenda is
    not adopted yet."""
    if not (user.is_secretariat or user.is_chair):
        return None
    meetings = (
        selectors.meetings(user)
        .filter(starts_at__gte=now, starts_at__lte=now + PREPARE_AHEAD)
        .filter(agenda_adopted_at__isnull=True)
        .order_by("starts_at")[:LIMIT]
    )
    tasks = [
        Task(
            _("Prepare the agenda of “%(meeting)s”.") % {"meeting": m.title},
            _meeting_url(m.public_id),
            m.starts_at,
        )
        for m in meetings
    ]
    return Panel("meetings", _("Meetings to prepare"), tasks)

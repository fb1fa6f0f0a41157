"""Reads about contact channels and alerts, scoped to who asks.

A person sees their own channels and alerts. A state's heads and duty officers also see
the state's own channels and every alert sent on the state's behalf (its delivery state
and attempts): the state answers for whether its people were reached.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accord.alerts.models import Alert, Attempt, Channel, Preference
from accord.domain.alerts import PREFERABLE, Mode, Trigger, mandatory_for
from accord.domain.errors import NotFound
from accord.edge.pagination import FIRST_PAGE, Page, PageRequest, paginate
from accord.members.models import User


def speaks_for_state(user: User) -> bool:
    return user.state_id is not None and (user.is_head or user.is_duty_officer)


def channels_of(user: User) -> QuerySet[Channel]:
    mine = Q(person=user)
    if speaks_for_state(user):
        mine |= Q(person__isnull=True, state_id=user.state_id)
    return Channel.objects.filter(mine, removed_at__isnull=True).order_by("created_at", "id")


def get_channel(user: User, public_id: str) -> Channel:
    channel = channels_of(user).filter(public_id=public_id).first()
    if channel is None:
        raise NotFound("No such contact channel.")
    return channel


def preferences_of(user: User) -> list[tuple[Trigger, Mode, bool]]:
    """(trigger, mode in effect, whether the state fixes it) for every trigger."""
    chosen = {pref.trigger: Mode(pref.mode) for pref in Preference.objects.filter(person=user)}
    fixed = mandatory_for(is_duty_officer=user.is_duty_officer, is_head=user.is_head)
    return [
        (
            trigger,
            Mode.IMMEDIATE if trigger in fixed else chosen.get(trigger.value, Mode.IMMEDIATE),
            trigger in fixed,
        )
        for trigger in PREFERABLE
    ]


def alerts_page(
    user: User, *, status: str | None = None, page: PageRequest = FIRST_PAGE
) -> Page[Alert]:
    """A page of `alerts_for`, newest first."""
    rows = alerts_for(user)
    if status:
        rows = rows.filter(status=status)
    return paginate(rows, page, order=("-created_at", "-id"))


def alerts_for(user: User) -> QuerySet[Alert]:
    mine = Q(person=user)
    if speaks_for_state(user):
        mine |= Q(state_id=user.state_id)
    return (
        Alert.objects.filter(mine)
        .exclude(trigger=Trigger.VERIFICATION.value)
        .select_related("channel", "person")
        .order_by("-created_at", "-id")
    )


def get_alert(user: User, public_id: str) -> Alert:
    alert = alerts_for(user).filter(public_id=public_id).first()
    if alert is None:
        raise NotFound("No such alert.")
    return alert


def attempts_of(alert: Alert) -> QuerySet[Attempt]:
    """Precondition: `alert` came from `get_alert` for the asking user."""
    return alert.attempt_log.order_by("started_at", "id")


def unreachable(states: list[str]) -> list[str]:
    """The states among `states` with no verified channel: neither their own nor one of a
    head or duty officer of theirs (whom a silence procedure's alerts go to)."""
    verified = Channel.objects.filter(verified_at__isnull=False, removed_at__isnull=True)
    own = set(verified.filter(person__isnull=True).values_list("state_id", flat=True))
    officers = set(
        verified.filter(
            Q(person__is_duty_officer=True) | Q(person__role=User.Role.HEAD),
            person__is_active=True,
        ).values_list("person__state_id", flat=True)
    )
    return [code for code in states if code not in own | officers]

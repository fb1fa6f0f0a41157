"""Reads of the hotline as conversations: one thread per counterpart state, the unread count
the header shows on every page. Built on `selectors.hotline_messages`, so the same rule 5
filter decides what anyone sees (the two states only; never the secretariat)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q

from accord.edge.pagination import FIRST_PAGE, Page, PageRequest, paginate
from accord.members.models import State, User
from accord.notifications import selectors
from accord.notifications.models import HotlineMessage


@dataclass(frozen=True)
class Counterpart:
    code: str
    name: str
    unread: int
    last_at: datetime | None


def uses_hotline(user: User) -> bool:
    """Whether the hotline is the user's at all: a member state's delegation."""
    return user.state is not None and user.state.is_member


def unread_count(user: User) -> int | None:
    """Unread messages addressed to the user's state; None when the user has no hotline."""
    if not uses_hotline(user):
        return None
    return (
        selectors.hotline_messages(user)
        .filter(to_state_id=user.state_id, read_at__isnull=True)
        .count()
    )


def counterparts(user: User) -> list[Counterpart]:
    """Every other member state, and any former correspondent: most recent thread first."""
    if not uses_hotline(user):
        return []
    mine = user.state_id
    rows = selectors.hotline_messages(user).order_by()
    stats: dict[str, tuple[int, datetime | None]] = {}
    for column in ("from_state_id", "to_state_id"):
        other = "to_state_id" if column == "from_state_id" else "from_state_id"
        grouped = (
            rows.filter(**{column: mine})
            .values(other)
            .annotate(
                last=Max("sent_at"),
                unread=Count("id", filter=Q(to_state_id=mine, read_at__isnull=True)),
            )
        )
        for row in grouped:
            unread, last = stats.get(row[other], (0, None))
            newest = max((d for d in (last, row["last"]) if d is not None), default=None)
            stats[row[other]] = (unread + row["unread"], newest)
    states = State.objects.filter(
        Q(status=State.Status.MEMBER, left_on__isnull=True) | Q(code__in=list(stats))
    ).exclude(code=mine or "")
    found = [
        Counterpart(s.code, s.name, *stats.get(s.code, (0, None))) for s in states.order_by("code")
    ]
    # Threads with messages first, newest first; then the rest in the order of their codes.
    return sorted(found, key=lambda c: -(c.last_at.timestamp()) if c.last_at else float("inf"))


def thread(user: User, counterpart: str, *, page: PageRequest = FIRST_PAGE) -> Page[HotlineMessage]:
    """A page of the conversation of the user's state with `counterpart`: the latest
    messages (or those before `page.cursor`), shown oldest first; `next` leads to the
    earlier ones."""
    if not uses_hotline(user):
        return Page([], None)
    found = paginate(
        selectors.hotline_messages(user, with_state=counterpart), page, order=selectors.LATEST_FIRST
    )
    return Page(found.items[::-1], found.next)

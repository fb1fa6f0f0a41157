"""Every read of the dialogue, for one acting user.

Each list filters in the query with `accord.members.access.visible_to`; each `get_x`
raises the same `NotFound` for "absent" and "not yours". Agenda items, the list of
speakers and sittings have their meeting's audience, so they are reached through a
visible meeting only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from accord.domain import search
from accord.domain.errors import NotFound
from accord.domain.visibility import ANONYMOUS, Viewer
from accord.edge.pagination import FIRST_PAGE, Page, PageRequest, paginate
from accord.edge.search import answering
from accord.members.access import AudienceQuerySet
from accord.members.models import User

from .models import (
    AgendaItem,
    Bilateral,
    CalendarFeed,
    Concern,
    FloorRequest,
    Intervention,
    Meeting,
    MeetingDocument,
)


def viewer_of(user: User | None) -> Viewer:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    return user.viewer()


def _visible(queryset: AudienceQuerySet, user: User | None) -> QuerySet:
    return queryset.visible_to(viewer_of(user))


# --- Concerns -------------------------------------------------------------------------


def concerns(user: User | None) -> QuerySet[Concern]:
    return _visible(Concern.objects.all(), user)


def list_concerns(
    user: User | None,
    *,
    status: str | None = None,
    category: str | None = None,
    member: str | None = None,
    page: PageRequest = FIRST_PAGE,
) -> Page[Concern]:
    """A page of the concerns the user may see, newest first; `member` matches the raising,
    co-sponsoring or affected state (a filter on visible rows only, so it tells nothing of
    hidden ones)."""
    found = concerns(user).select_related("raised_by_state")
    if status:
        found = found.filter(status=status)
    if category:
        found = found.filter(category=category)
    if member:
        code = member.upper()
        found = found.filter(
            Q(raised_by_state_id=code) | Q(co_sponsors__code=code) | Q(affected_states__code=code)
        ).distinct()
    return paginate(found.prefetch_related("co_sponsors", "affected_states"), page)


def get_concern(user: User | None, concern_id: int, *, for_update: bool = False) -> Concern:
    queryset = Concern.objects.select_for_update() if for_update else Concern.objects.all()
    concern = _visible(queryset, user).filter(pk=concern_id).first()
    if concern is None:
        raise NotFound("no such concern")
    return concern


# --- Meetings -------------------------------------------------------------------------


def meetings(user: User | None) -> QuerySet[Meeting]:
    return _visible(Meeting.objects.all(), user)


def list_meetings(
    user: User | None,
    *,
    kind: str | None = None,
    after: datetime | None = None,
    page: PageRequest = FIRST_PAGE,
) -> Page[Meeting]:
    """A page of the meetings the user may see, the latest first."""
    found = meetings(user)
    if kind:
        found = found.filter(kind=kind)
    if after is not None:
        found = found.filter(ends_at__gte=after)
    return paginate(found.prefetch_related("participants", "observers"), page)


def get_meeting(user: User | None, meeting_id: int, *, for_update: bool = False) -> Meeting:
    queryset = Meeting.objects.select_for_update() if for_update else Meeting.objects.all()
    meeting = _visible(queryset, user).filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound("no such meeting")
    return meeting


def agenda(user: User | None, meeting_id: int) -> list[AgendaItem]:
    meeting = get_meeting(user, meeting_id)
    return list(meeting.agenda_items.select_related("concern"))


def list_of_speakers(
    user: User | None, meeting_id: int, page: PageRequest = FIRST_PAGE
) -> Page[FloorRequest]:
    """A page of the requests for the floor at a meeting, in the order they were made."""
    meeting = get_meeting(user, meeting_id)
    found = FloorRequest.objects.filter(item__meeting=meeting).select_related("item", "state")
    return paginate(found, page)


@dataclass(frozen=True)
class MeetingPage:
    """What a meeting's page shows, the meeting read once."""

    meeting: Meeting
    states_here: set[str]  # its participants and its observers
    items: list[AgendaItem]
    speakers: list[FloorRequest]
    interventions: list[Intervention]  # one page, in the order they were delivered
    earlier: str | None  # the cursor of the page of interventions before these


# The meeting page reads its interventions the latest first, a page at a time, and shows
# each page in the order they were delivered.
LATEST_FIRST = ("-delivered_at", "-id")


def get_meeting_page(
    user: User | None, meeting_id: int, *, page: PageRequest = FIRST_PAGE
) -> MeetingPage:
    """The meeting, its agenda, list of speakers and a page of its interventions (the
    latest, or those before `page.cursor`), for its page."""
    found = _visible(Meeting.objects.prefetch_related("sittings"), user).filter(pk=meeting_id)
    meeting = found.first()
    if meeting is None:
        raise NotFound("no such meeting")
    participants = Meeting.participants.through.objects.filter(meeting_id=meeting.pk)
    observers = Meeting.observers.through.objects.filter(meeting_id=meeting.pk)
    here = set(
        participants.values_list("state_id", flat=True).union(
            observers.values_list("state_id", flat=True)
        )
    )
    items = list(meeting.agenda_items.select_related("concern"))
    speakers = (  # a floor is asked on an agenda item: none without an agenda
        list(FloorRequest.objects.filter(item__meeting=meeting).select_related("item", "state"))
        if items
        else []
    )
    spoken = paginate(
        interventions(user).filter(meeting=meeting).select_related("state", "speaker", "item"),
        page,
        order=LATEST_FIRST,
    )
    for intervention in spoken.items:
        intervention.meeting = meeting
    return MeetingPage(meeting, here, items, speakers, spoken.items[::-1], spoken.next)


def interventions(user: User | None) -> QuerySet[Intervention]:
    return _visible(Intervention.objects.all(), user)


def list_interventions(
    user: User | None, meeting_id: int, *, page: PageRequest = FIRST_PAGE
) -> Page[Intervention]:
    """A page of the meeting's interventions the user may see, in the order delivered."""
    return paginate(_interventions_at(user, get_meeting(user, meeting_id)), page)


def _interventions_at(user: User | None, meeting: Meeting) -> QuerySet[Intervention]:
    return (
        interventions(user)
        .filter(meeting=meeting)
        .select_related("state", "speaker", "item", "meeting")
    )


def get_intervention(user: User | None, intervention_id: int) -> Intervention:
    found = interventions(user).filter(pk=intervention_id).first()
    if found is None:
        raise NotFound("no such intervention")
    return found


def list_documents(
    user: User | None, meeting_id: int, *, page: PageRequest = FIRST_PAGE
) -> Page[MeetingDocument]:
    return paginate(documents_at(user, get_meeting(user, meeting_id)), page)


def documents_at(user: User | None, meeting: Meeting) -> QuerySet[MeetingDocument]:
    """The documents attached to `meeting` (which `user` may see) that `user` may see."""
    return _visible(MeetingDocument.objects.filter(meeting=meeting), user)


@dataclass(frozen=True)
class SummaryRecord:
    meeting: Meeting
    items: list[tuple[AgendaItem | None, list[Intervention]]]


def summary_record(user: User | None, meeting_id: int) -> SummaryRecord:
    """The summary record: the visible interventions, item by item, in the order given."""
    meeting = get_meeting(user, meeting_id)
    spoken = list(_interventions_at(user, meeting))
    sections: list[tuple[AgendaItem | None, list[Intervention]]] = []
    loose = [i for i in spoken if i.item_id is None]
    if loose:
        sections.append((None, loose))
    for item in meeting.agenda_items.all():
        sections.append((item, [i for i in spoken if i.item_id == item.pk]))
    return SummaryRecord(meeting=meeting, items=sections)


# --- Bilaterals -----------------------------------------------------------------------


def bilaterals(user: User | None) -> QuerySet[Bilateral]:
    return _visible(Bilateral.objects.all(), user)


def list_bilaterals(
    user: User | None, *, meeting_id: int | None = None, page: PageRequest = FIRST_PAGE
) -> Page[Bilateral]:
    """A page of the bilaterals the user may see (those at one meeting), the latest first."""
    found = bilaterals(user).select_related("meeting", "requester", "counterpart", "session")
    if meeting_id is not None:
        found = found.filter(meeting_id=meeting_id)
    return paginate(found.prefetch_related("slots"), page)


def get_bilateral(user: User | None, bilateral_id: int, *, for_update: bool = False) -> Bilateral:
    queryset = Bilateral.objects.select_for_update() if for_update else Bilateral.objects.all()
    found = _visible(queryset, user).filter(pk=bilateral_id).first()
    if found is None:
        raise NotFound("no such bilateral")
    return found


# --- Search ---------------------------------------------------------------------------


def found_concerns(user: User | None, words: search.Query) -> QuerySet[Concern]:
    """The concerns the user may see whose title or summary holds `words` (`accord.search`
    pages them)."""
    return concerns(user).filter(answering(words))


def found_interventions(user: User | None, words: search.Query) -> QuerySet[Intervention]:
    """The interventions the user may see whose text holds `words`, with their meeting and
    state (`accord.search` pages them)."""
    return interventions(user).select_related("meeting", "state").filter(answering(words))


# --- Calendar -------------------------------------------------------------------------


def calendar_meetings(user: User) -> QuerySet[Meeting]:
    """The meetings in a person's calendar: those their delegation attends (the
    secretariat: every meeting it may see), bilateral sessions included."""
    found = meetings(user)
    if user.state_id is not None:
        found = found.filter(
            Q(participants__code=user.state_id) | Q(observers__code=user.state_id)
        ).distinct()
    return found.order_by("starts_at", "id")


def user_for_calendar_token(token_hash: str) -> User | None:
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=token_hash).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user

"""What the dialogue's services publish: concerns, meetings, the floor, interventions,
bilaterals, the calendar feed."""

from __future__ import annotations

from dataclasses import dataclass

from accord.domain import events

from .base import Published


@dataclass(frozen=True, kw_only=True)
class ConcernRaised(Published):
    KIND = events.CONCERN_RAISED
    title: str
    category: str
    state: str
    affected_states: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ConcernCoSponsored(Published):
    KIND = events.CONCERN_CO_SPONSORED
    concern: str
    state: str


@dataclass(frozen=True, kw_only=True)
class ConcernMoved(Published):
    KIND = events.CONCERN_MOVED
    concern: str
    from_: str
    to: str
    note: str


@dataclass(frozen=True, kw_only=True)
class MeetingConvened(Published):
    KIND = events.MEETING_CONVENED
    title: str
    kind: str
    starts_at: str
    ends_at: str
    participants: tuple[str, ...]
    observers: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class AgendaItemAdded(Published):
    KIND = events.AGENDA_ITEM_ADDED
    meeting: str
    number: int
    title: str
    concern: str | None


@dataclass(frozen=True, kw_only=True)
class AgendaAdopted(Published):
    KIND = events.AGENDA_ADOPTED
    meeting: str
    items: int


@dataclass(frozen=True, kw_only=True)
class FloorRequested(Published):
    KIND = events.FLOOR_REQUESTED
    meeting: str
    item: str
    state: str


@dataclass(frozen=True, kw_only=True)
class FloorGiven(Published):
    KIND = events.FLOOR_GIVEN
    meeting: str
    item: str
    state: str


@dataclass(frozen=True, kw_only=True)
class InterventionDelivered(Published):
    """The ledger keeps the text; the stream names who spoke where (`KIND.stream_fields`)."""

    KIND = events.INTERVENTION_DELIVERED
    meeting: str
    item: str | None
    kind: str
    state: str | None
    as_chair: bool
    in_reply_to: str | None
    language: str
    text: str


@dataclass(frozen=True, kw_only=True)
class DocumentAttached(Published):
    KIND = events.DOCUMENT_ATTACHED
    meeting: str
    title: str
    language: str


@dataclass(frozen=True, kw_only=True)
class BilateralRequested(Published):
    KIND = events.BILATERAL_REQUESTED
    meeting: str
    requester: str
    counterpart: str
    subject: str
    slots: tuple[tuple[str, str], ...]  # (starts_at, ends_at), ISO 8601


@dataclass(frozen=True, kw_only=True)
class BilateralAccepted(Published):
    KIND = events.BILATERAL_ACCEPTED
    meeting: str
    session: str
    starts_at: str
    ends_at: str


@dataclass(frozen=True, kw_only=True)
class BilateralDeclined(Published):
    KIND = events.BILATERAL_DECLINED
    meeting: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class CalendarFeedIssued(Published):
    KIND = events.CALENDAR_FEED_ISSUED
    user: str

"""The events services publish, one frozen dataclass per kind (issue 16).

Import from here (`from accord.domain import published`): a service records its write as
`record(actor=…, obj=…, event=published.ConcernRaised(audience=concern.audience, …))`. Each
class names its kind of the catalogue (`accord.domain.events`), carries its `audience`
explicitly and declares the payload's fields; `payload()` is what the ledger keeps and the
stream's data is made from, so the fields are the wire format of `GET /api/v1/events`
(`tests/unit/domain/published/` pins the serialised form of every class). `BY_KIND` maps a
kind's name to its class: one class a kind.
"""

from accord.domain.published.base import BY_KIND, Published
from accord.domain.published.consultations import (
    ConsultationAnalysisUpdated,
    ConsultationClosed,
    ConsultationCreated,
    ConsultationImported,
    ConsultationInvited,
    ConsultationStatementModerated,
    ConsultationStatementSubmitted,
    ConsultationVoteCast,
    ConsultationVotesCast,
)
from accord.domain.published.dialogue import (
    AgendaAdopted,
    AgendaItemAdded,
    BilateralAccepted,
    BilateralDeclined,
    BilateralRequested,
    CalendarFeedIssued,
    ConcernCoSponsored,
    ConcernMoved,
    ConcernRaised,
    DocumentAttached,
    FloorGiven,
    FloorRequested,
    InterventionDelivered,
    MeetingConvened,
)
from accord.domain.published.notifications import (
    HotlineMessageDelivered,
    HotlineMessageRead,
    HotlineMessageSent,
    NotificationAcknowledged,
    NotificationAcknowledgementOverdue,
    NotificationMeetingConvened,
    NotificationMeetingRequested,
    NotificationReplied,
    NotificationReplyOverdue,
    NotificationSent,
)

__all__ = [
    "BY_KIND",
    "AgendaAdopted",
    "AgendaItemAdded",
    "BilateralAccepted",
    "BilateralDeclined",
    "BilateralRequested",
    "CalendarFeedIssued",
    "ConcernCoSponsored",
    "ConcernMoved",
    "ConcernRaised",
    "ConsultationAnalysisUpdated",
    "ConsultationClosed",
    "ConsultationCreated",
    "ConsultationImported",
    "ConsultationInvited",
    "ConsultationStatementModerated",
    "ConsultationStatementSubmitted",
    "ConsultationVoteCast",
    "ConsultationVotesCast",
    "DocumentAttached",
    "FloorGiven",
    "FloorRequested",
    "HotlineMessageDelivered",
    "HotlineMessageRead",
    "HotlineMessageSent",
    "InterventionDelivered",
    "MeetingConvened",
    "NotificationAcknowledged",
    "NotificationAcknowledgementOverdue",
    "NotificationMeetingConvened",
    "NotificationMeetingRequested",
    "NotificationReplied",
    "NotificationReplyOverdue",
    "NotificationSent",
    "Published",
]

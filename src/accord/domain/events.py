"""The event catalogue: every kind of write the ledger records and the live stream carries,
and the one serializer both use (issue 16).

A service names what happened with a kind from this catalogue (`events.CONCERN_RAISED`),
never with a string of its own, so that a kind is spelled once, a misspelt one fails the
type check instead of silently reaching no listener, and `KINDS` lists them all. The ledger
keeps the kind's `name` and the whole payload; the stream shows of the payload what the
kind's `stream_data` keeps, computed from the ledger entry alone, so an event received live
and the same event replayed from the ledger after `Last-Event-ID` are the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EventKind:
    """One kind of event: its name on the ledger and the stream, and what live clients see.

    `stream_fields` names the payload's keys the stream carries (None: all of them), for a
    kind whose payload holds more than a live client needs; `object_field` adds the
    object's public id to the stream's data under that name.
    """

    name: str
    stream_fields: tuple[str, ...] | None = None
    object_field: str | None = None

    def __str__(self) -> str:
        return self.name

    def stream_data(self, payload: Mapping[str, Any], object_id: str) -> dict[str, Any]:
        """What the stream carries of an entry of this kind: the same live and replayed."""
        if self.stream_fields is None:
            data = dict(payload)
        else:
            data = {key: payload.get(key) for key in self.stream_fields}
        if self.object_field is not None:
            data[self.object_field] = object_id
        return data


KINDS: dict[str, EventKind] = {}


def _kind(name: str, **options: Any) -> EventKind:
    if name in KINDS:
        raise ValueError(f"event kind {name!r} is in the catalogue twice")
    kind = KINDS[name] = EventKind(name, **options)
    return kind


def named(name: str) -> EventKind:
    """The kind a ledger entry names. A kind no longer in the catalogue (an entry written
    by an older version) streams its whole payload, as every kind did before."""
    return KINDS.get(name) or EventKind(name)


def stream_text(
    *, seq: int, kind: str, object_type: str, object_id: str, data: Mapping[str, Any]
) -> str:
    """The one serializer of an event for `GET /api/v1/events`, live or replayed.

    No `event:` line: browsers then deliver every kind to one "message" listener. Keys are
    sorted: PostgreSQL's jsonb gives a payload back in an order of its own, and the replay
    must be the very bytes the live stream sent.
    """
    body = json.dumps(
        {"kind": kind, "object_type": object_type, "object_id": object_id, "data": data},
        separators=(",", ":"),
        sort_keys=True,
        default=str,
    )
    return f"id: {seq}\ndata: {body}\n\n"


ACCOUNT_PASSWORD_CHANGED = _kind("account.password_changed")
ACCOUNT_SIGNED_OUT_ELSEWHERE = _kind("account.signed_out_elsewhere")

ADOPTION_ADOPTED = _kind("adoption.adopted")
ADOPTION_APPROVE = _kind("adoption.approve")
ADOPTION_APPROVE_AD_REFERENDUM = _kind("adoption.approve-ad-referendum")
ADOPTION_BREAK_SILENCE = _kind("adoption.break-silence")
ADOPTION_CLOSE = _kind("adoption.close")
ADOPTION_CONFIRM_AD_REFERENDUM = _kind("adoption.confirm-ad-referendum")
ADOPTION_EXPLAIN = _kind("adoption.explain")
ADOPTION_FAILED = _kind("adoption.failed")
ADOPTION_OBJECT = _kind("adoption.object")
ADOPTION_OPENED = _kind("adoption.opened")
ADOPTION_RETURNED_TO_NEGOTIATION = _kind("adoption.returned-to-negotiation")

AGENDA_ADOPTED = _kind("agenda.adopted")
AGENDA_ITEM_ADDED = _kind("agenda.item_added")

AMENDMENT_OPPOSED = _kind("amendment.opposed")
AMENDMENT_PROPOSED = _kind("amendment.proposed")
AMENDMENT_SUPPORTED = _kind("amendment.supported")
AMENDMENT_WITHDRAWN = _kind("amendment.withdrawn")

BILATERAL_ACCEPTED = _kind("bilateral.accepted")
BILATERAL_DECLINED = _kind("bilateral.declined")
BILATERAL_REQUESTED = _kind("bilateral.requested")

CALENDAR_FEED_ISSUED = _kind("calendar.feed_issued")

CHAIR_APPOINTED = _kind("chair.appointed")
CHAIR_APPOINTMENT_ENDED = _kind("chair.appointment-ended")
CHAIR_HANDED_OVER = _kind("chair.handed-over")
WORDING_PROPOSED = _kind("wording.proposed")
WORDING_BROUGHT_IN = _kind("wording.brought-in")

COMMITMENT_RECORDED = _kind("commitment.recorded")
COMMITMENT_OVERDUE = _kind("commitment.overdue")
COMMITMENT_UPDATED = _kind("commitment.updated")

CONCERN_CO_SPONSORED = _kind("concern.co_sponsored")
CONCERN_MOVED = _kind("concern.moved")
CONCERN_RAISED = _kind("concern.raised")

CONSULTATION_ANALYSIS_UPDATED = _kind("consultation.analysis_updated")
CONSULTATION_CLOSED = _kind("consultation.closed")
CONSULTATION_CREATED = _kind("consultation.created")
CONSULTATION_IMPORTED = _kind("consultation.imported")
CONSULTATION_INVITED = _kind("consultation.invited")
CONSULTATION_STATEMENT_MODERATED = _kind("consultation.statement_moderated")
CONSULTATION_STATEMENT_SUBMITTED = _kind("consultation.statement_submitted")
CONSULTATION_VOTE_CAST = _kind("consultation.vote_cast")
CONSULTATION_VOTES_CAST = _kind("consultation.votes_cast")

CONTACT_ADDED = _kind("contact.added")
CONTACT_PREFERENCE_SET = _kind("contact.preference_set")
CONTACT_REMOVED = _kind("contact.removed")
CONTACT_VERIFIED = _kind("contact.verified")

DELEGATION_VOTE_DELEGATE_NAMED = _kind("delegation.vote_delegate_named")

DOCUMENT_ATTACHED = _kind("document.attached")
DOCUMENT_CHAIRS_STATEMENT = _kind("document.chairs_statement")
DOCUMENT_DERESTRICTED = _kind("document.derestricted")
DOCUMENT_DRAFTED = _kind("document.drafted")
DOCUMENT_LANGUAGES_SET = _kind("document.languages-set")
DOCUMENT_REGISTERED = _kind("document.registered")
DOCUMENT_SIGNED = _kind("document.signed")

FLOOR_GIVEN = _kind("floor.given")
FLOOR_LIST_CLOSED = _kind("floor.list-closed")
FLOOR_REQUESTED = _kind("floor.requested")

FRIENDS_BROUGHT_BACK = _kind("friends.brought-back")
FRIENDS_CONVENED = _kind("friends.convened")
FRIENDS_REPORTED = _kind("friends.reported")

HOTLINE_MESSAGE_DELIVERED = _kind("hotline.message_delivered")
HOTLINE_MESSAGE_READ = _kind("hotline.message_read")
# The ledger keeps only the digest of a hotline message's text, so the stream names the
# message and the two states; their pages read the text at once.
HOTLINE_MESSAGE_SENT = _kind(
    "hotline.message_sent", stream_fields=("from", "to"), object_field="message"
)

# The stream says who spoke where; the text is read from the meeting's page.
INTERVENTION_DELIVERED = _kind(
    "intervention.delivered",
    stream_fields=("meeting", "kind", "state"),
    object_field="intervention",
)

KEY_REGISTERED = _kind("key.registered")
KEY_REVOKED = _kind("key.revoked")
KEY_ROTATED = _kind("key.rotated")

LANGUAGE_REVIEWER_NAMED = _kind("language.reviewer-named")

MEDIATOR_SUGGESTED = _kind("mediator.suggested")
MEDIATOR_WORDING_PROPOSED = _kind("mediator.wording_proposed")

MEETING_CONVENED = _kind("meeting.convened")

NON_PAPER_CIRCULATED = _kind("non-paper.circulated")

NOTIFICATION_ACKNOWLEDGED = _kind("notification.acknowledged")
NOTIFICATION_ACKNOWLEDGEMENT_OVERDUE = _kind("notification.acknowledgement_overdue")
NOTIFICATION_MEETING_CONVENED = _kind("notification.meeting_convened")
NOTIFICATION_MEETING_REQUESTED = _kind("notification.meeting_requested")
NOTIFICATION_REPLIED = _kind("notification.replied")
NOTIFICATION_REPLY_OVERDUE = _kind("notification.reply_overdue")
NOTIFICATION_SENT = _kind("notification.sent")

PERSON_ADDED = _kind("person.added")
PERSON_CHANGED = _kind("person.changed")
PERSON_PASSWORD_SET = _kind("person.password_set")
PERSON_ROLE_ASSIGNED = _kind("person.role_assigned")

RECORD_APPROVED = _kind("record.approved")
RECORD_CORRECTED = _kind("record.corrected")
RECORD_DRAFT_ISSUED = _kind("record.draft-issued")

REVISION_FINDING_EXPLAINED = _kind("revision.finding-explained")
REVISION_ISSUED = _kind("revision.issued")
REVISION_VERSION_SUBMITTED = _kind("revision.version-submitted")
REVISION_VERSION_VERIFIED = _kind("revision.version-verified")

ROOT_KEY_REGISTERED = _kind("root_key.registered")

ROSTER_IN_FORCE = _kind("roster.in_force")
ROSTER_PROPOSED = _kind("roster.proposed")

RULES_ADOPTED = _kind("rules.adopted")
RULES_AMENDED = _kind("rules.amended")
RULES_MEETING_HELD_UNDER = _kind("rules.meeting-held-under")

PASSKEY_REGISTERED = _kind("passkey.registered")
PASSKEY_REMOVED = _kind("passkey.removed")

SITTING_ANNOUNCED = _kind("sitting.announced")

STATE_ADMITTED = _kind("state.admitted")
STATE_STATUS_CHANGED = _kind("state.status_changed")
STATE_TOTP_FALLBACK_CHANGED = _kind("state.totp_fallback_changed")

TEXT_BRACKET_LIFTED = _kind("text.bracket-lifted")
TEXT_BRACKETED_ENTIRELY = _kind("text.bracketed-entirely")

TOKEN_ISSUED = _kind("token.issued")
TOKEN_REVOKED = _kind("token.revoked")

TWO_FACTOR_ENROLLED = _kind("two_factor.enrolled")
TWO_FACTOR_RECOVERY_CODE_USED = _kind("two_factor.recovery_code_used")
TWO_FACTOR_RECOVERY_CODES_RENEWED = _kind("two_factor.recovery_codes_renewed")
TWO_FACTOR_TURNED_OFF = _kind("two_factor.turned_off")

# Acts and outcomes of an adoption procedure, by the value the domain gives them.
ADOPTION_BY_ACT: dict[str, EventKind] = {
    "approve": ADOPTION_APPROVE,
    "approve-ad-referendum": ADOPTION_APPROVE_AD_REFERENDUM,
    "confirm-ad-referendum": ADOPTION_CONFIRM_AD_REFERENDUM,
    "object": ADOPTION_OBJECT,
    "break-silence": ADOPTION_BREAK_SILENCE,
    "explain": ADOPTION_EXPLAIN,
    "close": ADOPTION_CLOSE,
}
ADOPTION_BY_OUTCOME: dict[str, EventKind] = {
    "adopted": ADOPTION_ADOPTED,
    "returned-to-negotiation": ADOPTION_RETURNED_TO_NEGOTIATION,
    "failed": ADOPTION_FAILED,
}

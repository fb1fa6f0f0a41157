"""`/contacts`: a person's and a state's alert channels, their verification, preferences,
and the alerts sent with their delivery state and attempts (paths are absolute)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema, Status

from accord.alerts import selectors, services
from accord.alerts.models import Alert, Attempt, Channel
from accord.edge.fields import Code, Line, OpaqueId
from accord.edge.pagination import PAGE_SIZE, Page, Paged, PageQuery, listed, paginate, whole
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input

router = Router(tags=["alerts"])
MAX_LIST = 200


# The triggers a person may set a preference for (all but the verification code), as
# literals so that the OpenAPI document lists them (tests/api/test_input_bounds.py checks).
PreferenceTrigger = Literal[
    "silence_opened",
    "silence_reminder",
    "ad_referendum",
    "notification_received",
    "acknowledgement_overdue",
    "escalation",
    "hotline",
    "floor_given",
    "bilateral_requested",
    "revision_issued",
    "document_adopted",
    "commitment_overdue",
]
# The opaque ids of channels and alerts.
PublicId = Annotated[OpaqueId, Path(max_length=64)]


class ChannelIn(Input):
    kind: Literal["email", "webhook"]
    address: Line = Field(..., min_length=3, max_length=320)
    for_state: bool = Field(False, description="the state's own channel (the head only)")
    clearance: Literal["summary", "full"] = "summary"
    language: Literal["en", "zh-hans", "ru"] = "en"
    time_zone: Line = Field("UTC", max_length=64)


class ChannelOut(Schema):
    id: str
    kind: str
    address: str
    owner: str = Field(..., description="'person' or 'state'")
    state: str | None
    clearance: str
    language: str
    time_zone: str
    verified: bool
    created_at: datetime

    @staticmethod
    def build(row: Channel) -> ChannelOut:
        return ChannelOut(
            id=row.public_id,
            kind=row.kind,
            address=row.address,
            owner="person" if row.person_id else "state",
            state=row.state_id,
            clearance=row.clearance,
            language=row.language,
            time_zone=row.time_zone,
            verified=row.verified_at is not None,
            created_at=row.created_at,
        )


class NewChannelOut(ChannelOut):
    secret: str | None = Field(None, description="a webhook's signing secret, shown only now")


class VerifyIn(Input):
    code: Line | None = Field(None, max_length=12, description="the code mailed (e-mail only)")


class PreferenceIn(Input):
    trigger: PreferenceTrigger
    mode: Literal["immediate", "digest", "off"]


class PreferenceOut(Schema):
    trigger: str
    mode: str
    fixed: bool = Field(..., description="the state does not let this person change it")


class AttemptOut(Schema):
    started_at: datetime
    finished_at: datetime
    outcome: str
    detail: str

    @staticmethod
    def build(row: Attempt) -> AttemptOut:
        return AttemptOut(
            started_at=row.started_at,
            finished_at=row.finished_at,
            outcome=row.outcome,
            detail=row.detail,
        )


class AlertOut(Schema):
    id: str
    trigger: str
    channel: str
    channel_kind: str
    recipient: str | None
    status: str
    attempts: int
    created_at: datetime
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str

    @staticmethod
    def build(row: Alert) -> AlertOut:
        return AlertOut(
            id=row.public_id,
            trigger=row.trigger,
            channel=row.channel.public_id,
            channel_kind=row.channel.kind,
            recipient=row.person.username if row.person else row.state_id,
            status=row.status,
            attempts=row.attempts,
            created_at=row.created_at,
            delivered_at=row.delivered_at,
            next_attempt_at=row.next_attempt_at if row.status == Alert.Status.QUEUED else None,
            last_error=row.last_error,
        )


@router.get("/contacts", response=Paged[ChannelOut])
def list_channels(
    request: HttpRequest, response: HttpResponse, page: Query[PageQuery]
) -> Page[ChannelOut]:
    """A page of the caller's channels, and their state's own channels for its heads and
    duty officers, the oldest first."""
    rows = paginate(selectors.channels_of(_user(request)), page.page(), order=("created_at", "id"))
    return listed(request, response, rows, ChannelOut.build)


@router.post("/contacts", response={201: NewChannelOut})
def add_channel(request: HttpRequest, payload: ChannelIn) -> Status[NewChannelOut]:
    """Add an e-mail address (a code is mailed to it) or a webhook (verify it next)."""
    row, secret = services.add_channel(actor=_user(request), **payload.dict())
    return Status(201, NewChannelOut(**ChannelOut.build(row).dict(), secret=secret))


@router.post("/contacts/{channel_id}/verify", response=ChannelOut)
def verify_channel(request: HttpRequest, channel_id: PublicId, payload: VerifyIn) -> ChannelOut:
    """An e-mail address: give the code. A webhook: the server sends it a challenge to echo."""
    user = _user(request)
    channel = selectors.get_channel(user, channel_id)
    if channel.kind == Channel.Kind.EMAIL:
        row = services.verify_email(actor=user, channel_id=channel_id, code=payload.code or "")
    else:
        row = services.verify_webhook(actor=user, channel_id=channel_id)
    return ChannelOut.build(row)


@router.post("/contacts/{channel_id}/code", response=ChannelOut)
def resend_code(request: HttpRequest, channel_id: PublicId) -> ChannelOut:
    """Mail a new code to an unverified address (the old one stops working)."""
    return ChannelOut.build(services.resend_code(actor=_user(request), channel_id=channel_id))


@router.get("/contacts/preferences", response=Paged[PreferenceOut])
def list_preferences(request: HttpRequest) -> Page[PreferenceOut]:
    """How the caller hears of each trigger; `fixed` ones their state does not let them change."""
    return whole(
        PreferenceOut(trigger=trigger.value, mode=mode.value, fixed=fixed)
        for trigger, mode, fixed in selectors.preferences_of(_user(request))
    )  # one per trigger, a fixed enumeration: one page


@router.put("/contacts/preferences", response=PreferenceOut)
def set_preference(request: HttpRequest, payload: PreferenceIn) -> PreferenceOut:
    row = services.set_preference(actor=_user(request), trigger=payload.trigger, mode=payload.mode)
    return PreferenceOut(trigger=row.trigger, mode=row.mode, fixed=False)


class AlertPage(PageQuery):
    limit: int = Field(50, ge=1, le=MAX_LIST, description=PAGE_SIZE)


@router.get("/contacts/alerts", response=Paged[AlertOut])
def list_alerts(
    request: HttpRequest,
    response: HttpResponse,
    page: Query[AlertPage],
    status: Code | None = Query(None, max_length=40),  # noqa: B008 - Ninja's way
) -> Page[AlertOut]:
    """A page of the alerts sent to the caller (and, for heads and duty officers, on the
    state's behalf), newest first, with their delivery state. `limit` is at most 200."""
    rows = selectors.alerts_page(_user(request), status=status, page=page.page())
    return listed(request, response, rows, AlertOut.build)


@router.get("/contacts/alerts/{alert_id}/attempts", response=Paged[AttemptOut])
def list_attempts(
    request: HttpRequest, response: HttpResponse, alert_id: PublicId, page: Query[PageQuery]
) -> Page[AttemptOut]:
    """A page of the tries at delivering one alert, the first first: what the SMTP server or
    the endpoint answered."""
    alert = selectors.get_alert(_user(request), alert_id)
    rows = paginate(selectors.attempts_of(alert), page.page(), order=("started_at", "id"))
    return listed(request, response, rows, AttemptOut.build)


# Last: `/contacts/{channel_id}` would otherwise take `/contacts/preferences` for a channel.
@router.delete("/contacts/{channel_id}", response={204: None})
def remove_channel(request: HttpRequest, channel_id: PublicId) -> Status[None]:
    services.remove_channel(actor=_user(request), channel_id=channel_id)
    return Status(204, None)

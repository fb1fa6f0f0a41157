"""The signing boxes of the acknowledgement and hotline pages (issue 12): what the person
signs, shown before they confirm, for a state under its roster."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accord.domain import signing
from accord.members.act_signatures import SigningBox, signing_box
from accord.members.models import User
from accord.notifications.models import Delivery, Notification
from accord.notifications.signed_acts import acknowledgement_subject


def acknowledgement_box(
    user: User, notification: Notification, delivery: Delivery | None
) -> SigningBox | None:
    if delivery is None or delivery.acknowledged_at is not None:
        return None
    subject = acknowledgement_subject(notification)
    return signing_box(
        user.state,
        purpose=signing.ACKNOWLEDGEMENT_FORMAT,
        challenge_url=f"/api/v1/notifications/{notification.public_id}/acknowledgements/challenge",
        rows=[
            (_("Notification"), f"{notification.public_id} · {notification.subject}"),
            (_("Content hash (SHA-256)"), subject["content_sha256"]),
            (_("Act"), _("Acknowledgement of receipt")),
        ],
        expect=subject,
    )


def hotline_box(user: User, counterpart: str | None) -> SigningBox | None:
    if counterpart is None or user.state_id is None:
        return None
    channel = signing.channel(user.state_id, counterpart)
    return signing_box(
        user.state,
        purpose=signing.HOTLINE_FORMAT,
        challenge_url="/api/v1/hotline/challenge",
        rows=[
            (_("Channel"), channel),
            (_("Act"), _("Hotline message (its SHA-256 is signed)")),
        ],
        expect={"channel": channel},
        challenge_fields="to",
        message_field="body",
    )


def signed_field(post: Any, errors: dict[str, str]) -> dict[str, Any] | None:
    from accord.members.act_signatures import signed_from_form

    return signed_from_form(post, errors)

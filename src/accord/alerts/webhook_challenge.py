"""A webhook proves it is the endpoint its owner meant: it echoes a signed challenge."""

from __future__ import annotations

import json
import secrets
import time

import httpx
from django.conf import settings

from accord.alerts.models import Channel
from accord.domain.alerts import sign

CHALLENGE_TIMEOUT = 10.0


def challenge_endpoint(channel: Channel) -> str | None:
    """POST `{"type": "accord.challenge", "challenge": …}` signed with the channel's secret;
    None when the endpoint answered 2xx with `{"challenge": …}` (the same value), else why not."""
    challenge = secrets.token_urlsafe(24)
    message_id = f"challenge-{secrets.token_urlsafe(8)}"
    body = json.dumps({"type": "accord.challenge", "challenge": challenge}).encode()
    timestamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(channel.secret, message_id, timestamp, body),
    }
    seconds = float(getattr(settings, "ACCORD_ALERTS_WEBHOOK_TIMEOUT", CHALLENGE_TIMEOUT))
    try:
        answer = httpx.post(
            channel.address, content=body, headers=headers, timeout=seconds, follow_redirects=False
        )
    except httpx.HTTPError as error:
        return f"the endpoint did not answer ({type(error).__name__})."
    if not 200 <= answer.status_code < 300:
        return f"the endpoint answered HTTP {answer.status_code}."
    try:
        echoed = answer.json().get("challenge")
    except (ValueError, AttributeError):
        echoed = None
    if echoed != challenge:
        return "the endpoint did not echo the challenge."
    return None

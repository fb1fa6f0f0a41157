"""Handing a message over: to the SMTP server of `ACCORD_EMAIL_URL`, or to a webhook.

Each function returns a short description of what the other side answered when it
accepted the message, and raises `Undelivered` with the reason when it did not.
"""

from __future__ import annotations

import json
import logging
import smtplib
import time
from functools import cache

import httpx
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from accord.alerts.compose import Message
from accord.alerts.models import Channel
from accord.domain.alerts import EmailConfig, parse_email_url, sign

log = logging.getLogger("accord.alerts")


class Undelivered(Exception):
    """The server or endpoint did not take the message; the text says why."""


def email_config() -> EmailConfig | None:
    """The parsed `ACCORD_EMAIL_URL`, or None when e-mail alerts are off."""
    url = getattr(settings, "ACCORD_EMAIL_URL", None)
    return parse_email_url(url) if url else None


@cache
def _said_off() -> None:
    log.warning("ACCORD_EMAIL_URL is not set: e-mail alerts stay queued until it is.")


def announce_email() -> None:
    """Said once per process at start-up, where e-mail alerts go (or that they are off)."""
    config = email_config()
    if config is None:
        _said_off()
    else:
        log.info("e-mail alerts go to %s", config.describe())


def mail_connection(config: EmailConfig) -> BaseEmailBackend:
    return get_connection(
        backend=config.backend,
        host=config.host,
        port=config.port,
        username=config.username,
        password=config.password,
        use_tls=config.use_tls,
        use_ssl=config.use_ssl,
        timeout=float(getattr(settings, "ACCORD_ALERTS_SMTP_TIMEOUT", 10)),
    )


def send_email(
    message: Message, channel: Channel, message_id: str, connection: BaseEmailBackend
) -> str:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=getattr(settings, "ACCORD_ALERTS_FROM", "Accord <alerts@accord.invalid>"),
        to=[channel.address],
        headers={
            "Message-ID": f"<{message_id}@accord.alerts>",
            "Content-Language": channel.language,
            "Auto-Submitted": "auto-generated",
        },
        connection=connection,
    )
    email.attach_alternative(message.html, "text/html")
    try:
        sent = email.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        raise Undelivered(f"SMTP: {error}"[:480]) from None
    if sent != 1:
        raise Undelivered("SMTP: the server did not accept the message")
    return "SMTP accepted"


def post_webhook(channel: Channel, message_id: str, body: dict[str, object]) -> str:
    """POST `body` signed with the channel's secret; a 2xx answer is a delivery."""
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(channel.secret, message_id, timestamp, raw),
        "user-agent": "Accord-Alerts/1",
    }
    seconds = float(getattr(settings, "ACCORD_ALERTS_WEBHOOK_TIMEOUT", 10))
    try:
        answer = httpx.post(
            channel.address, content=raw, headers=headers, timeout=seconds, follow_redirects=False
        )
    except httpx.TimeoutException:
        raise Undelivered(f"webhook: no answer within {seconds:g} s") from None
    except (OSError, httpx.HTTPError) as error:
        raise Undelivered(f"webhook: {type(error).__name__}: {error}"[:480]) from None
    if not 200 <= answer.status_code < 300:
        raise Undelivered(f"webhook: HTTP {answer.status_code}")
    return f"HTTP {answer.status_code}"

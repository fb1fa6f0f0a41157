"""Real parts for the alert tests: an SMTP server (aiosmtpd) and an HTTP webhook receiver,
both on loopback, and helpers that give people verified channels."""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

WAIT = 10.0  # seconds: the bound on every wait, never a measured duration


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type:
                return str(part.get_content())
        raise AssertionError(f"no {content_type} part")


@dataclass
class SmtpServer:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def wait_for(self, count: int) -> list[Received]:
        deadline = time.monotonic() + WAIT
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return list(self.received)


class _Collect:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.server.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp_server() -> Iterator[SmtpServer]:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    state = SmtpServer(host="127.0.0.1", port=port)
    controller = Controller(_Collect(state), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield state
    finally:
        controller.stop()


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server on loopback; `ACCORD_EMAIL_URL` points at it."""
    with smtp_server() as server:
        settings.ACCORD_EMAIL_URL = server.url
        yield server


@dataclass
class Delivery:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class WebhookReceiver:
    """A threaded http.server. `answers` is consumed one per request: an int status, or
    "slow" (sleeps past the sender's timeout, then answers 200); once empty, 200."""

    def __init__(self, slow_seconds: float = 2.0) -> None:
        self.deliveries: list[Delivery] = []
        self.answers: list[int | str] = []
        self.slow_seconds = slow_seconds
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                with receiver.lock:
                    answer = receiver.answers.pop(0) if receiver.answers else 200
                    receiver.deliveries.append(
                        Delivery({k.lower(): v for k, v in self.headers.items()}, body)
                    )
                if answer == "slow":
                    time.sleep(receiver.slow_seconds)
                    answer = 200
                payload = b"{}"
                with contextlib.suppress(ValueError):
                    data = json.loads(body)
                    if isinstance(data, dict) and data.get("type") == "accord.challenge":
                        payload = json.dumps({"challenge": data["challenge"]}).encode()
                with contextlib.suppress(OSError):
                    self.send_response(int(answer))
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def alerts(self) -> list[Delivery]:
        """Deliveries other than verification challenges."""
        return [d for d in self.deliveries if d.json.get("type") != "accord.challenge"]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings: Any) -> Iterator[WebhookReceiver]:
    settings.ACCORD_ALERTS_WEBHOOK_PRIVATE = True
    settings.ACCORD_ALERTS_WEBHOOK_TIMEOUT = 0.5
    hook = WebhookReceiver()
    yield hook
    hook.close()


def verified_email(person: Any, address: str, **options: Any) -> Any:
    """A verified e-mail channel of `person`, as the service makes it (the code read back
    from the outbox row that carries it)."""
    from accord.alerts import services
    from accord.alerts.models import Alert

    channel, _ = services.add_channel(actor=person, kind="email", address=address, **options)
    code = Alert.objects.get(channel=channel, trigger="verification").facts["code"]
    return services.verify_email(actor=person, channel_id=channel.public_id, code=code)


def verified_webhook(person: Any, url: str, **options: Any) -> tuple[Any, str]:
    from accord.alerts import services

    channel, secret = services.add_channel(actor=person, kind="webhook", address=url, **options)
    assert secret is not None
    return services.verify_webhook(actor=person, channel_id=channel.public_id), secret


def settle_verifications() -> None:
    """Mark the verification mails of set-up as done, so tests count only their alerts."""
    from accord.alerts.models import Alert

    Alert.objects.filter(trigger="verification").update(status="delivered")

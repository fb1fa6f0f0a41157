"""Alert outbox benchmark (issue 15): drain 10,000 queued alerts through a loopback SMTP
server, and the time from a cause to its SMTP hand-off.

Run it with one command from the repository root::

    .venv/bin/python bench/alerts_bench.py            # SQLite in a temporary directory
    DATABASE_URL=postgres://… .venv/bin/python bench/alerts_bench.py   # an empty database

`--quick` uses 1,000 alerts. It sets up its own region (one member state, 100 duty officers,
each with a verified e-mail address) and an aiosmtpd server on 127.0.0.1, then reports:

* **drain**: 10,000 alerts queued by 100 causes, sent by one `accord.alerts.worker.drain()`
  (claim in batches, compose in the recipient's language, hand over on one SMTP connection
  per batch, record each attempt): alerts per second, next to the **reference**, Django's
  `send_mass_mail` of the same number of plain messages over one connection (no outbox, no
  database): the SMTP ceiling on this machine;
* **cause → SMTP hand-off**: with a sender thread running (as in `accord serve`, polling
  every 0.05 s), 300 causes recorded 20 ms apart, one recipient each; p50 and p99 of the
  time from the cause to the SMTP server accepting its mail.

Nothing is asserted: the figures are printed (DESIGN §6).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sys
import tempfile
import threading
import time
from datetime import datetime
from typing import Any

MESSAGE_ID = re.compile(rb"Message-ID: <([^@>]+)@accord\.alerts>", re.IGNORECASE)


class Counter:
    """The aiosmtpd handler: the moment each message arrived, by its Message-ID."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        found = MESSAGE_ID.search(envelope.content)
        with self.lock:
            self.count += 1
            if found:
                self.arrived[found.group(1).decode()] = time.time()
        return "250 OK"


def _setup_django() -> None:
    os.environ.setdefault("ACCORD_DATA_DIR", tempfile.mkdtemp(prefix="accord-alerts-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.site.settings")
    os.environ.setdefault("ACCORD_FAST_PASSWORD_HASHER", "1")
    os.environ.setdefault("ACCORD_LOG_LEVEL", "error")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", "-v", "0")


def _region(officers: int) -> list[Any]:
    from datetime import date

    from accord.alerts import services as alerts
    from accord.alerts.models import Alert
    from accord.members import services

    secretariat = services.add_person(
        actor=None,
        username="bench-secretariat",
        password="x" * 12,
        role="secretariat",
        state_code=None,
    )
    services.admit_state(
        actor=secretariat,
        code="QZA",
        name_en="Qza",
        name_zh="Qza",
        name_ru="Qza",
        status="member",
        joined_on=date(2021, 7, 15),
    )
    people = []
    for n in range(officers):
        person = services.add_person(
            actor=secretariat,
            username=f"qza-duty-{n}",
            password="x" * 12,
            role="delegate",
            state_code="QZA",
            is_duty_officer=True,
        )
        channel, _ = alerts.add_channel(
            actor=person,
            kind="email",
            address=f"duty{n}@qza.example.org",
            language=("en", "ru", "zh-hans")[n % 3],
        )
        code = Alert.objects.get(channel=channel, trigger="verification").facts["code"]
        alerts.verify_email(actor=person, channel_id=channel.public_id, code=code)
        people.append(person)
    return people


def _queue(people: list[Any], causes: int, tag: str) -> None:
    from django.db import transaction
    from django.utils import timezone

    from accord.alerts.outbox import Cause, enqueue
    from accord.domain.alerts import Trigger
    from accord.domain.visibility import Audience, Visibility

    for n in range(causes):
        with transaction.atomic():
            enqueue(
                Cause(
                    key=f"bench:{tag}:{n}",
                    trigger=Trigger.NOTIFICATION_RECEIVED,
                    audience=Audience(Visibility.MEMBERS),
                    object_type="notifications.notification",
                    object_id=str(n + 1),
                    caused_at=timezone.now(),
                    full={
                        "state": "QZA",
                        "title": f"Exercise notice {n}",
                        "deadline": timezone.now().isoformat(),
                    },
                ),
                people=people,
            )


def _reference(port: int, count: int) -> float:
    from django.core.mail import get_connection, send_mass_mail

    messages = [
        (
            "Reference",
            "A plain message.",
            "bench@accord.invalid",
            [f"duty{n % 100}@qza.example.org"],
        )
        for n in range(count)
    ]
    connection = get_connection(
        "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port
    )
    started = time.perf_counter()
    send_mass_mail(messages, connection=connection)
    return count / (time.perf_counter() - started)


def _percentiles(values: list[float]) -> tuple[float, float]:
    from accord.domain.alerts import percentile

    return percentile(values, 0.5), percentile(values, 0.99)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 alerts instead of 10,000")
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    os.environ["ACCORD_EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    _setup_django()
    from aiosmtpd.controller import Controller

    from accord.alerts import worker
    from accord.alerts.models import Alert

    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        people = _region(100)
        worker.drain()  # nothing due but the withdrawn verification codes
        from django.urls import reverse

        reverse("site:home")  # the URL configuration loads once, outside the timings
        causes = 10 if args.quick else 100
        started = time.perf_counter()
        _queue(people, causes, "drain")
        queued_in = time.perf_counter() - started
        total = Alert.objects.filter(trigger="notification_received").count()
        started = time.perf_counter()
        sent = worker.drain()
        drained_in = time.perf_counter() - started
        reference = _reference(port, total)

        # One recipient per cause, 50 causes a second: below the drain rate, so the figure
        # is the hand-off itself, not a queue building up.
        latencies = _latency(people[:1], worker, counter, causes=50 if args.quick else 300)
    finally:
        controller.stop()
    p50, p99 = _percentiles(latencies)
    print(f"alerts queued: {total} by {causes} causes in {queued_in:.2f} s")
    print(f"drain: {sent} alerts in {drained_in:.2f} s = {sent / drained_in:,.0f} alerts/s")
    print(f"reference send_mass_mail, same count, one connection: {reference:,.0f} messages/s")
    print(
        f"cause → SMTP hand-off ({len(latencies)} alerts, sender thread polling every 0.05 s):"
        f" p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms"
    )
    return 0


def _latency(people: list[Any], worker: Any, counter: Counter, *, causes: int) -> list[float]:
    """Causes recorded every 20 ms while a sender thread runs; cause → arrival per alert."""
    from accord.alerts.models import Alert

    with worker.running(poll_seconds=0.05):
        for n in range(causes):
            _queue(people, 1, f"latency-{n}")
            time.sleep(0.02)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not Alert.objects.filter(
                cause__startswith="bench:latency", status="queued"
            ).exists():
                break
            time.sleep(0.1)
        time.sleep(0.5)
    rows = Alert.objects.filter(cause__startswith="bench:latency").values_list(
        "public_id", "caused_at"
    )
    caused: dict[str, datetime] = dict(rows)
    return [
        counter.arrived[public_id] - moment.timestamp()
        for public_id, moment in caused.items()
        if public_id in counter.arrived
    ]


if __name__ == "__main__":
    sys.exit(main())

"""The child of `list_scale_bench.py`: one backend, one tree of Accord (on PYTHONPATH).

It prints one JSON line per measurement and plain lines for what it is doing."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from list_scale_texts import grow_amendments, grow_statements, seed_texts

MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")
PASSWORD = "bench-password-1"
WORDS = [
    "regional",
    "security",
    "dialogue",
    "border",
    "water",
    "cooperation",
    "terrorism",
    "extremism",
    "narcotics",
    "trafficking",
    "outer",
    "space",
    "arms",
    "race",
    "biosafety",
    "laboratories",
    "information",
    "security",
    "cyber",
    "incidents",
    "climate",
    "glaciers",
    "rivers",
    "refugees",
    "humanitarian",
    "corridor",
    "confidence",
    "building",
    "measures",
    "military",
    "exercises",
    "notification",
    "hotline",
    "consultations",
    "consensus",
    "principles",
]
START = datetime(2019, 1, 1, tzinfo=UTC)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def audience(rng: random.Random, restricted_share: float) -> tuple[str, str]:
    """A visibility and its restricted states as `members.access.encode_states` writes them."""
    roll = rng.random()
    if roll < restricted_share:
        pair = sorted(rng.sample(MEMBERS, 2))
        return "restricted", f",{','.join(pair)},"
    if roll < 0.3:
        return "participants", ""
    if roll < 0.4:
        return "public", ""
    return "members", ""


def seed() -> dict[str, Any]:
    """The region, one concern and one meeting made the ordinary way (the services)."""
    from django.utils import timezone

    from accord.dialogue import services as dialogue
    from accord.members import services as members

    secretariat = members.add_person(
        actor=None, username="secretariat", password=PASSWORD, role="secretariat",
        state_code=None, full_name="Bench Secretariat",
    )  # fmt: skip
    people = {"secretariat": secretariat}
    for code in (*MEMBERS, "UNO"):
        members.admit_state(
            actor=secretariat, code=code, name_en=f"State {code}", name_zh=code, name_ru=code,
            status="member" if code != "UNO" else "dialogue_partner", joined_on=date(2001, 6, 15),
        )  # fmt: skip
        for role in ("head", "delegate"):
            name = f"{code.lower()}-{role}"
            people[name] = members.add_person(
                actor=secretariat, username=name, password=PASSWORD, role=role, state_code=code,
                full_name=name,
            )  # fmt: skip
    dialogue.raise_concern(
        actor=people["kaz-head"], title="Water of the Syr Darya", summary="Sharing the river.",
        category="climate",
    )  # fmt: skip
    starts = timezone.now() - timedelta(hours=1)
    meeting = dialogue.convene_meeting(
        actor=secretariat, title="Ministerial meeting", kind="ministerial", starts_at=starts,
        ends_at=starts + timedelta(days=2), venue="Tashkent", participants=list(MEMBERS),
        observers=["UNO"],
    )  # fmt: skip
    return {"people": people, "meeting": meeting}


def grow_concerns(people: dict[str, Any], to: int, rng: random.Random) -> None:
    """Bulk insert concerns up to `to`, each raised a little after the one before."""
    from accord.dialogue.models import Concern

    have = Concern.objects.count()
    categories = [c for c, _ in Concern.Category.choices]
    statuses = [s for s, _ in Concern.Status.choices]
    rows = []
    for n in range(have, to):
        code = MEMBERS[n % 4]
        visibility, states = audience(rng, 0.1)
        raised = START + timedelta(minutes=30 * n)
        rows.append(Concern(
            title=f"{sentence(rng, 6)[:-1]} ({n})", summary=sentence(rng, 60),
            category=rng.choice(categories), status=rng.choice(statuses),
            raised_by_state_id=code, raised_by=people[f"{code.lower()}-head"],
            raised_at=raised, status_changed_at=raised, visibility=visibility,
            audience_states=states, owner_state_id=code,
        ))  # fmt: skip
    Concern.objects.bulk_create(rows, batch_size=2000)  # the keys come back (RETURNING)
    through = Concern.co_sponsors.through
    # One concern in three has a co-sponsor: the next state round the table.
    links = [
        through(concern_id=row.pk, state_id=MEMBERS[(have + i + 1) % 4])
        for i, row in enumerate(rows)
        if i % 3 == 0
    ]
    through.objects.bulk_create(links, batch_size=2000)


def grow_interventions(people: dict[str, Any], meeting: Any, to: int, rng: random.Random) -> None:
    from accord.dialogue.models import Intervention

    have = Intervention.objects.filter(meeting=meeting).count()
    languages = ("en", "zh-hans", "ru")
    rows = []
    for n in range(have, to):
        code = MEMBERS[n % 4]
        visibility, states = audience(rng, 0.05)
        rows.append(Intervention(
            meeting=meeting, kind="statement", state_id=code,
            speaker=people[f"{code.lower()}-delegate"], language=languages[n % 3],
            text=sentence(rng, 70), delivered_at=meeting.starts_at + timedelta(seconds=n),
            visibility="participants" if visibility in ("members", "public") else visibility,
            audience_states=states, owner_state_id=code,
        ))  # fmt: skip
    Intervention.objects.bulk_create(rows, batch_size=2000)


def measure(send: Callable[[], Any], rounds: int, cap: float) -> dict[str, Any]:
    first = time.perf_counter()
    response = send()  # warm: templates, compiled queries, the token kept
    took = time.perf_counter() - first
    assert response.status_code == 200, (response.status_code, response.content[:300])
    rounds = 3 if took > cap else rounds
    times, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = send()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    ordered = sorted(times)
    return {
        "median": statistics.median(times),
        "cpu": statistics.median(cpu),
        "p99": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "n": rounds,
        "kb": len(response.content) / 1024,
        "load": load(),
    }


def run_child(args: argparse.Namespace) -> int:
    backend = args.child
    name = f"accord_bench_lists_{os.getpid()}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="accord.site.settings",
        ACCORD_DATA_DIR=tempfile.mkdtemp(prefix="accord-bench-lists-data-"),
        ACCORD_TLS="0", ACCORD_FAST_PASSWORD_HASHER="1", ACCORD_LOG_LEVEL="WARNING",
        ACCORD_ANALYSIS_MODE="off", ACCORD_SECRET_KEY="bench",
    )  # fmt: skip
    os.environ.pop("REDIS_URL", None)
    admin = args.pg.rsplit("/", 1)[0] + "/postgres"
    if backend == "postgresql":
        import psycopg

        os.environ["DATABASE_URL"] = args.pg.rsplit("/", 1)[0] + "/" + name
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        os.environ.pop("DATABASE_URL", None)
    try:
        _measure_sizes(args)
    finally:
        if backend == "postgresql":
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


def _measure_sizes(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accord.members import services as members

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    world = seed()
    people, meeting = world["people"], world["meeting"]
    texts = seed_texts(people, MEMBERS)
    document, consultation = texts["document"], texts["consultation"]
    viewer = people["kgz-delegate"]
    api = Client(headers={"Authorization": f"Bearer {members.issue_api_token(user=viewer)[1]}"})
    page = Client()
    page.force_login(viewer)
    moderator = _verified(people["secretariat"])  # sees the moderation queue too
    requests = {
        "API /concerns": lambda: api.get("/api/v1/concerns"),
        "page /concerns/": lambda: page.get("/concerns/"),
        "meeting page": lambda: page.get(f"/meetings/{meeting.public_id}/"),
        "document page": lambda: page.get(f"/documents/{document.public_id}/"),
        "consultation page": lambda: moderator.get(f"/consultations/{consultation.public_id}/"),
    }
    rng = random.Random(18)
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        grow_concerns(people, size, rng)
        grow_interventions(people, meeting, size, rng)
        grow_amendments(people, document, size, rng, sentence)
        grow_statements(people, consultation, size, rng, sentence)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        took = time.perf_counter() - started
        print(f"{size} concerns, interventions, amendments and statements in {took:.1f} s")
        for label, send in requests.items():
            row: dict[str, Any] = {"request": label, "rows": size}
            try:
                row.update(measure(send, args.rounds, args.reference_cap))
            except Exception as failed:  # the reference may not manage a size at all
                row["error"] = f"{type(failed).__name__}: {str(failed)[:120]}"
            print(json.dumps(row), flush=True)


def _verified(user: Any) -> Any:
    """A page client for `user`, past both sign-in steps."""
    from django.test import Client

    from accord.members.sign_in import SESSION_VERIFIED_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session.save()
    return client

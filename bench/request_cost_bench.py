"""CPU and queries per request on the hot paths, in-process (issue 18).

    .venv/bin/python bench/request_cost_bench.py [--pg postgres://postgres@127.0.0.1:5432/accord]
        [--redis redis://127.0.0.1:6379/9] [--rounds 200] [--sqlite]

Creates a dedicated PostgreSQL database (``accord_bench_cost_<pid>``, dropped at the end),
migrates it and seeds a region: four member states, their heads and delegates, the chair,
the secretariat; an open consultation with one invited expert; a meeting; drafts each open
for adoption by consensus. Then, in this process and through Django's full request path
(middleware, the API's authentication, the service, the ledger), it sends each request
``--rounds`` times and prints per request the median CPU time of this process (the
database server's own CPU is not counted) and the number of queries, beside the floor:
``GET /healthz``. Bearer tokens are sent on the API requests, as a client would.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def seed(rounds: int) -> dict[str, Any]:
    """The region and the objects each request acts on; ids as the API gives them."""
    from django.test import Client
    from django.utils import timezone

    from accord.members import services as members

    people: dict[str, Any] = {}
    secretariat = members.add_person(
        actor=None, username="secretariat", password="bench-password-1",
        role="secretariat", state_code=None, full_name="Bench Secretariat",
    )  # fmt: skip
    people["secretariat"] = secretariat
    for code in (*MEMBERS, "UNO"):
        members.admit_state(
            actor=secretariat, code=code, name_en=code, name_zh=code, name_ru=code,
            status="member" if code != "UNO" else "dialogue_partner", joined_on=date(2001, 6, 15),
        )  # fmt: skip
        for role in ("head", "delegate"):
            name = f"{code.lower()}-{role}"
            people[name] = members.add_person(
                actor=secretariat, username=name, password="bench-password-1", role=role,
                state_code=code, full_name=name,
            )  # fmt: skip
    people["chair"] = members.add_person(
        actor=secretariat, username="chair", password="bench-password-1", role="head",
        state_code="KAZ", full_name="Chair",
    )  # fmt: skip
    today = timezone.localdate()
    members.appoint_chair(
        actor=secretariat, holder=people["chair"],
        starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300),
    )  # fmt: skip
    tokens = {name: members.issue_api_token(user=user)[1] for name, user in people.items()}

    def post(who: str, path: str, body: Any) -> Any:
        client = Client(headers={"Authorization": f"Bearer {tokens[who]}"})
        response = client.post(path, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 201, (path, response.status_code, response.content)
        return response.json()

    consultation = post("secretariat", "/api/v1/consultations", {
        "title": "Bench", "kind": "open", "visibility": "participants",
        "statements": [f"Statement {n}" for n in range(1, 51)],
    })["id"]  # fmt: skip
    post("secretariat", f"/api/v1/consultations/{consultation}/invitations",
         {"username": "uno-delegate"})  # fmt: skip
    starts = timezone.now() + timedelta(days=1)
    meeting = post("secretariat", "/api/v1/meetings", {
        "title": "Bench plenary", "kind": "ministerial", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=8)).isoformat(), "venue": "Tashkent",
        "participants": list(MEMBERS),
    })["id"]  # fmt: skip
    for n in range(30):  # a meeting page with some history
        post(f"{MEMBERS[n % 4].lower()}-delegate", f"/api/v1/meetings/{meeting}/interventions",
             {"kind": "statement", "text": f"Intervention {n}.", "language": "en"})  # fmt: skip
    documents = []
    for n in range(rounds + 11):  # an act per document, warm-up included
        document = post("chair", "/api/v1/documents", {
            "kind": "joint-statement", "title": f"Joint statement {n}",
            "visibility": "participants",
            "paragraphs": [{"kind": "preambular", "text": "Recalling the meeting,"},
                           {"kind": "operative", "text": "The participants welcome it."}],
        })["document"]["id"]  # fmt: skip
        post("chair", f"/api/v1/documents/{document}/adoption", {"kind": "consensus"})
        documents.append(document)
    return {
        "tokens": tokens, "people": people, "consultation": consultation,
        "meeting": meeting, "documents": documents,
    }  # fmt: skip


SHOW_QUERIES = False
PROFILE: str | None = None
PROFILE_SORT = "tottime"
PROFILE_LINES = 25


def measure(name: str, send: Callable[[int], Any], rounds: int) -> tuple[str, float, int]:
    """Median CPU milliseconds of `send(i)` and the queries of its last run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(min(10, rounds)):  # warm: the first request compiles and caches
        send(-1 - i)
    times = []
    profiler = None
    if PROFILE and PROFILE in name:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU, not the waits on the database
        profiler.enable()
    for i in range(rounds):
        start = time.process_time()
        send(i)
        times.append((time.process_time() - start) * 1000)
    if profiler is not None:
        import pstats

        profiler.disable()
        print(f"--- profile of {name}, {rounds} requests")
        pstats.Stats(profiler).sort_stats(PROFILE_SORT).print_stats(PROFILE_LINES)
    with CaptureQueriesContext(connection) as queries:
        send(rounds)
    if SHOW_QUERIES:
        print(f"--- {name}")
        for query in queries.captured_queries:
            print("   ", query["sql"][:240])
    return name, statistics.median(times), len(queries)


def run(rounds: int) -> list[tuple[str, float, int]]:
    from django.test import Client

    world = seed(rounds)
    tokens = world["tokens"]

    def api(who: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {tokens[who]}"})

    def ok(response: Any, status: int = 200) -> Any:
        assert response.status_code == status, (response.status_code, response.content[:300])
        return response

    anonymous, expert, delegate, head = (
        Client(),
        api("uno-delegate"),
        api("kgz-delegate"),
        api("kgz-head"),
    )
    page = Client()
    page.force_login(world["people"]["kgz-delegate"])
    votes = f"/api/v1/consultations/{world['consultation']}/votes"
    speak = f"/api/v1/meetings/{world['meeting']}/interventions"
    documents = world["documents"]

    cases: list[tuple[str, Callable[[int], Any]]] = [
        ("GET /healthz (floor)", lambda i: ok(anonymous.get("/healthz"))),
        ("GET /api/v1/me", lambda i: ok(delegate.get("/api/v1/me"))),
        (
            "one vote",
            lambda i: ok(
                expert.post(
                    votes,
                    data={"statement": 1 + i % 50, "vote": ("agree", "disagree")[i % 2]},
                    content_type="application/json",
                ),
                201,
            ),
        ),
        (
            "one intervention",
            lambda i: ok(
                delegate.post(
                    speak,
                    data={"kind": "statement", "text": f"Bench {i}.", "language": "en"},
                    content_type="application/json",
                ),
                201,
            ),
        ),
        ("one adoption act", _acts(head, documents, ok)),
        ("document page", lambda i: ok(page.get(f"/documents/{documents[0]}/"))),
        ("meeting page", lambda i: ok(page.get(f"/meetings/{world['meeting']}/"))),
    ]
    return [measure(name, send, rounds) for name, send in cases]


def _acts(head: Any, documents: list[Any], ok: Callable[..., Any]) -> Callable[[int], Any]:
    """One approval per document, each document once (the warm-up included)."""
    remaining = iter(documents)

    def send(_i: int) -> Any:
        document = next(remaining)
        return ok(head.post(f"/api/v1/documents/{document}/adoption/acts",
                            data={"act": "approve"}, content_type="application/json"))  # fmt: skip

    return send


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/accord")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--sqlite", action="store_true", help="an SQLite file instead")
    parser.add_argument("--show-queries", action="store_true", help="print each one's SQL")
    parser.add_argument("--profile", help="profile the requests whose name has this, e.g. vote")
    parser.add_argument("--profile-sort", default="tottime", help="pstats order, e.g. cumulative")
    parser.add_argument("--profile-lines", type=int, default=25, help="entries the profile prints")
    args = parser.parse_args()
    global SHOW_QUERIES, PROFILE, PROFILE_SORT, PROFILE_LINES
    SHOW_QUERIES, PROFILE = args.show_queries, args.profile
    PROFILE_SORT, PROFILE_LINES = args.profile_sort, args.profile_lines
    data_dir = tempfile.mkdtemp(prefix="accord-bench-cost-")
    name = f"accord_bench_cost_{os.getpid()}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="accord.site.settings", ACCORD_DATA_DIR=data_dir,
        ACCORD_TLS="0", ACCORD_FAST_PASSWORD_HASHER="1", ACCORD_LOG_LEVEL="WARNING",
        ACCORD_ANALYSIS_MODE="off", ACCORD_SECRET_KEY="bench", REDIS_URL=args.redis,
    )  # fmt: skip
    admin = args.pg.rsplit("/", 1)[0] + "/postgres"
    if not args.sqlite:
        import psycopg

        os.environ["DATABASE_URL"] = args.pg.rsplit("/", 1)[0] + "/" + name
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.ALLOWED_HOSTS = ["*"]
        call_command("migrate", verbosity=0)
        print(load())
        print(f"database: {'SQLite' if args.sqlite else 'PostgreSQL'}; redis: {args.redis}")
        results = run(args.rounds)
        print(f"\n{'request':<24} {'CPU ms (median)':>16} {'queries':>8}")
        for label, cpu, queries in results:
            print(f"{label:<24} {cpu:>16.2f} {queries:>8}")
        print(load())
    finally:
        if not args.sqlite:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())

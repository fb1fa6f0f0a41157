"""Vote ingestion through the API on PostgreSQL: votes per second, target ≥ 2,000/s.

    .venv/bin/python bench/vote_ingestion_bench.py            # defaults below
    .venv/bin/python bench/vote_ingestion_bench.py --participants 200 --statements 40

It creates a dedicated database on the PostgreSQL server of ``--pg`` (dropped at the end,
whatever happens), migrates it, seeds one open consultation with invited experts and their
API tokens, starts ``accord serve`` on a loopback port, and sends real HTTP requests from
``--concurrency`` concurrent clients. Side by side, in the same run and on the same data:

* ``per-vote``  — ``POST /consultations/{id}/votes``, one vote per request (one ledger entry each);
* ``batch``     — ``POST /consultations/{id}/votes/batch``, each expert's votes in one request
                  (one transaction and one ledger entry carrying the digest of the batch);
* ``orm-bulk``  — the reference floor: ``Vote.objects.bulk_create`` of the same number of rows
                  in one transaction, no HTTP, no permission checks, no ledger.

The opinion map is recomputed as votes arrive, as in production (with several workers, in
``accord serve``'s supervisor process). Every phase is bounded by ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
ACCORD = Path(sys.executable).with_name("accord")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def admin_url(pg: str) -> str:
    return pg.rsplit("/", 1)[0] + "/postgres"


def seed(participants: int, statements: int) -> tuple[int, list[str]]:
    """One open consultation, `participants` invited experts and a token each."""
    import django

    django.setup()
    from accord.consultations import services
    from accord.members import services as members
    from accord.members.models import User

    secretariat = members.add_person(
        actor=None,
        username="secretariat",
        password="bench-password-1",
        role="secretariat",
        state_code=None,
        full_name="Bench Secretariat",
    )
    members.admit_state(
        actor=secretariat,
        code="UNO",
        name_en="United Nations",
        name_zh="联合国",
        name_ru="ООН",
        status="dialogue_partner",
        joined_on=__import__("datetime").date(2001, 6, 15),
    )
    consultation = services.create_consultation(
        actor=secretariat,
        title="Bench",
        kind="open",
        visibility="participants",
        statements=[f"Statement {n}" for n in range(1, statements + 1)],
    )
    tokens = []
    for n in range(participants):
        expert: User = members.add_person(
            actor=secretariat,
            username=f"expert-{n}",
            password="bench-password-1",
            role="participant",
            state_code="UNO",
            full_name=f"Expert {n}",
        )
        services.invite(actor=secretariat, consultation_id=consultation.pk, user=expert)
        _, raw = members.issue_api_token(user=expert, label="bench")
        tokens.append(raw)
    return consultation.pk, tokens


def public_id(consultation_key: int) -> str:
    """The public id the API knows the consultation by."""
    from accord.consultations.models import Consultation

    return str(Consultation.objects.get(pk=consultation_key).public_id)


async def run_requests(
    base: str, jobs: list[tuple[str, str, Any]], concurrency: int, timeout: float
) -> tuple[float, int, int]:
    """Send (token, path, json) jobs with `concurrency` workers; wall time, ok, failed."""
    queue: asyncio.Queue[tuple[str, str, Any]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    ok = failed = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal ok, failed
        while not queue.empty():
            token, path, body = queue.get_nowait()
            response = await client.post(
                path, json=body, headers={"Authorization": f"Bearer {token}"}
            )
            if response.status_code == 201:
                ok += 1
            else:
                failed += 1
                if failed <= 3:
                    print(f"  ! {response.status_code} {response.text[:200]}", file=sys.stderr)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        start = time.perf_counter()
        await asyncio.wait_for(
            asyncio.gather(*(worker(client) for _ in range(concurrency))), timeout
        )
        return time.perf_counter() - start, ok, failed


def orm_bulk(consultation_id: int, participants: int, statements: int) -> float:
    """The floor: the same number of vote rows written with one bulk insert."""
    from django.db import transaction

    from accord.consultations.models import Participant, Statement, Vote

    seats = list(Participant.objects.filter(consultation_id=consultation_id)[:participants])
    items = list(Statement.objects.filter(consultation_id=consultation_id)[:statements])
    start = time.perf_counter()
    with transaction.atomic():
        Vote.objects.bulk_create(
            [
                Vote(consultation_id=consultation_id, participant=p, statement=s, value=-1)
                for p in seats
                for s in items
            ],
            update_conflicts=True,
            unique_fields=["consultation", "participant", "statement"],
            update_fields=["value"],
            batch_size=5000,
        )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/accord")
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--statements", type=int, default=50)
    parser.add_argument("--per-vote", type=int, default=3000, help="votes in the per-vote phase")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="accord serve --workers")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()

    name = f"accord_bench_{os.getpid()}"
    # The server runs Accord's own settings: a PostgreSQL connection pool per worker.
    url = args.pg.rsplit("/", 1)[0] + "/" + name
    env = dict(
        os.environ,
        DATABASE_URL=url,
        ACCORD_TLS="0",
        ACCORD_FAST_PASSWORD_HASHER="1",
        ACCORD_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="accord.site.settings",
    )
    os.environ.update(env)
    with psycopg.connect(admin_url(args.pg), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    server: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run([str(ACCORD), "migrate", "--quiet"], env=env, check=True, timeout=300)
        print(f"seeding {args.participants} experts × {args.statements} statements …")
        consultation_id, tokens = seed(args.participants, args.statements)
        port = free_port()
        server = subprocess.Popen(
            [
                str(ACCORD),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("accord serve did not come up")
            time.sleep(0.3)
        # The API names a consultation by its public id (issue 11), never by its key.
        path = f"/api/v1/consultations/{public_id(consultation_id)}"
        half = len(tokens) // 2

        # Per-vote: the first half of the experts, statement after statement.
        per_vote_jobs = [
            (
                tokens[i % half],
                f"{path}/votes",
                {"statement": 1 + (i // half) % args.statements, "vote": "agree"},
            )
            for i in range(args.per_vote)
        ]
        t_single, ok_single, bad_single = asyncio.run(
            run_requests(base, per_vote_jobs, args.concurrency, args.timeout)
        )
        # Batch: the other half, each expert's votes in one request.
        batch_jobs = [
            (
                token,
                f"{path}/votes/batch",
                {
                    "votes": [
                        {"statement": s, "vote": ("agree", "disagree", "pass")[(i + s) % 3]}
                        for s in range(1, args.statements + 1)
                    ]
                },
            )
            for i, token in enumerate(tokens[half:])
        ]
        t_batch, ok_batch, bad_batch = asyncio.run(
            run_requests(base, batch_jobs, args.concurrency, args.timeout)
        )
        batch_votes = ok_batch * args.statements
        t_orm = orm_bulk(consultation_id, half, args.statements)
        orm_votes = half * args.statements

        print()
        print(
            f"{'path':<10} {'requests':>9} {'failed':>7} {'votes':>8} {'seconds':>8} {'votes/s':>9}"
        )
        print(
            f"{'per-vote':<10} {ok_single:>9} {bad_single:>7} {ok_single:>8} "
            f"{t_single:>8.2f} {ok_single / t_single:>9.0f}"
        )
        print(
            f"{'batch':<10} {ok_batch:>9} {bad_batch:>7} {batch_votes:>8} "
            f"{t_batch:>8.2f} {batch_votes / t_batch:>9.0f}"
        )
        print(
            f"{'orm-bulk':<10} {'-':>9} {'-':>7} {orm_votes:>8} {t_orm:>8.2f} "
            f"{orm_votes / t_orm:>9.0f}"
        )
        target = 2000
        best = batch_votes / t_batch
        print(
            f"\ntarget ≥ {target} votes/s through the API: "
            f"{'met' if best >= target else 'NOT met'} by the batch endpoint ({best:.0f}/s); "
            f"per-vote endpoint {ok_single / t_single:.0f}/s"
        )
        return 0 if bad_single == bad_batch == 0 else 1
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url(args.pg), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    raise SystemExit(main())

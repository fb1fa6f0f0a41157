"""Concurrent writers keep one linear chain (PostgreSQL: real parallel transactions)."""

from __future__ import annotations

import itertools
from functools import partial

import pytest
from django.db import connection

from accord.domain import ledger as chain
from accord.ledger.models import LedgerEntry
from accord.ledger.selectors import verify_live_chain
from accord.members import services
from concurrent_writers import run_at_once

WRITERS = 8
WRITES_EACH = 5


@pytest.mark.postgres
def test_parallel_writers_through_a_service_keep_one_linear_chain(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers on its file lock")
    people = [
        services.add_person(
            actor=None,
            username=f"writer-{n}",
            password="correct horse battery staple",
            role="secretariat",
            state_code=None,
        )
        for n in range(WRITERS)
    ]
    start_seq = LedgerEntry.objects.count()

    def write(person) -> None:
        for _ in range(WRITES_EACH):
            services.issue_api_token(user=person, label="race")

    assert run_at_once([partial(write, p) for p in people]) == []

    total = start_seq + WRITERS * WRITES_EACH
    rows = list(LedgerEntry.objects.order_by("seq"))
    assert [row.seq for row in rows] == list(range(1, total + 1))
    assert rows[0].prev_hash == chain.GENESIS_HASH
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.entry_hash
    tokens = LedgerEntry.objects.filter(action="token.issued")
    assert sorted(tokens.values_list("actor", flat=True)) == sorted(
        f"writer-{n}" for n in range(WRITERS) for _ in range(WRITES_EACH)
    )
    report = verify_live_chain(viewer=None)
    assert report.ok
    assert report.entries_checked == total

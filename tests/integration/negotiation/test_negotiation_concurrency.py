"""Parallel approvals and objections on PostgreSQL never yield an adoption an objection
should have stopped: the procedure row is locked and the acts replay in order."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from django.db import connection

from accord.domain.errors import DomainError
from accord.negotiation import services
from accord.negotiation.models import AdoptionAct, AdoptionProcedure, Document
from concurrent_writers import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL's row locks (run with DATABASE_URL=postgres://…)")


@pytest.mark.parametrize("round_", range(5))
def test_parallel_approvals_and_an_objection_never_adopt(
    region: Any, draft: Any, round_: int
) -> None:
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")

    def act(code: str, objects: bool) -> None:
        if objects:
            services.object_to(actor=region.head(code), document_id=document.pk, reason="No.")
        else:
            services.approve(actor=region.head(code), document_id=document.pk)

    objector = ("KAZ", "KGZ", "TJK", "UZB")[round_ % 4]
    errors = run_at_once(
        [partial(act, code, code == objector) for code in ("KAZ", "KGZ", "TJK", "UZB")]
    )
    procedure = AdoptionProcedure.objects.get(document=document)
    assert procedure.outcome == "failed"
    assert Document.objects.get(pk=document.pk).status == "negotiation"
    assert procedure.record is None
    objected = AdoptionAct.objects.filter(procedure=procedure, act="object").count()
    assert objected == 1
    # Approvals that arrived after the objection were refused as too late, never counted.
    assert all(isinstance(e, DomainError) and "closed" in e.message for e in errors), errors

"""Reads never write (issue 16): a GET of a document whose silence procedure has run out
shows the outcome the domain computes, and leaves the ledger and every row as they were;
the tick then settles it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.ledger.models import LedgerEntry
from accord.negotiation import services, tick
from accord.negotiation.models import AdoptionAct, AdoptionProcedure, Document

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/documents"


def _rows(document_id: int) -> tuple[Any, ...]:
    procedure = AdoptionProcedure.objects.get(document_id=document_id)
    return (
        LedgerEntry.objects.count(),
        Document.objects.get(pk=document_id).status,
        procedure.outcome,
        procedure.decided_at,
        AdoptionAct.objects.count(),
    )


def test_a_get_after_the_deadline_leaves_the_ledger_and_rows_unchanged(
    region: Any, api: Any, draft: Any
) -> None:
    document = draft(visibility="public")
    opened = timezone.now() - timedelta(hours=3)
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence",
        deadline=opened + timedelta(hours=1), now=opened,
    )  # fmt: skip
    head = api(region.head("KAZ"))  # issuing its token is a write, before the reads
    before = _rows(document.pk)
    adoption = head.get(f"{DOCS}/{document.public_id}/adoption")
    assert adoption.status_code == 200
    assert adoption.json()["outcome"] == "adopted"
    for path in (f"{DOCS}/{document.public_id}", f"{DOCS}/{document.public_id}/revisions/1", DOCS):
        assert head.get(path).status_code == 200
    assert _rows(document.pk) == before
    tick.run(timezone.now())
    assert Document.objects.get(pk=document.pk).status == "adopted"
    assert LedgerEntry.objects.filter(action="adoption.adopted").count() == 1

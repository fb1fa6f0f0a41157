"""Search reads an index on PostgreSQL (issue 19): the trigram GIN indexes the migrations add
(`accord.edge.trigram`) answer the `contains` of every search column, so that a search on
a table of thousands of rows is a bitmap scan of the index, not a scan of the table.

On a test's few hundred rows the planner rightly prefers reading the whole table (or the
whole of the page index, backwards), so the plan is asked for with those priced out
(`enable_seqscan`, `enable_indexscan` off, leaving bitmap scans): what it shows is that the
index answers the query the selectors send, words, visibility and order as they are (an
index that did not fit it, on another column or operator class, would leave only the
priced-out scans). That the planner picks it by itself on a large table is
measured by bench/search_bench.py at 100,000 rows (bench/README.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection

from accord.dialogue import selectors as dialogue_selectors
from accord.dialogue.models import Concern, Intervention
from accord.dialogue.services import convene_meeting
from accord.edge.search import answering, read_query
from accord.negotiation.models import Document
from accord.negotiation.permissions import visible_documents
from accord.notifications.models import Notification

ROWS = 300

INDEXES = {
    "dialogue_concern": "concern_search_trgm",
    "dialogue_intervention": "intervention_search_trgm",
    "negotiation_document": "document_search_trgm",
    "notifications_notification": "notification_search_trgm",
}


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's (run with DATABASE_URL=postgres://…)")


def _terms(n: int) -> str:
    # Every row its own words, in the three languages' scripts; one in a hundred the rare one.
    rare = " ледник 冰川融化 glacier" if n % 100 == 7 else ""
    return f" filler{n} угроза{n % 97} 安全{n % 89}{rare} "


def test_each_search_column_has_its_trigram_index_on_postgresql(db: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(INDEXES.values())],
        )
        found = {table: (name, definition) for table, name, definition in cursor.fetchall()}
    assert sorted(found) == sorted(INDEXES)
    for table, (name, definition) in found.items():
        assert name == INDEXES[table]
        assert "USING gin (search_terms gin_trgm_ops)" in definition, definition


def _plan(queryset: Any) -> str:
    # The test's transaction holds the setting (SET LOCAL): no other test sees it.
    with connection.cursor() as cursor:
        for table in ("dialogue_concern", "dialogue_intervention", "negotiation_document"):
            cursor.execute(f"ANALYZE {table}")  # the rare word is estimated as rare
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    return str(queryset.explain())


def test_a_search_of_concerns_reads_the_trigram_index(region: Any) -> None:
    raiser = region.head("KAZ")
    Concern.objects.bulk_create(
        Concern(title=f"c{n}", summary="", search_terms=_terms(n), category="other",
                raised_by_state_id="KAZ", raised_by=raiser, visibility="participants")
        for n in range(ROWS)
    )  # fmt: skip
    for query in ("glacier", "ледники", "冰川"):
        found = dialogue_selectors.concerns(region.head("TJK")).filter(answering(read_query(query)))
        plan = _plan(found.order_by("-raised_at", "-id")[:51])
        assert "concern_search_trgm" in plan, plan
        assert "Bitmap Index Scan on concern_search_trgm" in plan, plan
        assert "Seq Scan" not in plan, plan
        assert found.count() == 3, query


def test_a_search_of_interventions_and_documents_reads_their_indexes(region: Any) -> None:
    meeting = convene_meeting(
        actor=region.secretariat, title="Plenary", kind="ministerial",
        starts_at=datetime(2030, 5, 10, 8, tzinfo=UTC),
        ends_at=datetime(2030, 5, 10, 18, tzinfo=UTC),
        participants=["KAZ", "KGZ", "TJK", "UZB"], venue="Astana",
    )  # fmt: skip
    speaker = region.head("KAZ")
    Intervention.objects.bulk_create(
        Intervention(meeting=meeting, state_id="KAZ", speaker=speaker, kind="statement",
                     text=f"i{n}", language="en", search_terms=_terms(n),
                     visibility="participants")
        for n in range(ROWS)
    )  # fmt: skip
    Document.objects.bulk_create(
        Document(kind="joint-statement", title=f"d{n}", search_terms=_terms(n),
                 created_by=speaker, visibility="participants")
        for n in range(ROWS)
    )  # fmt: skip
    words = answering(read_query("glacier"))
    interventions = dialogue_selectors.interventions(region.head("TJK")).filter(words)
    plan = _plan(interventions.order_by("-id")[:51])
    assert "intervention_search_trgm" in plan, plan
    documents = visible_documents(region.head("TJK")).filter(words)
    plan = _plan(documents.order_by("-id")[:51])
    assert "document_search_trgm" in plan, plan
    assert (interventions.count(), documents.count()) == (3, 3)
    assert Notification.objects.count() == 0  # its index is checked above, by its definition

"""A ministerial meeting of the region held under the rules of a meeting series.

KAZ, KGZ, TJK and UZB take part, MNG is an invited observer. The series' rules: consensus
as "no member present objects" with a quorum of 3 and a 24-hour window for the absent,
five minutes a statement, three a reply, one reply per item, 72 hours of silence at least.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

OSCE_LIKE = {
    "consent": "no-objection",
    "quorum": 3,
    "absent_window": 24 * 3600,
    "statement_time": 300,
    "reply_time": 180,
    "replies_per_item": 1,
    "amendment_breaks_silence": True,
    "correction_window": 7 * 86400,
}


def counts() -> dict[str, int]:
    """Row counts of every table these tests touch, and the ledger's."""
    from accord.dialogue.models import FloorRequest, Intervention
    from accord.ledger.models import LedgerEntry
    from accord.negotiation.models import AdoptionAct, AdoptionProcedure
    from accord.proceedings import models

    tables = [
        models.MeetingSeries, models.SeriesMeeting, models.FloorTurn, models.SpeakersList,
        models.SummaryRecord, models.RecordCorrection, models.ChairOffice, models.FriendsGroup,
        models.Commitment, models.NonPaper, FloorRequest, Intervention, AdoptionProcedure,
        AdoptionAct, LedgerEntry,
    ]  # fmt: skip
    return {t.__name__: t.objects.count() for t in tables}


@pytest.fixture
def series(region: Any) -> Any:
    from accord.proceedings import series as services

    return services.adopt_rules(
        actor=region.secretariat, code="ministerial", name="Ministerial meetings",
        rules=OSCE_LIKE,
    )  # fmt: skip


@pytest.fixture
def ministerial(region: Any, series: Any) -> Any:
    """The meeting, under the series, with two agenda items, agenda adopted."""
    from accord.dialogue import services
    from accord.proceedings import series as rules

    now = datetime.now(UTC)
    meeting = services.convene_meeting(
        actor=region.secretariat,
        title="Ministerial meeting",
        kind="ministerial",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=8),
        participants=["KAZ", "KGZ", "TJK", "UZB"],
        observers=["MNG"],
        venue="Tashkent",
    )
    rules.hold_under(actor=region.secretariat, code="ministerial", meeting_id=meeting.pk)
    services.add_agenda_item(actor=region.secretariat, meeting_id=meeting.pk, title="Afghanistan")
    services.add_agenda_item(actor=region.secretariat, meeting_id=meeting.pk, title="Outcome")
    services.adopt_agenda(actor=region.chair, meeting_id=meeting.pk)
    return meeting


@pytest.fixture
def items(ministerial: Any) -> list[Any]:
    return list(ministerial.agenda_items.all())


@pytest.fixture
def text_at_meeting(region: Any, ministerial: Any) -> Callable[..., Any]:
    from accord.negotiation import services

    def make() -> Any:
        return services.create_draft(
            actor=region.chair, kind="joint-statement", title="Joint statement",
            paragraphs=[
                {"kind": "preambular", "text": "Recalling the Tashkent meeting,"},
                {"kind": "operative", "text": "The participants welcome the dialogue."},
                {"kind": "operative", "text": "The participants will meet within a year."},
            ],
            visibility="participants", meeting_id=ministerial.pk,
        )  # fmt: skip

    return make

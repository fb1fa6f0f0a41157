"""The demo shows a meeting series with its rules, a corrected record, a Friends of the
Chair group and an implementation matrix."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from accord.site.demo import DemoScenario


def test_the_demo_holds_rules_a_corrected_record_friends_and_a_matrix(db, tmp_path: Path):
    from accord.site.discovery import app_modules

    scenario = DemoScenario(keys_dir=tmp_path, now=timezone.now())
    for module in app_modules("demo"):
        module.load(scenario)
    from accord.proceedings import follow_up
    from accord.proceedings.models import (
        Commitment,
        FriendsGroup,
        MeetingSeries,
        RecordCorrection,
        SeriesMeeting,
        SummaryRecord,
    )  # fmt: skip

    series = MeetingSeries.objects.get(code="ministerial")
    assert series.value.consent.value == "no-objection"
    assert SeriesMeeting.objects.filter(series=series).count() >= 3
    record = SummaryRecord.objects.get(meeting__title__startswith="Ministerial meeting, Guilin")
    assert record.stage == "final" and len(record.final_sha256) == 64
    fix = RecordCorrection.objects.get(record=record)
    assert next(e["text"] for e in record.entries if e["ref"] == fix.ref) == fix.text
    group = FriendsGroup.objects.get()
    assert group.state_codes == ["CHN", "IND", "PAK", "RUS"] and group.outcome
    assert Commitment.objects.count() == 3
    overdue = follow_up.overdue(scenario.person("kaz-head"), today=scenario.now.date())
    assert [c.description for c in overdue] == ["Hold a working group on information security"]

"""The dialogue's part of the demo loads, through the services, and looks alive."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from accord.dialogue import demo as dialogue_demo
from accord.dialogue import selectors
from accord.dialogue.models import Bilateral, Concern, Intervention, Meeting
from accord.domain import ledger as chain
from accord.ledger.selectors import chain_entries
from accord.members import demo as members_demo
from accord.site.demo import DemoScenario


def test_the_demo_holds_a_living_dialogue(db, tmp_path: Path):
    scenario = DemoScenario(keys_dir=tmp_path, now=timezone.now())
    members_demo.load(scenario)
    dialogue_demo.load(scenario)
    assert Concern.objects.count() == 10
    guilin = Meeting.objects.get(title__startswith="Ministerial meeting, Guilin")
    assert guilin.starts_at.date().isoformat() == "2021-03-22"
    assert guilin.agenda_adopted
    languages = set(Intervention.objects.filter(meeting=guilin).values_list("language", flat=True))
    assert languages == {"en", "ru", "zh-hans"}
    upcoming = Meeting.objects.filter(starts_at__gt=scenario.now).exclude(kind="bilateral")
    assert upcoming.count() == 1
    assert upcoming.get().starts_at - scenario.now < timedelta(days=10)
    talks = Bilateral.objects.get(status="accepted")
    assert (talks.requester_id, talks.counterpart_id) == ("CHN", "RUS")
    people = scenario.people
    assert [b.pk for b in selectors.list_bilaterals(people["rus-delegate"])] == [talks.pk]
    assert talks.pk not in {b.pk for b in selectors.list_bilaterals(people["kaz-head"])}
    assert chain.verify_chain(chain_entries(viewer=None)).ok

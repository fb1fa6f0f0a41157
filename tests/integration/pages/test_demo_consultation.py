"""The demo tells one story: its open expert consultation is about the region's security,
with seeded statements and synthetic votes that say they are synthetic — not the imported
London youth-policing conversation (kept for `accord opinion analyze` and the benchmarks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from accord.consultations import demo as consultations_demo
from accord.consultations.demo_experts import EXPERTS, STATEMENTS, synthetic_export
from accord.consultations.models import Consultation, Statement
from accord.members import demo as members_demo
from accord.site.demo import DemoScenario


@pytest.fixture(autouse=True)
def _sync_analysis(settings: Any) -> None:
    from accord.consultations import recompute

    settings.ACCORD_ANALYSIS_MODE = "sync"
    recompute.forget_models()


def test_the_open_consultation_is_about_the_regions_security_and_says_its_votes_are_synthetic(
    db: Any, tmp_path: Path
) -> None:
    scenario = DemoScenario(keys_dir=tmp_path, now=timezone.now())
    members_demo.load(scenario)
    consultations_demo.load(scenario)
    expert = Consultation.objects.get(kind="open")
    assert "security of the region" in expert.title and "synthetic" in expert.title
    assert "the votes are synthetic" in expert.question
    texts = list(Statement.objects.filter(consultation=expert).values_list("text", flat=True))
    assert texts == [text for text, _rates in STATEMENTS]
    assert not Consultation.objects.filter(title__icontains="policing").exists()
    # The synthetic experts and the seat that seeded the statements (Pol.is author 0).
    assert expert.participants.filter(user__isnull=True).count() == EXPERTS + 1
    assert expert.votes.count() > EXPERTS * len(STATEMENTS) // 2


def test_the_synthetic_votes_are_the_same_in_every_demo() -> None:
    assert synthetic_export() == synthetic_export()

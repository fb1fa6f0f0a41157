"""The mediator's stored answer (the domain's English notes and label, the codes of the
drafters and the embedder) reads in the reader's language on the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from accord.domain.mediation import Amendment, Positions, Subject, propose_wordings
from accord.mediator import services
from accord.mediator.display import note_text
from accord.mediator.embedder import HashingEmbedder

pytestmark = pytest.mark.django_db


def test_the_stored_answer_reads_in_russian(region: Any, consultation: Any) -> None:
    mediation = services.ask_on_consultation(
        actor=region.secretariat, consultation_id=consultation.pk
    )
    with translation.override("ru"):
        assert mediation.display_label == (
            "Прогнозируемая приемлемость: оценка модели, а не голосование и не позиция."
        )
        assert mediation.drafters_label == "собственные формулировки государств"
        assert mediation.embedder_label == "по написанию"
        assert mediation.display_notes[0] == mediation.display_label
    # The record keeps what the domain said.
    assert mediation.result["label"].startswith("Predicted acceptance: a model's estimate")


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_every_note_the_domain_writes_is_translated(language: str) -> None:
    positions = Positions(
        states=frozenset({"A", "B", "C", "D"}),
        amendments=(
            Amendment("a1", "A", "States refrain from the threat or use of force.", frozenset("C")),
            Amendment("a2", "B", "States refrain from the threat or use of force now."),
        ),
    )
    result = propose_wordings(
        Subject("concern", "Use of force"), positions, embedder=HashingEmbedder(),
        merge_threshold=0.8,
    )  # fmt: skip
    assert len(result.notes) == 3  # the label, one merge, one silent state (D)
    with translation.override(language):
        shown = [note_text(note) for note in result.notes]
    assert all(text != note for text, note in zip(shown, result.notes, strict=True))
    assert "D" in shown[2]

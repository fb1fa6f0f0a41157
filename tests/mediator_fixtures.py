"""Mediator fixtures: the hashing embedder and no LLM unless a test says otherwise, a state
consultation with the heads' votes, and documents with a bracketed paragraph."""

from __future__ import annotations

from typing import Any

import pytest

SEEDS = [
    "Terrorism and extremism threaten the security of every state in the region.",
    "Outer space must remain free of weapons of any kind.",
    "Each state alone decides its own security arrangements in the region.",
]
# State -> its votes on the seeds, in order: statement 1 is the only one all four accept.
VOTES = {
    "KAZ": ["agree", "agree", "disagree"],
    "KGZ": ["agree", "disagree", "agree"],
    "TJK": ["agree", "pass", "disagree"],
    "UZB": ["agree", "agree", "disagree"],
}
BRACKETED = [
    {"kind": "preambular", "text": "Recalling the Tashkent meeting of 15 July 2021,"},
    {
        "kind": "operative",
        "segments": [
            {"text": "The participants "},
            {
                "alternatives": [
                    {"text": "oppose", "backers": ["KAZ", "UZB"]},
                    {"text": "express concern about", "backers": ["KGZ"]},
                ]
            },
            {"text": " an arms race in outer space."},
        ],
    },
]


@pytest.fixture
def seeds() -> list[str]:
    return SEEDS


@pytest.fixture(autouse=True)
def _offline_mediator(settings: Any) -> None:
    """Tests inject nothing heavy: hashing embedder, LLM drafter off, analysis in-line."""
    from accord.consultations import recompute

    settings.ACCORD_MEDIATOR_EMBEDDER = "hashing"
    settings.ACCORD_LLM_URL = ""
    settings.ACCORD_ANALYSIS_MODE = "sync"
    recompute.forget_models()


def vote_all(consultation: Any, region: Any, votes: dict[str, list[str]] = VOTES) -> None:
    from accord.consultations import services

    for code, stances in votes.items():
        for number, stance in enumerate(stances, start=1):
            services.cast_vote(
                actor=region.head(code),
                consultation_id=consultation.pk,
                statement=number,
                vote=stance,
            )


@pytest.fixture
def consultation(region: Any) -> Any:
    """A members-only state consultation opened by the secretariat, voted on by every head."""
    from accord.consultations import services

    made = services.create_consultation(
        actor=region.secretariat,
        title="Security concerns of the region",
        question="Which security concerns do the states share?",
        kind="state",
        visibility="members",
        statements=SEEDS,
    )
    vote_all(made, region)
    return made


@pytest.fixture
def restricted_consultation(region: Any) -> Any:
    """Opened by Kazakhstan's head for KAZ and KGZ only; TJK is the third state."""
    from accord.consultations import services

    made = services.create_consultation(
        actor=region.head("KAZ"),
        title="Border water",
        kind="state",
        visibility="restricted",
        states=["KAZ", "KGZ"],
        statements=SEEDS[:2],
    )
    vote_all(made, region, {"KAZ": ["agree", "agree"], "KGZ": ["agree", "disagree"]})
    return made


@pytest.fixture
def document(region: Any) -> Any:
    """A joint statement drafted by the chair; OP1 (paragraph id 2) holds a bracket."""
    from accord.negotiation import services

    return services.create_draft(
        actor=region.chair,
        kind="joint-statement",
        title="Joint statement",
        paragraphs=BRACKETED,
        visibility="participants",
    )


@pytest.fixture
def restricted_document(region: Any) -> Any:
    from accord.negotiation import services

    return services.create_draft(
        actor=region.chair,
        kind="joint-statement",
        title="Bilateral note",
        paragraphs=[
            {
                "kind": "operative",
                "segments": [
                    {"text": "The two states "},
                    {
                        "alternatives": [
                            {"text": "will share", "backers": ["KAZ"]},
                            {"text": "may exchange", "backers": ["KGZ"]},
                        ]
                    },
                    {"text": " data on river flows every month."},
                ],
            }
        ],
        visibility="restricted",
        states=["KAZ", "KGZ"],
    )

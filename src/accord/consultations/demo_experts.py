"""The demo's open (Track 2) consultation: experts on the region's security.

The statements are seeded by the demo; the votes are SYNTHETIC, drawn by the demo itself
(a fixed seed, so every demo is the same) from three invented schools of thought, only so
that the opinion map has something to show. They are nobody's views. The imported
London youth-policing conversation is kept for `accord opinion analyze` and the
benchmarks, not for the demo's story.
"""

from __future__ import annotations

import random

from accord.domain.opinion import polis

EXPERTS = 48
SEED = 2021
# Each statement, and how likely each school is to agree with it (the rest split between
# disagreeing and passing): "cooperative security", "sovereignty first", "development first".
STATEMENTS: list[tuple[str, tuple[float, float, float]]] = [
    (
        "A regional counter-terrorism centre should share watch lists in real time.",
        (0.85, 0.55, 0.6),
    ),
    (
        "Joint border patrols on the Afghan frontier would reduce drug trafficking.",
        (0.8, 0.35, 0.55),
    ),
    (
        "Water-sharing disputes are the region's most likely source of armed conflict.",
        (0.6, 0.3, 0.9),
    ),
    ("Military exercises near borders should be notified 42 days ahead.", (0.9, 0.2, 0.5)),
    ("Outside powers' bases in the region undermine its security.", (0.3, 0.9, 0.5)),
    ("Information security rules should be negotiated at the United Nations.", (0.7, 0.85, 0.6)),
    ("Economic development does more for security than any military measure.", (0.5, 0.4, 0.95)),
    ("A hotline between defence ministries should be staffed around the clock.", (0.9, 0.75, 0.8)),
    ("Unilateral sanctions make the region less secure.", (0.35, 0.9, 0.7)),
    ("Climate adaptation funds belong in the security budget.", (0.55, 0.2, 0.9)),
    ("Biosafety laboratories should accept confidence-building visits.", (0.85, 0.3, 0.65)),
    ("Early warning of floods on transboundary rivers is a shared duty.", (0.9, 0.7, 0.95)),
]
SCHOOLS = (0.4, 0.35, 0.25)  # the share of experts in each school
START_MS = 1_615_000_000_000  # March 2021, the Guilin talks


def _vote(roll: float, agree: float) -> int:
    """Agree with probability `agree`; of the rest, seven in ten disagree, three pass."""
    if roll < agree:
        return 1
    return -1 if roll < agree + (1 - agree) * 0.7 else 0


def synthetic_export() -> dict[str, bytes]:
    """comments.csv and votes.csv of the synthetic consultation, in the Pol.is format."""
    draw = random.Random(SEED)
    comments = [
        polis.Comment(
            statement_id=n,
            author_id=0,
            agrees=0,
            disagrees=0,
            moderated=1,
            body=text,
            timestamp=START_MS + n * 1000,
        )
        for n, (text, _rates) in enumerate(STATEMENTS)
    ]
    votes = []
    for expert in range(1, EXPERTS + 1):
        school = draw.choices(range(3), weights=SCHOOLS)[0]
        for n, (_text, rates) in enumerate(STATEMENTS):
            if draw.random() < 0.15:  # not every expert votes on every statement
                continue
            vote = _vote(draw.random(), rates[school])
            at = START_MS + 60_000 * (expert * len(STATEMENTS) + n)
            votes.append(polis.Vote(participant_id=expert, statement_id=n, vote=vote, timestamp=at))
    return {
        polis.COMMENTS_FILE: polis.format_comments(comments).encode(),
        polis.VOTES_FILE: polis.format_votes(votes).encode(),
    }

"""The mediator's figures in each language: every pair of wordings that differ only by a
negation or a modal, exhaustively (the vocabulary of
tests/unit/domain/mediation/test_mediation_languages.py), with an embedder for which every
wording means the same, so that only the language guard can keep them apart; and the
candidates drawn from interventions in one language alone.

    PYTHONPATH=src python bench/mediator_languages.py
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests/unit/domain/mediation"))

from test_mediation_languages import (
    CHINESE,
    EMBED,
    ENGLISH,
    RUSSIAN_MODALS,
    STATES,
    SameEverything,
    _sentence,
)

from accord.domain.mediation import Intervention, Positions, Subject, propose_wordings
from accord.domain.mediation.drafting import Candidate, merge_near_duplicates

MODALS = {"en": ENGLISH[1], "zh": CHINESE[1], "ru": RUSSIAN_MODALS}
SUBJECTS = {
    "en": "The situation in Afghanistan",
    "zh": "阿富汗局势",
    "ru": "Ситуация в Афганистане",
}
ONE_LANGUAGE = {
    "en": [
        "We support dialogue on Afghanistan.",
        "All parties shall support peace in Afghanistan.",
    ],
    "zh": ["我们主张通过对话协商解决阿富汗问题。", "各方应当支持阿富汗和平重建进程。"],
    "ru": [
        "Мы поддерживаем диалог по Афганистану.",
        "Стороны должны поддержать мир в Афганистане.",
    ],
}


def guard(language: str) -> tuple[int, int]:
    """(pairs tried, pairs merged) for one language."""
    tried = merged = 0
    for first, second in itertools.combinations(MODALS[language], 2):
        for subject, predicate in itertools.product(range(3), range(2)):
            a = _sentence(language, subject, first, predicate)
            b = _sentence(language, subject, second, predicate)
            out = merge_near_duplicates(
                [Candidate(a, "extractive"), Candidate(b, "extractive")],
                SameEverything(),
                threshold=0.5,
            )
            tried += 1
            merged += len(out) < 2
    return tried, merged


def candidates(language: str) -> int:
    interventions = tuple(
        Intervention(f"i{n}", state, text)
        for n, (state, text) in enumerate(zip(("CHN", "RUS"), ONE_LANGUAGE[language], strict=True))
    )
    positions = Positions(states=STATES, interventions=interventions)
    result = propose_wordings(Subject("concern", SUBJECTS[language]), positions, embedder=EMBED)
    return len(result.wordings)


def main() -> None:
    for language in ("en", "zh", "ru"):
        tried, merged = guard(language)
        print(
            f"{language}: {tried} pairs differing by a negation or modal, {merged} merged; "
            f"{candidates(language)} candidates from {language}-only interventions"
        )


if __name__ == "__main__":
    main()

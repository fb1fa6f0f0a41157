"""The mediator in Chinese and Russian: words are segmented (Chinese) and markers lemmatised
(Russian), so Chinese-only and Russian-only positions yield candidates, and no wordings that
differ by a negation or a modal are merged, in any of the three languages."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from accord.domain.mediation import (
    Alternative,
    Amendment,
    Intervention,
    Positions,
    Subject,
    propose_wordings,
)
from accord.domain.mediation.drafting import Candidate, merge_near_duplicates, split_clauses
from accord.domain.mediation.language import lexicon, markers, word_count
from accord.mediator.embedder import HashingEmbedder

EMBED = HashingEmbedder()
STATES = frozenset({"CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"})


class SameEverything:
    """An embedder for which every wording means the same: only the markers keep two
    wordings apart."""

    def embed(self, texts: Sequence[str]) -> NDArray[np.float64]:
        return np.ones((len(texts), 1))


def test_chinese_is_counted_in_words_not_as_one_run_of_characters() -> None:
    assert word_count("各方应加强地区安全合作。") == 6
    assert word_count("Стороны обязуются укреплять сотрудничество.") == 4
    assert word_count("The participants shall meet again.") == 5


def test_chinese_sentences_and_clauses_are_split_at_chinese_punctuation() -> None:
    text = "感谢主席。我们支持防止外层空间军备竞赛；各方应通过对话解决分歧。"
    assert [text[a:b] for a, b in split_clauses(text)] == [
        "我们支持防止外层空间军备竞赛；各方应通过对话解决分歧。",
        "我们支持防止外层空间军备竞赛",
        "各方应通过对话解决分歧。",
    ]


def test_russian_markers_are_compared_as_lemmas() -> None:
    assert markers("Государство может отказаться.") == markers("Государства могут отказаться.")
    assert markers("Стороны обязуются сотрудничать.") == {"ru:обязываться"}
    assert markers("Это неприемлемо.") == {"ru:не"}
    assert markers("Стороны немедленно сотрудничают.") == frozenset()


def test_chinese_markers_include_a_negation_fused_into_a_word() -> None:
    assert markers("各方不支持部署武器。") == {"zh:不"}
    assert markers("各方不断加强合作。") == frozenset()
    assert markers("各方应当加强合作。") == {"zh:应当"}


def test_a_chinese_only_bracket_yields_candidates() -> None:
    subject = Subject(
        "paragraph",
        "各方[反对][关切]外层空间军备竞赛。",
        (
            Alternative("反对", frozenset({"CHN", "RUS"})),
            Alternative("关切", frozenset({"KAZ"})),
        ),
    )
    positions = Positions(
        states=STATES,
        interventions=(
            Intervention(
                "i1", "KGZ", "感谢主席。" + "我们支持防止外层空间军备竞赛；各方应通过对话解决分歧。"
            ),
        ),
        amendments=(Amendment("a1", "UZB", "呼吁防止外层空间军备竞赛", frozenset({"TJK"})),),
    )
    result = propose_wordings(subject, positions, embedder=EMBED)
    texts = {w.text for w in result.wordings}
    assert {"反对", "关切", "呼吁防止外层空间军备竞赛", "我们支持防止外层空间军备竞赛"} <= texts
    assert "感谢主席。" not in texts


def test_chinese_interventions_alone_yield_candidates_for_a_concern() -> None:
    # Before segmentation an unspaced Chinese sentence was one word, under the minimum,
    # and the mediator refused: "No candidate wording could be drawn".
    positions = Positions(
        states=STATES,
        interventions=(
            Intervention("i1", "CHN", "我们主张通过对话协商解决阿富汗问题。"),
            Intervention("i2", "RUS", "各方应当支持阿富汗和平重建进程。"),
        ),
    )
    result = propose_wordings(Subject("concern", "阿富汗局势"), positions, embedder=EMBED)
    assert {w.text for w in result.wordings} == {
        "我们主张通过对话协商解决阿富汗问题。",
        "各方应当支持阿富汗和平重建进程。",
    }


def test_a_russian_only_bracket_yields_candidates() -> None:
    subject = Subject(
        "paragraph",
        "Участники [выступают против][выражают озабоченность в связи с] гонкой вооружений.",
        (
            Alternative("выступают против", frozenset({"RUS", "CHN"})),
            Alternative("выражают озабоченность в связи с", frozenset({"KAZ"})),
        ),
    )
    positions = Positions(
        states=STATES,
        interventions=(
            Intervention(
                "i1",
                "KGZ",
                "Спасибо, председатель. Мы поддерживаем предотвращение гонки вооружений в космосе.",
            ),
        ),
    )
    result = propose_wordings(subject, positions, embedder=EMBED)
    texts = {w.text for w in result.wordings}
    assert {"выступают против", "Мы поддерживаем предотвращение гонки вооружений в космосе."} <= (
        texts
    )


# Sentences that differ only by their negation or modal, in each language.
ENGLISH = (
    ["The participants", "All states", "The parties"],
    ["", "shall", "may", "must", "should", "will", "shall not", "may not", "do not", "never"],
    ["strengthen regional security cooperation.", "deploy weapons in outer space."],
)
CHINESE = (
    ["各方", "各成员国", "双方"],
    ["", "应", "应当", "可以", "必须", "将", "不", "不得", "不应", "不会", "没有", "可能", "不能"],
    ["加强地区安全合作。", "在外层空间部署武器。", "支持对话进程。"],
)
RUSSIAN_VERBS = [
    ("укрепляют", "укреплять", "сотрудничество в области безопасности."),
    ("размещают", "размещать", "оружие в космическом пространстве."),
    ("поддерживают", "поддерживать", "диалог."),
]
RUSSIAN_MODALS = [
    *["", "не", "обязуются", "могут", "должны"],
    *["не могут", "не должны", "будут", "вправе"],
]


def _sentence(language: str, subject: int, marker: str, predicate: int) -> str:
    if language == "ru":
        finite, infinitive, rest = RUSSIAN_VERBS[predicate]
        verb = finite if marker in ("", "не") else infinitive
        return " ".join(w for w in ("Стороны", marker, verb, rest) if w)
    subjects, _, predicates = ENGLISH if language == "en" else CHINESE
    joiner = " " if language == "en" else ""
    return joiner.join(w for w in (subjects[subject], marker, predicates[predicate]) if w)


@st.composite
def pairs(draw: st.DrawFn) -> tuple[str, str, str]:
    """Two wordings in one language that differ only by their negation or modal."""
    language = draw(st.sampled_from(["en", "zh", "ru"]))
    modals = {"en": ENGLISH[1], "zh": CHINESE[1], "ru": RUSSIAN_MODALS}[language]
    first, second = draw(st.lists(st.sampled_from(modals), min_size=2, max_size=2, unique=True))
    subject = draw(st.integers(0, 2))
    predicate = draw(st.integers(0, 1))
    return (
        language,
        _sentence(language, subject, first, predicate),
        _sentence(language, subject, second, predicate),
    )


@settings(max_examples=300, deadline=None)
@given(pairs())
def test_wordings_differing_by_a_negation_or_modal_are_never_merged(
    pair: tuple[str, str, str],
) -> None:
    _, first, second = pair
    candidates = [Candidate(first, "extractive"), Candidate(second, "extractive")]
    merged = merge_near_duplicates(candidates, SameEverything(), threshold=0.5)
    assert sorted(c.text for c in merged) == sorted([first, second])
    assert all(c.similar == [] for c in merged)


NEUTRAL = {"en": "Today, ", "zh": "目前，", "ru": "Сегодня "}


@settings(max_examples=50, deadline=None)
@given(pairs())
def test_wordings_with_the_same_markers_do_merge(pair: tuple[str, str, str]) -> None:
    # The other side of the guard: it keeps apart only what differs in meaning.
    language, first, _ = pair
    variant = NEUTRAL[language] + first
    assert markers(variant) == markers(first)
    candidates = [Candidate(first, "extractive"), Candidate(variant, "extractive")]
    assert len(merge_near_duplicates(candidates, SameEverything(), threshold=0.5)) == 1


def test_the_lexicon_holds_negations_and_modals_in_every_language() -> None:
    for language, (negation, modal) in {
        "en": ("not", "shall"),
        "zh": ("不", "应"),
        "ru": ("не", "обязываться"),
    }.items():
        assert negation in lexicon()[language]["negation"]
        assert modal in lexicon()[language]["modal"]

"""Agreed language is ranked by the words it shares with what is being drafted, in the
drafter's language: Chinese segmented by jieba, Russian compared as lemmas."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.agreed_language import (
    MINIMUM_SCORE,
    AgreedParagraph,
    rank_agreed_language,
    similarity,
)
from accord.domain.errors import InvalidInput

DIALOGUE = AgreedParagraph(
    source="RSD/MIN/2021/DOC/3",
    document="doc_a",
    label="OP2",
    texts={
        "en": "The participants welcome the dialogue on regional security.",
        "zh": "各方欢迎关于地区安全的对话。",
        "ru": "Участники приветствуют диалог по региональной безопасности.",
    },
)
MEETING = AgreedParagraph(
    source="RSD/MIN/2021/DOC/3",
    document="doc_a",
    label="OP3",
    texts={
        "en": "The participants will meet again within a year.",
        "zh": "各方将在一年内再次会晤。",
        "ru": "Участники вновь встретятся в течение года.",
    },
)
OUTER_SPACE = AgreedParagraph(
    source="RSD/MIN/2022/DOC/1",
    document="doc_b",
    label="PP1",
    texts={"en": "Concerned about an arms race in outer space,"},
)
MEMORY = (MEETING, OUTER_SPACE, DIALOGUE)


def ranked(query: str, language: str) -> list[tuple[str, str]]:
    return [(s.paragraph.citation, s.text) for s in rank_agreed_language(query, language, MEMORY)]


def test_the_closest_paragraph_comes_first_in_english() -> None:
    assert ranked("We welcome the security dialogue in the region", "en") == [
        ("RSD/MIN/2021/DOC/3, OP2", DIALOGUE.texts["en"]),
    ]
    assert ranked("an arms race in outer space", "en") == [
        ("RSD/MIN/2022/DOC/1, PP1", OUTER_SPACE.texts["en"]),
    ]


def test_unspaced_chinese_is_segmented_and_matched() -> None:
    # One unspaced sentence would be one "word" without segmentation, and match nothing.
    assert ranked("欢迎地区安全对话", "zh") == [("RSD/MIN/2021/DOC/3, OP2", DIALOGUE.texts["zh"])]
    assert ranked("一年内再次会晤", "zh")[0] == ("RSD/MIN/2021/DOC/3, OP3", MEETING.texts["zh"])


def test_russian_matches_through_inflection() -> None:
    # приветствует / приветствуют, диалога / диалог, безопасности / безопасность: the lemmas.
    assert ranked("Участник приветствует диалога о безопасности", "ru") == [
        ("RSD/MIN/2021/DOC/3, OP2", DIALOGUE.texts["ru"]),
    ]
    assert similarity("приветствует диалога", "приветствуют диалог") == pytest.approx(1.0)


def test_a_paragraph_is_offered_only_in_the_languages_it_was_adopted_in() -> None:
    assert ranked("гонка вооружений в космосе", "ru") == []
    assert [s.paragraph.label for s in rank_agreed_language("arms race", "en", MEMORY)] == ["PP1"]


def test_common_words_alone_make_no_match_and_an_empty_query_none() -> None:
    assert ranked("the of and in", "en") == []
    assert ranked("的和在", "zh") == []
    assert ranked("   ", "en") == []
    assert similarity("", "anything") == 0.0


def test_ties_are_ordered_by_source_then_label_and_the_limit_holds() -> None:
    twins = tuple(
        AgreedParagraph(source, "doc", label, {"en": "We welcome the dialogue."})
        for source, label in (("B/1", "OP1"), ("A/1", "OP2"), ("A/1", "OP1"))
    )
    found = rank_agreed_language("welcome dialogue", "en", twins, limit=2)
    assert [s.paragraph.citation for s in found] == ["A/1, OP1", "A/1, OP2"]
    assert [s.score for s in found] == [0.8165, 0.8165]  # {welcome, dialogue} of {we, …}


def test_a_language_without_versions_or_a_limit_out_of_range_is_refused() -> None:
    with pytest.raises(InvalidInput, match="there is no agreed language in 'fr'"):
        rank_agreed_language("dialogue", "fr", MEMORY)
    for limit in (0, 21):
        with pytest.raises(InvalidInput, match="a limit is 1 to 20"):
            rank_agreed_language("dialogue", "en", MEMORY, limit=limit)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    st.text(alphabet="abcdefgh ", max_size=40),
    st.text(alphabet="abcdefgh ", max_size=40),
)
def test_similarity_is_symmetric_and_between_zero_and_one(a: str, b: str) -> None:
    assert similarity(a, b) == pytest.approx(similarity(b, a))
    assert 0.0 <= similarity(a, b) <= 1.0 + 1e-9


@settings(max_examples=40, derandomize=True, deadline=None)
@given(st.text(alphabet="abcdefgh welcomdialgu", max_size=60), st.integers(1, 20))
def test_the_ranking_is_ordered_bounded_and_above_the_minimum(query: str, limit: int) -> None:
    found = rank_agreed_language(query, "en", MEMORY, limit=limit)
    assert len(found) <= limit
    assert all(s.score >= MINIMUM_SCORE for s in found)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)

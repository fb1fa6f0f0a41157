"""Search's terms and queries (`accord.domain.search`): a Chinese word is found inside
unspaced text, a Russian word in any inflection, and a query is bounded."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain import search
from accord.domain.errors import InvalidInput

# Lexemes, each in the forms a text may hold; any form, searched, finds any other.
RUSSIAN = [
    ("угроза", "угрозы", "угрозе", "угрозу", "угрозой", "угрозам", "угрозами", "угрозах"),
    ("безопасность", "безопасности", "безопасностью"),
    ("государство", "государства", "государству", "государствами", "государствах"),
    ("договор", "договора", "договору", "договоры", "договорами"),
    ("сотрудничать", "сотрудничаем", "сотрудничают", "сотрудничали"),
]
CHINESE = ["地区", "安全", "稳定", "合作", "恐怖主义", "威胁", "各方", "重申", "维护", "对话"]


def _matches(text: str, query: str) -> bool:
    return search.matches(search.index_terms(text), search.parse_query(query))


def test_the_index_is_the_sorted_terms_between_spaces() -> None:
    assert search.index_terms("Угрозы региону", "各方重申，维护安全。", "State's TREATY") == (
        " state's treaty регион региону угроза угрозы 各方重申 维护安全 "
    )
    assert search.index_terms("", "!!!") == ""


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    lexemes=st.lists(st.sampled_from(range(len(RUSSIAN))), min_size=1, max_size=4),
    written=st.data(),
)
def test_any_inflection_finds_any_other(lexemes: list[int], written: st.DataObject) -> None:
    forms = [written.draw(st.sampled_from(RUSSIAN[n])) for n in lexemes]
    text = "Участники: " + ", ".join(forms) + "."
    for n in lexemes:
        for query in RUSSIAN[n]:
            assert _matches(text, query), (text, query)
            assert _matches(text, query.upper()), (text, query)


@settings(derandomize=True, max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(CHINESE), min_size=1, max_size=6), st.data())
def test_a_chinese_word_is_found_wherever_it_stands(chosen: list[str], data: st.DataObject) -> None:
    text = "".join(chosen) + "。"  # no spaces, as Chinese is written
    word = data.draw(st.sampled_from(chosen))
    assert _matches(text, word), (text, word)
    absent = [w for w in CHINESE if w not in text]
    if absent:
        assert not _matches(text, absent[0]), (text, absent[0])


def test_every_word_of_a_query_must_be_there() -> None:
    text = "各方重申维护地区安全与稳定。Угрозы региону."
    assert _matches(text, "地区安全")  # segmented: 地区, 安全
    assert _matches(text, "稳定 угроза")
    assert not _matches(text, "稳定 договор")
    assert not _matches(text, "合作安全")  # 合作 is not there


def test_a_query_word_matches_the_start_of_a_term_not_its_middle() -> None:
    assert _matches("Afghanistan and its neighbours", "afghan")
    assert not _matches("Afghanistan and its neighbours", "ghan")
    assert _matches("ЁЛКА", "елка")  # ё is е, both ways
    assert _matches("ＵＮＯ", "uno")  # full-width Latin is Latin


def test_russian_words_read_two_ways_find_both_readings() -> None:
    # стали is a form of both стать and сталь: the index holds both lemmas.
    assert _matches("Они стали партнёрами.", "сталь")
    assert _matches("Они стали партнёрами.", "стать")


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "search_empty"),
        ("  \t ", "search_empty"),
        ("... !!! —", "search_no_words"),
        (" ".join(f"w{n}" for n in range(9)), "search_too_many_words"),
        ("a" * 201, "search_too_long"),
    ],
)
def test_a_query_out_of_bounds_is_refused(query: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        search.parse_query(query)
    assert (refused.value.code, refused.value.field) == (code, "q")


def test_the_bounds_hold_at_their_limits() -> None:
    assert len(search.parse_query(" ".join(f"w{n}" for n in range(8))).words) == 8
    assert len(search.parse_query("a" * 200).words) == 1
    assert len(search.parse_query("угроза угрозы угрозам").words) == 3  # three forms asked
    # 99,996 + 4 characters are read; " omega", past INDEX_LIMIT, is not indexed.
    long_text = "alpha " * 16_666 + "beta omega"
    assert search.index_terms(long_text) == " alpha beta "
    assert search.index_terms(long_text[:100_000], "omega") == " alpha beta "  # budget spent

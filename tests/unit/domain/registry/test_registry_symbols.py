"""Registry symbols are read one way only; derestriction makes a document general on its date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.errors import InvalidInput
from accord.domain.registry import (
    Distribution,
    Symbol,
    check_derestriction,
    due_for_derestriction,
    level_on,
    original_line,
    parse_symbol,
)


def test_a_un_style_symbol_is_read_with_its_suffixes() -> None:
    assert parse_symbol("RSD/MIN/2021/DOC/3/Rev.1") == Symbol("RSD/MIN/2021/DOC/3", rev=1)
    assert parse_symbol("RSD/MIN/2021/DOC/3/Add.2/Corr.1") == Symbol(
        "RSD/MIN/2021/DOC/3", add=2, corr=1
    )
    assert str(parse_symbol("RSD/MIN/2021/DOC/3/Rev.1/Corr.1")) == "RSD/MIN/2021/DOC/3/Rev.1/Corr.1"
    assert str(parse_symbol("RSD/MIN/2021/DOC/3").revised()) == "RSD/MIN/2021/DOC/3/Rev.1"
    assert str(parse_symbol("RSD/MIN/2021/DOC/3/Rev.1").revised()) == "RSD/MIN/2021/DOC/3/Rev.2"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "1 to 80"),
        ("rsd/min/2021", "upper-case segments"),
        ("RSD", "upper-case segments"),
        ("RSD/MIN/2021/DOC/3/rev.1", "unreadable symbol suffix"),
        ("RSD/MIN/2021/DOC/3/Corr.1/Rev.1", "once each"),
        ("RSD/MIN/2021/DOC/3/Rev.1/Rev.2", "once each"),
        ("RSD/MIN/2021/DOC/3/Rev.0", "unreadable"),
        ("RSD/MIN/2021/DOC/3 ", "unreadable"),
    ],
)
def test_a_symbol_spelled_otherwise_is_refused_with_the_reason(text: str, match: str) -> None:
    with pytest.raises(InvalidInput, match=match):
        parse_symbol(text)


segment = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=6)
number = st.none() | st.integers(1, 99)


@settings(max_examples=200, derandomize=True)
@given(st.lists(segment, min_size=2, max_size=5), number, number, number)
def test_every_symbol_reads_back_as_itself(
    stem: list[str], rev: int | None, add: int | None, corr: int | None
) -> None:
    symbol = Symbol("/".join(stem), rev, add, corr)
    assert parse_symbol(str(symbol)) == symbol


def test_the_original_language_line() -> None:
    assert original_line("ru") == "Original: RUSSIAN"
    with pytest.raises(InvalidInput):
        original_line("fr")


def test_a_document_becomes_general_on_its_derestriction_date() -> None:
    on = date(2022, 1, 15)
    assert level_on(Distribution.RESTRICTED, on, date(2022, 1, 14)) is Distribution.RESTRICTED
    assert level_on(Distribution.RESTRICTED, on, on) is Distribution.GENERAL
    assert level_on(Distribution.LIMITED, None, date(2099, 1, 1)) is Distribution.LIMITED
    assert due_for_derestriction(Distribution.LIMITED, on, on, done=False)
    assert not due_for_derestriction(Distribution.LIMITED, on, on, done=True)
    assert not due_for_derestriction(Distribution.LIMITED, on, date(2022, 1, 14), done=False)
    assert not due_for_derestriction(Distribution.GENERAL, on, on, done=False)


def test_a_derestriction_date_must_make_sense() -> None:
    with pytest.raises(InvalidInput, match="public already"):
        check_derestriction(Distribution.GENERAL, date(2022, 1, 1), date(2021, 1, 1))
    with pytest.raises(InvalidInput, match="before the document was registered"):
        check_derestriction(Distribution.LIMITED, date(2020, 1, 1), date(2021, 1, 1))
    check_derestriction(Distribution.LIMITED, date(2022, 1, 1), date(2021, 1, 1))


def test_an_addendum_or_corrigendum_names_the_document_it_belongs_to() -> None:
    def parent(text: str) -> str | None:
        found = parse_symbol(text).parent()
        return None if found is None else str(found)

    assert parent("RSD/MIN/2021/DOC/3/Add.1") == "RSD/MIN/2021/DOC/3"
    assert parent("RSD/MIN/2021/DOC/3/Rev.1/Add.2") == "RSD/MIN/2021/DOC/3/Rev.1"
    assert parent("RSD/MIN/2021/DOC/3/Corr.1") == "RSD/MIN/2021/DOC/3"
    assert parent("RSD/MIN/2021/DOC/3/Add.1/Corr.2") == "RSD/MIN/2021/DOC/3/Add.1"
    assert parent("RSD/MIN/2021/DOC/3/Rev.2") is None
    assert parent("RSD/MIN/2021/DOC/3") is None

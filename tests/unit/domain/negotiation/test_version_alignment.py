"""A language version aligns with its revision: same paragraphs, same brackets, same
number of alternatives with the empty one in the same place; anything else is refused."""

# ruff: noqa: E501  (the Chinese cases are kept one per line, to be read side by side)
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.errors import InvalidInput
from accord.domain.negotiation import (
    Alternative,
    Bracket,
    ParagraphKind,
    Text,
    align_version,
    new_draft,
    parse_paragraph,
    redline,
)

REV1 = new_draft(
    document_id="d1",
    title="Joint statement",
    chair="KAZ",
    paragraphs=[
        (ParagraphKind.PREAMBULAR, "Recalling the meeting,"),
        (ParagraphKind.OPERATIVE, (
            Text("We "),
            Bracket(0, (Alternative("welcome", frozenset({"CHN"})), Alternative("note"))),
            Text(" the plan "),
            Bracket(0, (Alternative("in full"), Alternative(""))),
            Text("."),
        )),
    ],
)  # fmt: skip


def test_a_version_takes_the_revision_s_ids_backers_and_provenance() -> None:
    zh = align_version(REV1, language="zh", title="联合声明",
                       paragraphs=["回顾会议，", "我们[欢迎 / 注意到]该计划[全部 / —]。"])  # fmt: skip
    assert [p.render() for p in zh.paragraphs] == [
        "回顾会议，",
        "我们[欢迎 / 注意到]该计划[全部 / —]。",
    ]
    assert [b.id for b in zh.paragraph(2).brackets] == [1, 2]
    assert zh.paragraph(2).brackets[0].alternatives[0].backers == {"CHN"}
    assert (zh.number, zh.labels(), zh.last_bracket_id) == (1, REV1.labels(), 2)


@pytest.mark.parametrize(
    ("paragraphs", "match"),
    [
        (["回顾会议，"], "the version has 1 paragraphs; Rev.1 has 2"),
        (["回顾会议，", "我们欢迎该计划[全部 / —]。"], "OP1: the version has 1 brackets where the text has 2"),
        (["回顾会议，", "我们[欢迎]该计划[全部 / —]。"], "OP1: bracket 1 has 1 alternatives in the version and 2"),
        (["回顾会议，", "我们[欢迎 / 注意到]该计划[— / 全部]。"], "bracket 2: the empty alternative is elsewhere"),
        (["回顾会议，", "我们[欢迎 / 注意到]该计划[全部 / —。"], "a bracket is opened and not closed"),
        (["回顾会议，", "我们[欢迎 / 欢迎]该计划[全部 / —]。"], "two alternatives with the same text"),
        (["  ", "我们[欢迎 / 注意到]该计划[全部 / —]。"], "PP1: the paragraph is empty"),
    ],
)  # fmt: skip
def test_a_misaligned_version_is_refused_naming_the_paragraph(
    paragraphs: list[str], match: str
) -> None:
    with pytest.raises(InvalidInput, match=match) as refused:
        align_version(REV1, language="zh", title="t", paragraphs=paragraphs)
    assert refused.value.code == "version_misaligned"


def test_a_language_without_rules_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no language versions in 'fr'"):
        align_version(REV1, language="fr", title="t", paragraphs=["a", "b"])


def test_a_redline_runs_in_any_language() -> None:
    rev2 = new_draft(document_id="d1", title="t", chair="KAZ",
                     paragraphs=[(ParagraphKind.OPERATIVE, "Мы приветствуем план.")])  # fmt: skip
    before = align_version(rev2, language="ru", title="t", paragraphs=["Мы отмечаем план."])
    after = type(rev2)(**{**rev2.__dict__, "number": 2})
    line = redline([before, after], 1, 2)
    assert line.changes[0].markup() != ""


words = st.text(alphabet="абвгде 各方欢迎", min_size=1, max_size=12).filter(lambda s: s.strip())


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.lists(st.lists(words, min_size=2, max_size=3, unique=True), min_size=0, max_size=3),
       words)  # fmt: skip
def test_what_render_writes_parse_reads_back(brackets: list[list[str]], text: str) -> None:
    segments: list = [Text(text)]
    for wordings in brackets:
        wordings = [w.strip() for w in wordings]
        if len(set(wordings)) != len(wordings) or "" in wordings:
            return
        segments += [Bracket(0, tuple(Alternative(w) for w in wordings)), Text(text)]
    rev = new_draft(document_id="d", title="t", chair="K",
                    paragraphs=[(ParagraphKind.OPERATIVE, tuple(segments))])  # fmt: skip
    rendered = rev.paragraphs[0].render()
    _, found = parse_paragraph(rendered)
    assert found == [[w.strip() for w in b] for b in brackets]
    again = align_version(rev, language="ru", title="t", paragraphs=[rendered])
    assert again.paragraphs == rev.paragraphs

"""Amendments carry their wording in the other language versions, and the next revision's
versions are made from them: refused with the reason when a wording cannot stand for the
amendment; no version when one taken in has no wording there."""

from __future__ import annotations

import pytest

from accord.domain import negotiation as n
from accord.domain.errors import InvalidInput

REV1 = n.new_draft(
    document_id="d1",
    title="Joint statement",
    chair="KAZ",
    paragraphs=[
        (n.ParagraphKind.PREAMBULAR, "Recalling the Tashkent meeting,"),
        (n.ParagraphKind.OPERATIVE, "The participants welcome the dialogue."),
    ],
)
ZH1 = n.align_version(REV1, language="zh", title="联合声明",
                      paragraphs=["回顾塔什干会议，", "各方欢迎对话。"])  # fmt: skip


def amendment(
    code: str, text: str, quote: str, kind: n.AmendmentKind = n.AmendmentKind.REPLACE_SPAN
) -> n.Amendment:
    span = n.find_span(REV1.paragraph(2), quote) if kind is n.AmendmentKind.REPLACE_SPAN else None
    return n.propose_amendment(REV1, amendment_id=code, proposer="CHN", against=1, kind=kind,
                               paragraph_id=2, text=text, span=span)  # fmt: skip


NOTE = amendment("A1", "note", "welcome")


def test_a_wording_names_the_words_it_replaces_in_its_own_version() -> None:
    carried = n.check_wording(NOTE, REV1, ZH1, "zh", n.Wording("注意到", quote="欢迎"))
    assert (carried.text, carried.span) == ("注意到", n.Span(0, 2, 4))


def test_a_wording_that_cannot_stand_for_the_amendment_is_refused_with_the_reason() -> None:
    cases = [
        ("fr", n.Wording("noter", quote="欢迎"), "there are no language versions in it"),
        (
            "zh",
            n.Wording("[注意到 / 欢迎]", quote="欢迎"),
            "it has 1 brackets where the amendment has 0",
        ),
        ("zh", n.Wording("注意到"), "name the words it replaces in that version"),
        ("zh", n.Wording("注意到", quote="支持"), "'支持' is not in the agreed text there"),
        ("zh", n.Wording(" "), "it has no words where the amendment has some"),
    ]
    for language, wording, reason in cases:
        with pytest.raises(InvalidInput, match=reason) as refused:
            n.check_wording(NOTE, REV1, ZH1, language, wording)
        assert refused.value.field == "translations"
    deletion = amendment("A2", "", "", n.AmendmentKind.DELETE_PARAGRAPH)
    with pytest.raises(InvalidInput, match="a deletion has no words"):
        n.check_wording(deletion, REV1, ZH1, "zh", n.Wording("删除"))


def test_the_next_version_follows_the_chairs_decisions_with_each_wording() -> None:
    decisions = {"A1": n.Decision.BRACKETED}
    rev2 = n.issue_revision(REV1, chair="KAZ", amendments=[NOTE], decisions=decisions)
    zh_note = n.check_wording(NOTE, REV1, ZH1, "zh", n.Wording("注意到", quote="欢迎"))
    zh2 = n.next_version(ZH1, rev2, language="zh", chair="KAZ", amendments={"A1": zh_note},
                         decisions=decisions)  # fmt: skip
    assert zh2 is not None
    assert [p.render() for p in zh2.paragraphs] == ["回顾塔什干会议，", "各方[欢迎 / 注意到]对话。"]
    assert (zh2.number, zh2.title) == (2, "联合声明")
    assert zh2.paragraph(2).brackets[0].alternatives[1].backers == frozenset({"CHN"})
    # Resolved in favour of the amendment in the next round, in Chinese too.
    rev3 = n.issue_revision(rev2, chair="KAZ", amendments=[], decisions={}, resolutions={1: 1})
    zh3 = n.next_version(zh2, rev3, language="zh", chair="KAZ", amendments={}, decisions={},
                         resolutions={1: 1})  # fmt: skip
    assert zh3 is not None and zh3.paragraph(2).render() == "各方注意到对话。"


def test_no_version_when_an_amendment_taken_in_has_no_wording_there() -> None:
    decisions = {"A1": n.Decision.AGREED}
    rev2 = n.issue_revision(REV1, chair="KAZ", amendments=[NOTE], decisions=decisions)
    assert n.next_version(ZH1, rev2, language="zh", chair="KAZ", amendments={},
                          decisions=decisions) is None  # fmt: skip
    # Left out, it changes nothing and needs no wording.
    left = {"A1": n.Decision.LEFT_OUT}
    rev2b = n.issue_revision(REV1, chair="KAZ", amendments=[NOTE], decisions=left)
    same = n.next_version(ZH1, rev2b, language="zh", chair="KAZ", amendments={}, decisions=left)
    assert same is not None and [p.render() for p in same.paragraphs] == [
        "回顾塔什干会议，",
        "各方欢迎对话。",
    ]


def test_wordings_that_merge_in_one_version_leave_that_version_to_the_translators() -> None:
    other = amendment("A2", "note with interest", "welcome")
    decisions = {"A1": n.Decision.BRACKETED, "A2": n.Decision.BRACKETED}
    rev2 = n.issue_revision(REV1, chair="KAZ", amendments=[NOTE, other], decisions=decisions)
    same_words = {
        code: n.check_wording(a, REV1, ZH1, "zh", n.Wording("注意到", quote="欢迎"))
        for code, a in (("A1", NOTE), ("A2", other))
    }
    # "note" and "note with interest" are one wording in this Chinese: the versions differ.
    assert n.next_version(ZH1, rev2, language="zh", chair="KAZ", amendments=same_words,
                          decisions=decisions) is None  # fmt: skip

"""A candidate's counterparts in the other language versions: the alternative of the same
index in the same bracket of each version, only for a candidate that is that wording."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain import negotiation
from accord.domain.mediation import (
    AlignedSource,
    Span,
    alternative_key,
    bracket_sources,
    counterparts_of,
)


def version(
    texts: list[str], *, bracket_id: int = 7, paragraph_id: int = 3
) -> negotiation.Revision:
    bracket = negotiation.Bracket(
        bracket_id, tuple(negotiation.Alternative(t, frozenset()) for t in texts)
    )
    paragraph = negotiation.Paragraph(
        paragraph_id, negotiation.ParagraphKind.OPERATIVE, (negotiation.Text("各方"), bracket)
    )
    return negotiation.Revision(
        document_id="d1", number=1, title="t", paragraphs=(paragraph,), issued_by="KAZ",
        last_paragraph_id=paragraph_id, last_bracket_id=bracket_id,
    )  # fmt: skip


def whole(kind: str, source_id: str, text: str) -> Span:
    return Span(kind, source_id, None, 0, len(text), 0, len(text))  # type: ignore[arg-type]


ZH, EN, RU = ["反对", "表示关切"], ["oppose", "express concern about"], ["против", "обеспокоены"]


def test_each_alternative_gets_the_same_index_in_the_other_versions() -> None:
    sources = bracket_sources({"en": version(EN), "zh": version(ZH), "ru": version(RU)}, "zh", 3, 7)
    assert sources == {
        ("alternative", "alternative-1"): AlignedSource("反对", {"en": "oppose", "ru": "против"}),
        ("alternative", "alternative-2"): AlignedSource(
            "表示关切", {"en": "express concern about", "ru": "обеспокоены"}
        ),
    }
    spans = [whole("alternative", "alternative-2", "表示关切")]
    assert counterparts_of("表示关切", spans, sources) == {
        "en": "express concern about",
        "ru": "обеспокоены",
    }


def test_a_wording_that_only_reuses_a_source_or_deletes_gets_none() -> None:
    sources = {alternative_key(0): AlignedSource("反对外层空间军备竞赛", {"en": "oppose it"})}
    partial = Span("alternative", "alternative-1", None, 0, 4, 0, 4)
    assert counterparts_of("反对外层空间", [partial], sources) == {}
    assert counterparts_of("", [whole("alternative", "alternative-1", "")], sources) == {}
    assert counterparts_of("反对外层空间军备竞赛", [whole("llm", "llm", "x")], sources) == {}


def test_another_bracket_or_a_misaligned_version_gives_no_counterpart() -> None:
    versions = {"zh": version(ZH), "en": version(EN, bracket_id=8), "ru": version(RU[:1])}
    sources = bracket_sources(versions, "zh", 3, 7)
    assert [s.counterparts for s in sources.values()] == [{}, {}]
    assert bracket_sources({"en": version(EN)}, "zh", 3, 7) == {}


texts = st.lists(
    st.text("abcdefg中文ру ", min_size=1, max_size=6).map(str.strip).filter(bool),
    min_size=1,
    max_size=4,
    unique_by=lambda t: " ".join(t.split()).lower(),
)


@settings(max_examples=60, derandomize=True)
@given(ours=texts, data=st.data())
def test_every_alternative_finds_exactly_its_aligned_wordings(ours: list[str], data) -> None:
    n = len(ours)
    theirs = {
        code: data.draw(st.lists(st.text("xyz", min_size=1, max_size=4), min_size=n, max_size=n,
                                 unique=True))
        for code in ("en", "ru")
    }  # fmt: skip
    versions = {"zh": version(ours), **{c: version(t) for c, t in theirs.items()}}
    sources = bracket_sources(versions, "zh", 3, 7)
    for index, text in enumerate(ours):
        spans = [whole("alternative", f"alternative-{i + 1}", ours[i]) for i in range(n)]
        assert counterparts_of(text, spans, sources) == {
            code: wordings[index] for code, wordings in theirs.items() if wordings[index].strip()
        }

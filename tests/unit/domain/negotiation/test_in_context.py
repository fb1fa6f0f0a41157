"""An amendment against its paragraph: the words struck and inserted, in place."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from accord.domain import negotiation
from accord.domain.negotiation import Piece, in_brief, word_changes

OPERATIVE = negotiation.ParagraphKind.OPERATIVE
WORDS = st.lists(
    st.sampled_from(["the", "participants", "welcome", "dialogue", "warmly"]), max_size=12
)


def test_a_replaced_word_is_struck_and_the_new_one_inserted_in_place() -> None:
    pieces = word_changes(
        "The participants welcome the dialogue.", "The participants warmly welcome the dialogue."
    )
    assert pieces == (
        Piece("same", "The participants "),
        Piece("inserted", "warmly "),
        Piece("same", "welcome the dialogue."),
    )


@given(WORDS, WORDS)
def test_the_unchanged_and_struck_words_give_back_the_old_text_and_the_rest_the_new(
    old, new
) -> None:
    before, after = " ".join(old), " ".join(new)
    pieces = word_changes(before, after)
    assert "".join(p.text for p in pieces if p.kind != "inserted") == before
    assert "".join(p.text for p in pieces if p.kind != "struck") == after


def test_in_brief_keeps_four_words_of_context_on_each_side() -> None:
    text = "one two three four five six seven eight nine ten"
    pieces = (
        Piece("same", text + " "),
        Piece("struck", "old "),
        Piece("inserted", "new "),
        Piece("same", text),
    )
    brief = in_brief(pieces)
    assert brief[0] == Piece("same", "… seven eight nine ten ")
    assert brief[-1] == Piece("same", "one two three four …")
    assert brief[1:3] == pieces[1:3]


def test_a_span_amendment_strikes_exactly_its_words() -> None:
    revision = negotiation.new_draft(
        document_id="d", title="T", chair="UZB",
        paragraphs=[(OPERATIVE, "The participants welcome the dialogue.")],
    )  # fmt: skip
    paragraph = revision.paragraphs[0].id
    amendment = negotiation.Amendment(
        id="A1", document_id="d", against=1, proposer="KGZ",
        kind=negotiation.AmendmentKind.REPLACE_SPAN, paragraph_id=paragraph, text="talks",
        span=negotiation.Span(0, 29, 37),
    )  # fmt: skip
    assert negotiation.in_context(revision, amendment) == (
        Piece("same", "The participants welcome the "),
        Piece("struck", "dialogue"),
        Piece("inserted", "talks"),
        Piece("same", "."),
    )

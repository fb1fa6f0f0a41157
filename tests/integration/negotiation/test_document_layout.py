"""The published document laid out as a UN document: the PDF's text, read back with pypdf,
holds the head (symbol, distribution, date, original language), every paragraph, every
explanation and every state of the signature block, page numbers, and no line starts past
the right margin (the old PDF ran the adopting states and the explanations off the page)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from accord.negotiation import exports
from accord.negotiation.models import Document
from accord.negotiation.publication import (
    Publication,
    PublishedExplanation,
    PublishedParagraph,
    PublishedSignature,
)

STATES = [
    ("CHN", "China"), ("IND", "India"), ("KAZ", "Kazakhstan"), ("KGZ", "Kyrgyzstan"),
    ("PAK", "Pakistan"), ("RUS", "Russian Federation"), ("TJK", "Tajikistan"),
    ("UZB", "Uzbekistan"),
]  # fmt: skip
ADOPTED = datetime(2021, 7, 15, 16, 21, tzinfo=UTC)


def _publication() -> Publication:
    document = Document(
        pk=7, public_id="doc_q7x2", kind="joint-statement", title="t", visibility="public"
    )
    document.created_at = ADOPTED
    words = "the participants reaffirm their commitment to confidence-building measures "
    paragraphs = [
        PublishedParagraph(f"PP{i}", "preambular", f"Recalling {i}: " + words * 3) for i in (1, 2)
    ]
    paragraphs += [
        PublishedParagraph(f"OP{i}", "operative", f"Operative {i}: " + words * (2 + i))
        for i in range(1, 13)
    ]
    return Publication(
        document=document,
        title="Joint statement of the Tashkent meeting on regional security and cooperation "
        "in the fields of information security, biosafety and climate change",
        kind_label="Joint statement",
        status="adopted",
        revision=3,
        adopted=True,
        paragraphs=tuple(paragraphs),
        adopted_at=ADOPTED,
        procedure="consensus",
        adopted_by=tuple(code for code, _name in STATES),
        record_sha256="754d9387ca3e2815cc564d505ca69ed26751b9dc1d3ef84c9b0b224213bab258",
        explanations=(
            PublishedExplanation(
                "IND",
                "India joins consensus and dissociates from the "
                "paragraph on the next meeting date, " + words * 4,
                ("OP3",),
            ),
        ),
        signatures=tuple(
            PublishedSignature(
                code,
                name,
                " ".join(f"{n:04x}" for n in range(i, i + 16)),
                datetime(2021, 7, 15, 17, i, tzinfo=UTC),
                "sig",
            )
            for i, (code, name) in enumerate(STATES)
        ),
    )


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("- ", "-")


def test_the_pdf_reads_back_as_a_complete_un_document(settings):
    settings.LANGUAGE_CODE = "en"
    published = _publication()
    reader = PdfReader(io.BytesIO(exports.to_pdf(published)))
    pages = len(reader.pages)
    # Each page's running head and foot taken out, the text must read straight through.
    bodies = [page.extract_text() for page in reader.pages]
    feet = [re.search(r"Page (\d+) of (\d+)\s*$", body) for body in bodies]
    assert [(f.group(1), f.group(2)) for f in feet if f] == [
        (str(n), str(pages)) for n in range(1, pages + 1)
    ]
    text = _flat(" ".join(
        re.sub(r"^\s*General\s+ACCORD/2021/doc_q7x2", "", body[: f.start()] if f else body)
        for body, f in zip(bodies, feet, strict=True)
    ))  # fmt: skip
    assert pages >= 2
    for expected in ("July 15, 2021", "Original: English", "Joint statement"):
        assert expected in text
    assert "Tashkent meeting on regional security" in text
    assert "by 8 states: CHN, IND, KAZ, KGZ, PAK, RUS, TJK, UZB." in text
    for p in published.paragraphs:
        assert _flat(p.text).strip() in text, p.number
        assert p.kind == "preambular" or p.number in text
    assert "Explanations of position and dissociations" in text
    assert _flat(published.explanations[0].text).strip()[:200] in text
    assert "Signatures" in text and "Key fingerprint" in text and "Signed at" in text
    for code, name in STATES:
        assert f"{name} ({code})" in text
    assert "0007 0008 0009" in text  # UZB's fingerprint (the eighth row)


def test_no_line_of_the_pdf_starts_past_the_text_column():
    reader = PdfReader(io.BytesIO(exports.to_pdf(_publication())))
    for page in reader.pages:
        width = float(page.mediabox.width)
        starts: list[float] = []

        def visit(text, cm, tm, font, size, starts=starts):
            if text.strip():
                starts.append(tm[4] * cm[0] + cm[4])

        page.extract_text(visitor_text=visit)
        # A4 is 595 pt wide; the margins are 22 mm (62 pt). Right-aligned head lines start
        # late, but none may start in the right margin.
        assert starts and max(starts) < width - 62 - 20, max(starts)


@pytest.mark.parametrize("fmt", ["html"])
def test_the_html_export_has_the_head_and_a_signature_table(fmt, settings):
    settings.LANGUAGE_CODE = "en"
    page = exports.to_html(_publication())
    assert "ACCORD/2021/doc_q7x2" in page and "Original: English" in page
    assert "ACCORD/2021/7" not in page  # the database key is no one's business
    assert '<table class="signatures">' in page and '<th scope="col">Key fingerprint</th>' in page
    assert page.count('<tr class="signature">') == 8
    assert '<ol class="operative">' in page or "OP12" in page

"""The layout of a published document, as a UN or OSCE document is laid out: a head with the
symbol, distribution, date and original language; the kind and title; the status line naming
the adopting states; preambular and numbered operative paragraphs; explanations of position;
a signature block (each state, its key fingerprint, its signing time); page numbers.

Shared by the PDF (fpdf2) and the standalone HTML export. Every line of the PDF starts at the
left margin: fpdf2's `multi_cell` leaves the cursor at the right edge of the cell unless told
otherwise, which is how the second line of the old PDF began at the right margin and ran off
the page.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.negotiation.authentic_texts import LanguageText, texts_of
from accord.negotiation.publication import Publication

STYLESHEET = (Path(__file__).parent / "static" / "negotiation" / "document.css").read_text()
# The HTML export inlines its stylesheet so a saved copy reads the same; the policy allows
# that one stylesheet by its hash and nothing else (no script at all).
HTML_POLICY = (
    "default-src 'none'; style-src 'sha256-"
    + base64.b64encode(hashlib.sha256(STYLESHEET.encode()).digest()).decode()
    + "'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class DocumentHead:
    symbol: str
    distribution: str
    date: str
    original: str


def document_head(published: Publication) -> DocumentHead:
    """The head block: symbol, distribution, date and original language of the document."""
    document = published.document
    moment = published.adopted_at or document.created_at
    # Unregistered: the public id, never the database key, which would tell how many
    # documents the host holds (issue 11).
    fallback = f"ACCORD/{moment.year}/{document.public_id}"
    symbol = str(getattr(document, "symbol", "") or "") or fallback
    public = published.adopted or document.visibility == "public"
    return DocumentHead(
        symbol=symbol,
        distribution=(
            pgettext("distribution", "General")
            if public
            else pgettext("distribution", "Restricted")
        ),
        date=formats.date_format(moment, "DATE_FORMAT") if moment else "",
        original=_original(published.language),
    )


def _original(language: str) -> str:
    """The head's line naming the language the text was negotiated in (its working one)."""
    lines = {
        "en": _("Original: English"),
        "zh": _("Original: Chinese"),
        "ru": _("Original: Russian"),
    }
    return lines.get(language, lines["en"])


def status_line(published: Publication) -> str:
    """The line under the title: how, when and by whom the text was adopted, or its draft status."""
    if published.chair_statement is not None:
        return f"{published.chair_statement_label} — {published.chair_statement_notice}"
    if published.adopted and published.adopted_at is not None:
        return _("Adopted on %(date)s (%(procedure)s) by %(count)s states: %(states)s.") % {
            "date": formats.date_format(published.adopted_at, "DATETIME_FORMAT") + " UTC",
            "count": len(published.adopted_by),
            "procedure": published.procedure_label,
            "states": ", ".join(published.adopted_by),
        }
    return _("Draft, Rev.%(n)s — not agreed; brackets mark disputed text.") % {
        "n": published.revision
    }


def html_context(published: Publication) -> dict[str, Any]:
    """What `negotiation/export.html` shows."""
    return {
        "pub": published,
        "css": STYLESHEET,
        "head": document_head(published),
        "status": status_line(published),
        "operative": published.operative if published.preambular else published.paragraphs,
        "texts": texts_of(published),
        "signatures": [(s, signed_time(published, s.signed_at)) for s in published.signatures],
    }


def signed_time(published: Publication, moment: Any) -> str:
    return formats.date_format(moment, "DATETIME_FORMAT") + " UTC"


class _Paper:
    """An fpdf2 page with the head repeated on each page and 'Page n of m' at the foot."""

    def __init__(self, published: Publication, setup: Any) -> None:
        from fpdf import FPDF

        head = document_head(published)
        page_label = _("Page %(page)s of %(pages)s")

        class Paper(FPDF):  # type: ignore[misc]
            accord_family = "Helvetica"

            def header(self) -> None:
                self.set_font(self.accord_family, size=8)
                self.set_text_color(80)
                self.cell(self.epw / 2, 4, head.distribution, new_x="RIGHT", new_y="TOP")
                self.cell(self.epw / 2, 4, head.symbol, align="R", new_x="LMARGIN", new_y="NEXT")
                self.set_text_color(0)
                self.ln(2)

            def footer(self) -> None:
                self.set_y(-14)
                self.set_font(self.accord_family, size=8)
                self.set_text_color(80)
                text = page_label % {"page": self.page_no(), "pages": "{nb}"}
                self.cell(0, 5, text, align="C")
                self.set_text_color(0)

        self.pdf = Paper(format="A4")
        self.pdf.set_margins(22, 18, 22)
        self.pdf.set_auto_page_break(True, margin=20)
        self.family: str = setup(self.pdf)
        self.pdf.accord_family = self.family

    def text(self, body: str, *, size: float = 11, height: float = 6, bold: bool = False,
             indent: float = 0, align: str = "L") -> None:  # fmt: skip
        pdf = self.pdf
        pdf.set_font(self.family, size=size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.epw - indent, height, body, align=align, new_x="LMARGIN", new_y="NEXT")

    def numbered(self, number: str, body: str) -> None:
        """A paragraph with its number hanging in the margin column (as UN documents do)."""
        pdf = self.pdf
        pdf.set_font(self.family, size=11)
        top = pdf.get_y()
        pdf.set_x(pdf.l_margin)
        pdf.cell(14, 6.2, number, new_x="RIGHT", new_y="TOP")
        pdf.set_xy(pdf.l_margin + 14, top)
        pdf.multi_cell(pdf.epw - 14, 6.2, body, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)


def to_pdf(published: Publication, setup: Any) -> bytes:
    """The PDF; `setup(pdf)` registers the fonts and returns the text family to use."""
    paper = _Paper(published, setup)
    pdf = paper.pdf
    pdf.set_title(published.title)
    pdf.set_creator("Accord")
    pdf.add_page()
    head = document_head(published)
    paper.text(f"{head.date}\n{head.original}", size=9, height=4.6, align="R")
    pdf.ln(6)
    paper.text(published.kind_label, size=11)
    pdf.ln(1)
    texts = texts_of(published)
    paper.text(published.title, size=16, height=8)
    pdf.ln(2)
    paper.text(status_line(published), size=10, height=5.4)
    pdf.ln(5)
    if len(texts) == 1:
        _body(paper, texts[0])
    else:
        # Every version whole, one after the other, each from a new page and under its
        # own title, ending with the clause that makes them equally authentic.
        paper.text(" · ".join(t.language_name for t in texts), size=10, height=5.4)
        for text in texts:
            pdf.add_page()
            paper.text(text.title, size=14, height=7.5)
            pdf.ln(3)
            _body(paper, text)
            paper.text(text.clause, size=10.5, height=5.6)
            pdf.ln(2)
    if published.explanations:
        pdf.ln(3)
        paper.text(_("Explanations of position and dissociations"), size=13, height=8)
        for e in published.explanations:
            extra = (
                " " + _("Dissociates from %(p)s.") % {"p": ", ".join(e.dissociated_from)}
                if e.dissociated_from
                else ""
            )
            paper.text(f"{e.state}: {e.text}{extra}", size=10, height=5.4)
            pdf.ln(2)
    if published.adopted:
        _signature_block(paper, published)
    return bytes(pdf.output())


def _body(paper: _Paper, text: LanguageText) -> None:
    """One language version's paragraphs: the preamble indented, operative ones numbered."""
    for p in text.preambular:
        paper.text(p.text, indent=14)
        paper.pdf.ln(2)
    for p in text.operative:
        if p.number:
            paper.numbered(p.number, p.text)
        else:
            paper.text(p.text)
            paper.pdf.ln(2)


def _signature_block(paper: _Paper, published: Publication) -> None:
    from fpdf.fonts import FontFace

    pdf = paper.pdf
    pdf.ln(4)
    paper.text(_("Signatures"), size=13, height=8)
    if not published.signatures:
        paper.text(_("Not signed yet."), size=10)
    else:
        pdf.set_font(paper.family, size=8.5)
        with pdf.table(
            col_widths=(30, 52, 18), text_align="LEFT", line_height=4.6, padding=1.4,
            first_row_as_headings=True,
            headings_style=FontFace(emphasis="", fill_color=(232, 232, 232)),
        ) as table:  # fmt: skip
            table.row([_("State"), _("Key fingerprint"), _("Signed at")])
            for s in published.signatures:
                table.row(
                    [
                        f"{s.state_name} ({s.state})",
                        s.key_fingerprint,
                        signed_time(published, s.signed_at),
                    ]
                )
    pdf.ln(3)
    paper.text(_("Adoption record SHA-256") + ":", size=8.5, height=4.6)
    paper.text(published.record_sha256, size=8.5, height=4.6)

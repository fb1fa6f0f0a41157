"""The implementation matrix as a PDF, beside its CSV: one row per commitment under each
operative paragraph, with its lead states, due date, status (overdue marked) and evidence.

fpdf2 with the fonts the document exports embed (`negotiation.exports.register_fonts`), so
a commitment written in Chinese or Russian prints as it reads on the page. The reader's
language gives the headings.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from accord.negotiation.exports import register_fonts

from .follow_up import Matrix

# Millimetres across a landscape A4 page inside its margins (277 mm).
WIDTHS = (24, 78, 30, 34, 30, 81)


def to_pdf(matrix: Matrix) -> bytes:
    """The matrix as PDF bytes, headings in the active language."""
    pdf = FPDF(orientation="landscape", format="A4")
    family = register_fonts(pdf)
    pdf.set_title(f"{_('Implementation matrix')} · {matrix.document.title}")
    pdf.set_creator("Accord")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font(family, size=15)
    pdf.multi_cell(0, 8, _("Implementation matrix"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=11)
    pdf.multi_cell(0, 6, matrix.document.title, new_x="LMARGIN", new_y="NEXT")
    as_of = _("As of %(date)s") % {"date": matrix.today.isoformat()}
    pdf.multi_cell(0, 6, as_of, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(family, size=9)
    _table(pdf, matrix, family)
    return bytes(pdf.output())


def _table(pdf: Any, matrix: Matrix, family: str) -> None:
    headings = (
        _("Paragraph"), _("Commitment"), _("Lead states"), _("Due"), _("Status"), _("Evidence"),
    )  # fmt: skip
    heading_style = FontFace(family=family, emphasis="", fill_color=(230, 230, 230))
    with pdf.table(
        col_widths=WIDTHS, text_align="LEFT", headings_style=heading_style, line_height=5
    ) as table:
        row = table.row()
        for heading in headings:
            row.cell(heading)
        for paragraph, commitments in matrix.rows:
            if not commitments:
                row = table.row()
                row.cell(paragraph)
                row.cell(_("No commitment yet."), colspan=5)
            for c in commitments:
                late = c.value().overdue(matrix.today)
                due = c.due.isoformat() + (f" ({_('overdue')})" if late else "")
                row = table.row()
                for text in (
                    paragraph, c.description, ", ".join(c.lead_codes), due,
                    str(c.get_status_display()), c.evidence,
                ):  # fmt: skip
                    row.cell(text)

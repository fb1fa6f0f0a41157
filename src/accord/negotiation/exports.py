"""Exports of a document: HTML, Markdown, PDF and Akoma Ntoso 3.0 XML.

PDF: fpdf2 with TrueType fonts, because it works offline and embeds subsets of the fonts
it is given. No single free TrueType font covers Latin, Cyrillic and Chinese well, so the
text font is DejaVu Sans (Latin, Cyrillic) with WenQuanYi Micro Hei as the fallback for
Chinese. Both come from Debian (`fonts-dejavu-core`, `fonts-wqy-microhei`), which `.ci/run`
installs; `ACCORD_PDF_FONTS` may name other files (`text.ttf:cjk.ttc`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from lxml import etree

from accord.domain.consensus import format_time
from accord.domain.errors import InvalidInput
from accord.negotiation import document_layout
from accord.negotiation.labels import procedure_label
from accord.negotiation.publication import Publication, publication

log = logging.getLogger(__name__)

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
FORMATS = ("html", "md", "pdf", "akn")
TEXT_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)
CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)


def export_response(user: Any, document_id: int, fmt: str) -> HttpResponse:
    """The export in `fmt` of a document `user` may see (NotFound otherwise)."""
    if fmt not in FORMATS:
        raise InvalidInput(_("format: one of html, md, pdf, akn"))
    published = publication(user, document_id)
    name = f"document-{published.document.public_id}"
    if fmt == "html":
        response = HttpResponse(to_html(published), content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = document_layout.HTML_POLICY
        return response
    if fmt == "md":
        response = HttpResponse(to_markdown(published), content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{name}.md"'
        return response
    if fmt == "pdf":
        response = HttpResponse(to_pdf(published), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    response = HttpResponse(to_akn(published), content_type="application/akn+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.akn.xml"'
    return response


def to_html(published: Publication) -> str:
    """A standalone HTML page laid out as a document (no script, no outside resource)."""
    return render_to_string("negotiation/export.html", document_layout.html_context(published))


def _status_line(published: Publication) -> str:
    if published.chair_statement is not None:
        return published.chair_statement_notice
    if published.adopted and published.adopted_at is not None:
        return _("Adopted on %(date)s (%(procedure)s) by %(states)s.") % {
            "date": format_time(published.adopted_at),
            "procedure": procedure_label(published.procedure),
            "states": ", ".join(published.adopted_by),
        }
    return _("Draft, Rev.%(n)s — not agreed; brackets mark disputed text.") % {
        "n": published.revision
    }


def to_markdown(published: Publication) -> str:
    """Markdown: title, status, paragraphs, explanations, signatures."""
    lines = [
        f"# {published.title}",
        "",
        f"*{published.kind_label}* — {_status_line(published)}",
        "",
    ]
    texts = published.texts
    for text in texts:
        if len(texts) > 1:
            lines += [f"## {text.title}", ""]
        for p in text.paragraphs:
            lines += [f"**{p.number}** {p.text}" if p.number else p.text, ""]
        if text.clause:
            lines += [f"*{text.clause}*", ""]
    if published.explanations:
        lines += [f"## {_('Explanations of position and dissociations')}", ""]
        for e in published.explanations:
            extra = (
                " " + _("Dissociates from %(p)s.") % {"p": ", ".join(e.dissociated_from)}
                if e.dissociated_from
                else ""
            )
            lines += [f"- **{e.state}**: {e.text}{extra}", ""]
    if published.signatures:
        lines += [f"## {_('Signatures')}", ""]
        for s in published.signatures:
            lines.append(
                f"- {s.state_name} ({s.state}) — {format_time(s.signed_at)} — `{s.key_fingerprint}`"
            )
        lines.append("")
    if published.adopted:
        lines += [f"{_('Adoption record SHA-256')}: `{published.record_sha256}`", ""]
    return "\n".join(lines)


def _font_files() -> tuple[str | None, str | None]:
    configured = os.environ.get("ACCORD_PDF_FONTS")
    if configured:
        text_file, _sep, cjk_file = configured.partition(":")
        return text_file or None, cjk_file or None
    text = next((f for f in TEXT_FONTS if Path(f).exists()), None)
    cjk = next((f for f in CJK_FONTS if Path(f).exists()), None)
    return text, cjk


def to_pdf(published: Publication) -> bytes:
    """A PDF laid out as a UN document (`document_layout`), with the fonts named above
    embedded (subset), so any reader shows every script."""
    return document_layout.to_pdf(published, _register_fonts)


def register_fonts(pdf: Any) -> str:
    """Register the text and CJK fonts on an fpdf2 document; the family to write in (the
    implementation matrix's PDF uses it too)."""
    return _register_fonts(pdf)


def _register_fonts(pdf: Any) -> str:
    text_font, cjk_font = _font_files()
    family = "Helvetica"
    if text_font is not None:
        pdf.add_font("AccordText", "", text_font)
        family = "AccordText"
    if cjk_font is not None:
        # A TrueType collection holds several faces; the first is the regular one.
        pdf.add_font("AccordCJK", "", cjk_font, collection_font_number=0)
        pdf.set_fallback_fonts(["AccordCJK"])
    if text_font is None or cjk_font is None:
        log.warning(
            "PDF export without a font for every script: install fonts-dejavu-core "
            "and fonts-wqy-microhei, or set ACCORD_PDF_FONTS"
        )
    return family


def _akn(tag: str, parent: Any = None, **attributes: str) -> Any:
    qualified = f"{{{AKN_NS}}}{tag}"
    if parent is None:
        return etree.Element(qualified, nsmap={None: AKN_NS}, **attributes)
    return etree.SubElement(parent, qualified, **attributes)


ISO_639_2 = {"en": "eng", "zh": "zho", "ru": "rus"}


def _frbr(parent: Any, level: str, uri: str, date: str, language: str = "") -> None:
    node = _akn(level, parent)
    _akn("FRBRthis", node, value=uri)
    _akn("FRBRuri", node, value=uri)
    _akn("FRBRdate", node, date=date, name="adoption" if level == "FRBRWork" else "version")
    _akn("FRBRauthor", node, href="#accord")
    if level == "FRBRWork":
        _akn("FRBRcountry", node, value="un")
    if language:
        _akn("FRBRlanguage", node, language=language)


def to_akn(published: Publication) -> bytes:
    """Akoma Ntoso 3.0: a `statement` with preface, preamble, mainBody, conclusions and
    signatures (in the conclusions' block container). A text adopted in several languages is
    a `documentCollection` holding one such `statement` per language (`akn_collection`)."""
    if published.versions:
        from accord.negotiation.akn_collection import to_akn_collection

        root = to_akn_collection(published, _akn, _frbr, statement_element)
    else:
        root = _akn("akomaNtoso")
        statement_element(published, root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def statement_element(published: Publication, parent: Any) -> Any:
    """One language's `statement` under `parent`: `published` in `published.language`."""
    document = published.document
    date = (published.adopted_at or document.created_at).date().isoformat()
    work = f"/akn/un/statement/accord/{date}/{document.public_id}"
    lang = ISO_639_2.get(published.language, "eng")
    statement = _akn("statement", parent, name=document.kind.replace("-", ""))
    meta = _akn("meta", statement)
    identification = _akn("identification", meta, source="#accord")
    _frbr(identification, "FRBRWork", work, date)
    _frbr(identification, "FRBRExpression", f"{work}/{lang}@", date, language=lang)
    _frbr(identification, "FRBRManifestation", f"{work}/{lang}@/main.xml", date)
    references = _akn("references", meta, source="#accord")
    _akn("TLCOrganization", references, eId="accord", href="/ontology/organization/accord",
         showAs="Accord")  # fmt: skip
    for s in published.signatures:
        _akn("TLCOrganization", references, eId=f"state_{s.state.lower()}",
             href=f"/ontology/organization/{s.state.lower()}", showAs=s.state_name)  # fmt: skip

    preface = _akn("preface", statement)
    title_p = _akn("p", preface)
    _akn("docType", title_p).text = published.kind_label
    title_p2 = _akn("p", preface)
    _akn("docTitle", title_p2).text = published.title
    _akn("p", preface).text = _status_line(published)

    if published.preambular:
        preamble = _akn("preamble", statement)
        for p in published.preambular:
            _akn("p", preamble, eId=f"preamble__{p.number.lower()}").text = p.text
    main = _akn("mainBody", statement)
    operative = published.operative or published.paragraphs
    for index, p in enumerate(operative, start=1):
        paragraph = _akn("paragraph", main, eId=f"para_{index}")
        _akn("num", paragraph).text = p.number or str(index)
        content = _akn("content", paragraph)
        _akn("p", content).text = p.text
    conclusions = _akn("conclusions", statement)
    for index, e in enumerate(published.explanations, start=1):
        explanation = _akn("p", conclusions, eId=f"explanation_{index}")
        extra = f" ({', '.join(e.dissociated_from)})" if e.dissociated_from else ""
        explanation.text = f"{e.state}{extra}: {e.text}"
    signatures = _akn("blockContainer", conclusions, eId="signatures")
    if not published.signatures:
        _akn("p", signatures).text = _("Not signed.")
    for s in published.signatures:
        line = _akn("p", signatures)
        signature = _akn("signature", line)
        party = _akn("party", signature, refersTo=f"#state_{s.state.lower()}",
                     **{"as": "#signatory"})  # fmt: skip
        party.text = s.state_name
        party.tail = " "
        when = _akn("date", signature, date=s.signed_at.date().isoformat())
        when.text = format_time(s.signed_at)
        when.tail = f" {s.key_fingerprint}"
    return statement

"""The implementation matrix as a PDF, read back with pypdf: every operative paragraph, each
commitment with its lead states, due date (overdue marked), status and evidence, in the
reader's language, in every script; answered only to those who see the document."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from django.utils import translation
from pypdf import PdfReader

from accord.proceedings import follow_up, matrix_pdf
from page_clients import signed_in


def _adopted_with_commitments(region: Any, text_at_meeting: Any) -> Any:
    from accord.negotiation import services

    document = text_at_meeting()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        services.approve(actor=region.head(code), document_id=document.pk)
    late = follow_up.add_commitment(
        actor=region.secretariat, document_id=document.pk, paragraph="OP2",
        description="Convene the next meeting", lead_states=["UZB", "KAZ"], due=date(2021, 1, 1),
    )  # fmt: skip
    follow_up.update_commitment(
        actor=region.delegate("UZB"), document_id=document.pk, commitment_id=late.pk,
        status="in-progress", evidence="Dates proposed to the capitals.",
    )  # fmt: skip
    follow_up.add_commitment(
        actor=region.secretariat, document_id=document.pk, paragraph="OP2",
        description="举办专家会议 · Провести совещание экспертов", lead_states=["TJK"],
        due=date(2099, 6, 30),
    )  # fmt: skip
    return document


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_matrix_pdf_holds_every_paragraph_and_commitment(
    region, ministerial, text_at_meeting
) -> None:
    document = _adopted_with_commitments(region, text_at_meeting)
    matrix = follow_up.implementation_matrix(region.head("TJK"), document.pk)
    text = _text(matrix_pdf.to_pdf(matrix))
    assert text.startswith(f"Implementation matrix Joint statement As of {matrix.today}")
    for expected in (
        "Paragraph Commitment Lead states Due Status Evidence",
        "OP1 No commitment yet.",
        "OP2 Convene the next meeting KAZ, UZB 2021-01-01 (overdue) In progress Dates proposed",
        "举办专家会议",
        "Провести совещание экспертов",
        "TJK 2099-06-30 Planned",
    ):
        assert expected in text, expected
    assert text.index("Convene the next meeting") < text.index("举办专家会议")  # by due date


def test_the_matrix_pdf_in_russian(region, ministerial, text_at_meeting) -> None:
    document = _adopted_with_commitments(region, text_at_meeting)
    with translation.override("ru"):
        matrix = follow_up.implementation_matrix(region.head("TJK"), document.pk)
        text = _text(matrix_pdf.to_pdf(matrix))
    assert text.startswith(f"Матрица осуществления Joint statement По состоянию на {matrix.today}")
    assert "Пункт Обязательство Ведущие государства Срок Статус" in text
    assert "2021-01-01 (просрочено) Выполняется" in text


def test_the_matrix_pdf_through_the_api_and_the_page(
    region, ministerial, text_at_meeting, api
) -> None:
    document = _adopted_with_commitments(region, text_at_meeting)
    path = f"/api/v1/documents/{document.public_id}/commitments.pdf"
    answer = api(region.delegate("KGZ")).get(path)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == (
        f'attachment; filename="implementation-{document.public_id}.pdf"'
    )
    assert "Convene the next meeting" in _text(answer.content)
    assert api(None).get(path).status_code == 401
    browser = signed_in(region.head("UZB"))
    page = browser.get(f"/documents/{document.public_id}/implementation.pdf")
    assert page.status_code == 200 and page.content.startswith(b"%PDF-")
    listing = browser.get(f"/documents/{document.public_id}/implementation/").content.decode()
    assert f'href="/documents/{document.public_id}/implementation.pdf"' in listing

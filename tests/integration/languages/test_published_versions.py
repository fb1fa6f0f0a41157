"""A text adopted in three languages is published in all three (issue 19): the PDF, read
back with pypdf, holds every version's title and paragraphs — Chinese in its own font, so
its characters come back as written — each ending with the clause, in its own language,
that the texts are equally authentic; the HTML export and the public page carry each
version in a section of its language, with links between them."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from accord.languages import services
from accord.negotiation import exports, publication
from accord.negotiation import services as negotiation
from fixtures.negotiation import MEMBERS

ZH = ["回顾2021年7月15日的塔什干会议，", "各方欢迎对话。", "各方将在一年内再次会晤。"]
RU = [
    "ссылаясь на встречу в Ташкенте 15 июля 2021 года,",
    "Участники приветствуют диалог.",
    "Участники вновь встретятся в течение года.",
]
EN_CLAUSE = "Done in the English, Chinese and Russian languages, all texts being equally authentic."
ZH_CLAUSE = "本文件以英文、中文和俄文写成，各文本同等作准。"
RU_CLAUSE = (
    "Совершено на английском, китайском и русском языках, причём все тексты имеют одинаковую силу."
)


@pytest.fixture
def adopted(region: Any, draft: Any) -> Any:
    document = draft()
    services.set_languages(actor=region.chair, document_id=document.pk, working_language="en",
                           languages=["en", "zh", "ru"])  # fmt: skip
    for language, title, texts in (("zh", "联合声明", ZH), ("ru", "Совместное заявление", RU)):
        services.submit_version(actor=region.secretariat, document_id=document.pk, number=1,
                                language=language, title=title, paragraphs=texts)  # fmt: skip
    reviewers = (("en", "kaz-delegate"), ("zh", "kgz-delegate"), ("ru", "uzb-delegate"))
    for language, username in reviewers:
        services.name_reviewer(actor=region.secretariat, username=username, language=language)
        services.verify_version(actor=region.people[username], document_id=document.pk,
                                number=1, language=language)  # fmt: skip
    negotiation.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in MEMBERS:
        negotiation.approve(actor=region.head(code), document_id=document.pk)
    return document


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_pdf_holds_every_version_with_its_authenticity_clause(
    region: Any, adopted: Any
) -> None:
    published = publication.publication(region.head("KAZ"), adopted.pk)
    reader = PdfReader(io.BytesIO(exports.to_pdf(published)))
    pages = [_flat(page.extract_text()) for page in reader.pages]
    # The cover, then each version from a page of its own, in the working language first.
    english = next(i for i, page in enumerate(pages[1:], 1) if published.title in page)
    chinese = next(i for i, page in enumerate(pages) if "联合声明" in page)
    russian = next(i for i, page in enumerate(pages) if "Совместное заявление" in page)
    assert 0 < english < chinese < russian
    whole = _flat(" ".join(pages)).replace(" ", "")
    for text in [*ZH, ZH_CLAUSE]:
        assert text.replace(" ", "") in whole, text
    for text in [*RU, RU_CLAUSE, EN_CLAUSE]:
        assert text.replace(" ", "") in whole, text
    assert "English · 中文 · Русский" in pages[0]
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("WenQuanYi" in name for name in fonts), fonts  # the CJK font, embedded


def test_the_html_export_carries_each_version_in_its_language(region: Any, adopted: Any) -> None:
    published = publication.publication(region.head("KAZ"), adopted.pk)
    html = exports.to_html(published)
    assert html.count('<section class="language-version"') == 3
    for language, lang in (("en", "en"), ("zh", "zh-Hans"), ("ru", "ru")):
        assert f'<section class="language-version" id="text-{language}" lang="{lang}">' in html
        assert f'<a href="#text-{language}" lang="{lang}" hreflang="{lang}">' in html
    for text in [*ZH, *RU, EN_CLAUSE, ZH_CLAUSE, RU_CLAUSE]:
        assert text in html, text
    markdown = exports.to_markdown(published)
    assert "## 联合声明" in markdown
    assert f"*{RU_CLAUSE}*" in markdown


def test_the_public_page_shows_the_three_versions(region: Any, adopted: Any, client: Any) -> None:
    from accord.negotiation.models import Document

    Document.objects.filter(pk=adopted.pk).update(visibility="public")
    page = client.get(f"/public/documents/{adopted.public_id}/").content.decode()
    for text in [*ZH, *RU, ZH_CLAUSE, RU_CLAUSE, EN_CLAUSE]:
        assert text in page, text
    assert page.count('class="language-version"') == 3


def test_a_text_in_one_language_carries_no_clause(region: Any, draft: Any) -> None:
    document = draft()
    negotiation.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in MEMBERS:
        negotiation.approve(actor=region.head(code), document_id=document.pk)
    published = publication.publication(region.head("KAZ"), document.pk)
    html = exports.to_html(published)
    assert '<section class="language-version"' not in html
    assert "equally authentic" not in html
    reader = PdfReader(io.BytesIO(exports.to_pdf(published)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "equally authentic" not in _flat(text)

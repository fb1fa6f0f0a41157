"""Amendments carry their translations (rule 8): proposed in any language with their wording
in the other versions, taken into each version of the next revision by the chair's own
decisions; a revision is incomplete until every version is updated; a wording that cannot
stand for the amendment is refused with the reason and changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from accord.domain.errors import InvalidInput, RuleViolation
from accord.languages import selectors, services
from accord.languages.models import RevisionVersion
from accord.negotiation import services as negotiation
from accord.negotiation.models import Amendment
from fixtures.negotiation import counts
from page_clients import form_token, signed_in

ZH = ["回顾2021年7月15日的塔什干会议，", "各方欢迎对话。", "各方将在一年内再次会晤。"]
RU = [
    "ссылаясь на встречу в Ташкенте 15 июля 2021 года,",
    "Участники приветствуют диалог.",
    "Участники вновь встретятся в течение года.",
]
NOTE = {
    "zh": {"text": "注意到", "quote": "欢迎"},
    "ru": {"text": "принимают к сведению", "quote": "приветствуют"},
}


@pytest.fixture
def trilingual(region: Any, draft: Callable[..., Any]) -> Any:
    document = draft()
    services.set_languages(actor=region.chair, document_id=document.pk, working_language="en",
                           languages=["en", "zh", "ru"])  # fmt: skip
    for language, texts in (("zh", ZH), ("ru", RU)):
        services.submit_version(actor=region.secretariat, document_id=document.pk, number=1,
                                language=language, title="t", paragraphs=texts)  # fmt: skip
    return document


def _propose(region: Any, document: Any, translations: Any, **extra: Any) -> Any:
    return negotiation.propose_amendment(
        actor=region.delegate("KGZ"), document_id=document.pk, against=1, kind="replace-span",
        paragraph_id=2, quote="welcome", text="note", translations=translations, **extra,
    )  # fmt: skip


def _rendered(region: Any, document: Any, language: str, number: int) -> list[str]:
    value = selectors.get_version(region.chair, document.pk, language, number)
    return [p.render() for p in value.paragraphs]


def test_each_version_of_the_next_revision_is_made_from_the_amendments_wordings(
    region: Any, trilingual: Any
) -> None:
    row = _propose(region, trilingual, NOTE, language="zh")
    assert (row.language, row.translations["zh"]) == (
        "zh", {"text": "注意到", "quote": "欢迎", "occurrence": 1},
    )  # fmt: skip
    negotiation.issue_revision(actor=region.chair, document_id=trilingual.pk,
                               decisions={row.code: "bracketed"})  # fmt: skip
    assert _rendered(region, trilingual, "zh", 2)[1] == "各方[欢迎 / 注意到]对话。"
    assert _rendered(region, trilingual, "ru", 2)[1] == (
        "Участники [приветствуют / принимают к сведению] диалог."
    )
    state = selectors.get_versions(region.chair, trilingual.pk).readiness
    assert (state.missing, state.findings) == ((), ())
    # The chair resolves the bracket for the amendment: every version follows.
    negotiation.issue_revision(actor=region.chair, document_id=trilingual.pk, decisions={},
                               resolutions={1: 1})  # fmt: skip
    assert _rendered(region, trilingual, "ru", 3)[1] == "Участники принимают к сведению диалог."
    assert _rendered(region, trilingual, "zh", 3)[1] == "各方注意到对话。"


def test_a_revision_is_incomplete_until_every_version_is_updated(
    region: Any, trilingual: Any
) -> None:
    row = _propose(region, trilingual, {"zh": NOTE["zh"]})  # no Russian wording
    negotiation.issue_revision(actor=region.chair, document_id=trilingual.pk,
                               decisions={row.code: "agreed"})  # fmt: skip
    state = selectors.get_versions(region.chair, trilingual.pk).readiness
    assert state.missing == ("ru",)
    with pytest.raises(RuleViolation, match="no version yet in Russian") as refused:
        negotiation.open_adoption(actor=region.chair, document_id=trilingual.pk, kind="consensus")
    assert refused.value.code == "versions_missing"
    agreed = [RU[0], "Участники принимают к сведению диалог.", RU[2]]
    services.submit_version(actor=region.secretariat, document_id=trilingual.pk, number=2,
                            language="ru", title="t", paragraphs=agreed)  # fmt: skip
    assert selectors.get_versions(region.chair, trilingual.pk).readiness.missing == ()


@pytest.mark.parametrize(
    ("translations", "code", "message"),
    [
        ({"zh": {"text": "[注意到 / 欢迎]", "quote": "欢迎"}}, "translation_brackets",
         "The Chinese wording has 1 brackets where the amendment has 0"),
        ({"zh": {"text": "注意到", "quote": "支持"}}, "translation_quote",
         "Name the words the amendment replaces in the Chinese version"),
        ({"zh": {"text": "注意到"}}, "translation_quote", "Name the words"),
        ({"fr": {"text": "note"}}, "language_not_used", "does not negotiate in the language “fr”"),
        ({"en": {"text": "note"}}, "language_not_used", "its wording in the working language"),
    ],
)  # fmt: skip
def test_a_wording_that_cannot_stand_for_the_amendment_changes_nothing(
    region: Any, trilingual: Any, translations: Any, code: str, message: str
) -> None:
    before = counts()
    with pytest.raises(InvalidInput, match=message) as refused:
        _propose(region, trilingual, translations)
    assert (refused.value.code, refused.value.field) == (code, "translations")
    assert counts() == before


def test_a_language_the_document_has_no_version_in_is_refused(
    region: Any, draft: Callable[..., Any]
) -> None:
    document = draft()
    services.set_languages(actor=region.chair, document_id=document.pk, working_language="en",
                           languages=["en", "zh"])  # fmt: skip
    before = counts()
    with pytest.raises(InvalidInput, match="The document has no version in Russian") as refused:
        _propose(region, document, {"ru": NOTE["ru"]})
    assert refused.value.code == "language_not_used"
    with pytest.raises(InvalidInput, match="The document has no version in Russian"):
        _propose(region, document, {}, language="ru")
    assert counts() == before


def test_the_api_and_the_page_carry_the_wordings(
    region: Any, trilingual: Any, api: Callable[..., Any]
) -> None:
    client = api(region.delegate("UZB"))
    url = f"/api/v1/documents/{trilingual.public_id}/amendments"
    body = {"against": 1, "kind": "replace-span", "paragraph_id": 2, "quote": "welcome",
            "text": "note", "language": "ru", "translations": NOTE}  # fmt: skip
    answer = client.post(url, json.dumps(body), content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["language"] == "ru"
    assert answer.json()["translations"]["ru"] == {
        "text": "принимают к сведению", "quote": "приветствуют", "occurrence": 1,
    }  # fmt: skip
    bad = dict(body, translations={"zh": {"text": "[a / b]", "quote": "欢迎"}}, text="noting")
    refused = client.post(url, json.dumps(bad), content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (422, "translation_brackets")
    unknown = dict(body, translations={"fr": {"text": "noter"}})
    assert client.post(url, json.dumps(unknown), content_type="application/json").status_code == 422
    page = signed_in(region.delegate("KGZ"))
    document_page = f"/documents/{trilingual.public_id}/"
    assert 'name="text-zh"' in page.get(document_page).content.decode()
    sent = page.post(f"{document_page}amendments/", {
        "form_token": form_token(page, document_page), "against": "1", "kind": "replace-span",
        "paragraph_id": "2", "quote": "welcome", "text": "take note of",
        "quote-zh": "欢迎", "text-zh": "注意到", "quote-ru": "приветствуют",
        "text-ru": "принимают к сведению",
    })  # fmt: skip
    assert sent.status_code == 302
    made = Amendment.objects.get(document=trilingual, text="take note of")
    assert made.translations["zh"] == {"text": "注意到", "quote": "欢迎", "occurrence": 1}
    assert RevisionVersion.objects.filter(revision__document=trilingual).count() == 2


def test_the_document_page_shows_each_amendments_wording_in_the_other_versions(
    region: Any, trilingual: Any
) -> None:
    _propose(region, trilingual, NOTE)
    page = signed_in(region.delegate("TJK")).get(f"/documents/{trilingual.public_id}/")
    text = page.content.decode()
    chinese = '<dt>In the Chinese version</dt><dd lang="zh"><del>欢迎</del> <ins>注意到</ins></dd>'
    assert chinese in text
    assert '<dd lang="ru"><del>приветствуют</del> <ins>принимают к сведению</ins></dd>' in text

"""Agreed language (rule 8's translation memory): the aligned paragraphs of adopted texts
are offered to a drafter, cited by symbol, ranked against what they write or the paragraph
they amend, in each language. The attacker is a third state: it never gets agreed language
from a restricted text it may not see, by any query, through the page or the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accord.domain.errors import InvalidInput, NotFound
from accord.languages import services as languages
from accord.negotiation import services as negotiation
from accord.registry import services as registry
from accord.registry.agreed_language import suggest_agreed_language
from page_clients import signed_in

ZH = ["回顾2021年7月15日的塔什干会议，", "各方欢迎对话。", "各方将在一年内再次会晤。"]
RU = [
    "ссылаясь на встречу в Ташкенте 15 июля 2021 года,",
    "Участники приветствуют диалог.",
    "Участники вновь встретятся в течение года.",
]
MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")
WATER = "The participants welcome the dialogue on water security in the basin."
DRAFT = [
    {"kind": "preambular", "text": "Noting the concerns of the region,"},
    {"kind": "operative", "text": "The states welcome a dialogue on security."},
]


def _adopt(region: Any, document: Any, states: tuple[str, ...]) -> None:
    negotiation.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in states:
        negotiation.approve(actor=region.head(code), document_id=document.pk)
    document.refresh_from_db()
    assert document.status == "adopted"


@pytest.fixture
def memory(region: Any, draft: Callable[..., Any], keys: Any) -> dict[str, Any]:
    """An adopted text in three languages (DOC/3, open to participants), an adopted text
    restricted to KAZ and UZB (DOC/5), and a draft under negotiation."""
    trilingual = draft(title="Joint statement of the Tashkent meeting")
    languages.set_languages(actor=region.chair, document_id=trilingual.pk, working_language="en",
                            languages=["en", "zh", "ru"])  # fmt: skip
    for language, texts in (("zh", ZH), ("ru", RU)):
        languages.submit_version(actor=region.secretariat, document_id=trilingual.pk, number=1,
                                 language=language, title="t", paragraphs=texts)  # fmt: skip
    for language in ("en", "zh", "ru"):
        languages.name_reviewer(actor=region.secretariat, username="secretariat", language=language)
        languages.verify_version(actor=region.secretariat, document_id=trilingual.pk, number=1,
                                 language=language)  # fmt: skip
    _adopt(region, trilingual, MEMBERS)
    registry.register_document(actor=region.secretariat, document_id=trilingual.pk,
                               symbol="RSD/MIN/2021/DOC/3", original_language="ru",
                               distribution="general")  # fmt: skip
    restricted = draft(title="Water", visibility="restricted", states=["KAZ", "UZB"],
                       paragraphs=[{"kind": "operative", "text": WATER}])  # fmt: skip
    _adopt(region, restricted, ("KAZ", "UZB"))
    return {"trilingual": trilingual, "restricted": restricted, "draft": draft(paragraphs=DRAFT)}


def _cited(user: Any, document: Any, **query: Any) -> list[tuple[str, str]]:
    _language, found = suggest_agreed_language(user, document.pk, **query)
    return [(s.paragraph.citation, s.text) for s in found]


def test_agreed_language_is_cited_by_symbol_and_ranked_in_each_language(
    region: Any, memory: dict[str, Any]
) -> None:
    target, tjk = memory["draft"], region.delegate("TJK")
    assert _cited(tjk, target, text="We welcome the dialogue")[0] == (
        "RSD/MIN/2021/DOC/3, OP1", "The participants welcome the dialogue.",
    )  # fmt: skip
    assert _cited(tjk, target, language="zh", text="欢迎对话") == [
        ("RSD/MIN/2021/DOC/3, OP1", "各方欢迎对话。"),
    ]
    assert _cited(tjk, target, language="ru", text="вновь встретится через год")[0] == (
        "RSD/MIN/2021/DOC/3, OP2", "Участники вновь встретятся в течение года.",
    )  # fmt: skip
    _language, found = suggest_agreed_language(tjk, target.pk, text="welcome the dialogue")
    assert dict(found[0].paragraph.texts) == {
        "en": "The participants welcome the dialogue.", "zh": "各方欢迎对话。",
        "ru": "Участники приветствуют диалог.",
    }  # fmt: skip


def test_the_paragraph_being_amended_is_the_query_when_nothing_is_written(
    region: Any, memory: dict[str, Any]
) -> None:
    # OP1 of the draft: "The states welcome a dialogue on security."
    cited = _cited(region.delegate("KGZ"), memory["draft"], paragraph_id=2)
    assert cited[0] == ("RSD/MIN/2021/DOC/3, OP1", "The participants welcome the dialogue.")
    with pytest.raises(InvalidInput, match="The current revision has no such paragraph"):
        _cited(region.delegate("KGZ"), memory["draft"], paragraph_id=99)
    with pytest.raises(InvalidInput) as unknown:
        _cited(region.delegate("KGZ"), memory["draft"], language="fr", text="dialogue")
    assert unknown.value.code == "language_not_used"


def test_a_third_state_never_gets_agreed_language_from_a_restricted_text(
    region: Any, memory: dict[str, Any], api: Callable[..., Any]
) -> None:
    target = memory["draft"]
    named = _cited(region.delegate("KAZ"), target, text="dialogue on water security in the basin")
    assert named[0] == ("Water, OP1", WATER)
    for outsider in (region.delegate("TJK"), region.head("KGZ"), region.observer):
        cited = _cited(outsider, target, text="dialogue on water security in the basin")
        assert all(citation.startswith("RSD/MIN/2021/DOC/3") for citation, _text in cited)
    answer = api(region.delegate("TJK")).get(
        f"/api/v1/documents/{target.public_id}/agreed-language",
        {"text": "water security in the basin", "limit": 20},
    )
    assert answer.status_code == 200, answer.content
    body = answer.content.decode()
    assert "water" not in body.lower() and memory["restricted"].public_id not in body
    page = signed_in(region.delegate("TJK")).get(
        f"/documents/{target.public_id}/agreed-language/",
        {"text": "welcome dialogue on water security in the basin"},
        HTTP_HX_REQUEST="true",
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Agreed language from RSD/MIN/2021/DOC/3, OP1" in text and "water" not in text.lower()
    # Amending the restricted text itself: absent to the outsider, as if it did not exist.
    hidden = api(region.delegate("TJK")).get(
        f"/api/v1/documents/{memory['restricted'].public_id}/agreed-language"
    )
    assert (hidden.status_code, hidden.json()["code"]) == (404, "not_found")
    with pytest.raises(NotFound):
        suggest_agreed_language(region.delegate("TJK"), memory["restricted"].pk, text="water")


def test_the_api_answers_with_citations_versions_and_refuses_bad_input(
    region: Any, memory: dict[str, Any], api: Callable[..., Any]
) -> None:
    client = api(region.delegate("UZB"))
    url = f"/api/v1/documents/{memory['draft'].public_id}/agreed-language"
    answer = client.get(url, {"language": "zh", "text": "各方欢迎对话", "limit": 1})
    assert answer.status_code == 200, answer.content
    assert answer.json()["next"] is None
    [item] = answer.json()["items"]
    assert {k: item[k] for k in ("citation", "source", "paragraph", "language", "text")} == {
        "citation": "RSD/MIN/2021/DOC/3, OP1", "source": "RSD/MIN/2021/DOC/3",
        "paragraph": "OP1", "language": "zh", "text": "各方欢迎对话。",
    }  # fmt: skip
    assert item["document"] == memory["trilingual"].public_id
    assert sorted(item["versions"]) == ["en", "ru", "zh"]
    assert client.get(url, {"language": "fr"}).status_code == 422
    assert client.get(url, {"limit": 21}).status_code == 422
    missing = client.get(url, {"paragraph": 99})
    assert (missing.status_code, missing.json()["errors"][0]["field"]) == (422, "paragraph")

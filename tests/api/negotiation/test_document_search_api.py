"""GET /api/v1/documents?q= and GET /api/v1/search through HTTP (issue 19): a Russian word
in another inflection and a Chinese word inside unspaced text find the restricted document
and concern for their states, nothing for a third state; a query without a word, or with
too many, is 422 with its code and changes nothing."""

from __future__ import annotations

from typing import Any

from accord.dialogue import services as dialogue
from accord.languages import services as languages
from accord.ledger.models import LedgerEntry
from accord.negotiation import services as negotiation


def _world(region: Any) -> tuple[str, str]:
    document = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Water statement",
        paragraphs=[{"kind": "operative", "text": "The two states will share river data."}],
        visibility="restricted", states=["KAZ", "UZB"],
    )  # fmt: skip
    languages.set_languages(actor=region.chair, document_id=document.pk,
                            working_language="en", languages=["en", "zh", "ru"])  # fmt: skip
    for language, title, text in (
        ("zh", "水资源声明", "两国将共享河流数据。"),
        ("ru", "Заявление о воде", "Два государства будут обмениваться данными о реках."),
    ):
        languages.submit_version(actor=region.chair, document_id=document.pk, number=1,
                                 language=language, title=title, paragraphs=[text])  # fmt: skip
    concern = dialogue.raise_concern(
        actor=region.head("KAZ"), title="Угрозы водной безопасности",
        summary="双方重申维护地区安全。", category="borders", visibility="restricted",
        restricted_to=["UZB"],
    )  # fmt: skip
    return document.public_id, concern.public_id


def test_documents_and_concerns_are_found_in_every_language(region: Any, api: Any) -> None:
    document, concern = _world(region)
    uzb, tjk = api(region.head("UZB")), api(region.head("TJK"))
    for query in ("реки", "河流", "river"):
        found = uzb.get("/api/v1/documents", {"q": query})
        assert found.status_code == 200
        assert [d["id"] for d in found.json()["items"]] == [document], query
        assert tjk.get("/api/v1/documents", {"q": query}).json()["items"] == [], query
        found = uzb.get("/api/v1/search", {"q": query}).json()
        assert [(d["id"], d["symbol"]) for d in found["documents"]] == [(document, None)], query
        assert found["documents"][0]["titles"] == {
            "en": "Water statement", "zh": "水资源声明", "ru": "Заявление о воде",
        }  # fmt: skip
    nothing = {
        "concerns": [], "interventions": [], "documents": [],
        "next": {"concerns": None, "interventions": None, "documents": None},  # issue 18: pages
    }  # fmt: skip
    for query in ("угроза", "安全", "реки", "河流", "river"):
        found = uzb.get("/api/v1/search", {"q": query}).json()
        assert [c["id"] for c in found["concerns"]] == (
            [concern] if query in ("угроза", "安全") else []
        ), query
        assert tjk.get("/api/v1/search", {"q": query}).json() == nothing, query


def test_a_query_without_a_word_is_refused_with_its_code(region: Any, api: Any) -> None:
    _world(region)
    caller = api(region.head("UZB"))  # its token is on the ledger: count after it
    before = LedgerEntry.objects.count()
    for path in ("/api/v1/documents", "/api/v1/search"):
        answer = caller.get(path, {"q": "!!! ..."})
        assert answer.status_code == 422, path
        assert answer.json()["code"] == "search_no_words"
        assert answer.json()["detail"] == "The search holds no word to look for."
        answer = caller.get(path, {"q": " ".join(["мир"] * 9)})
        assert answer.status_code == 200  # one word nine times is one word
        answer = caller.get(path, {"q": " ".join(f"w{n}" for n in range(9))})
        assert (answer.status_code, answer.json()["code"]) == (422, "search_too_many_words")
    assert LedgerEntry.objects.count() == before

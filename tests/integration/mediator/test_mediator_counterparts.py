"""Candidates with their counterparts (issue 19): a wording the mediator takes from a
state's alternative or amendment carries the same wording in the other language versions of
the revision it read — and only of that revision, of that document, which the viewer sees."""

from __future__ import annotations

from typing import Any

import pytest

from accord.domain.errors import NotFound
from accord.ledger.models import LedgerEntry
from accord.mediator import services
from accord.mediator.embedder import HashingEmbedder
from accord.mediator.models import Mediation
from accord.negotiation import services as negotiation
from fixtures.mediator import ZH_PARAGRAPH, trilingual_chinese

pytestmark = pytest.mark.django_db


def ask_as(actor: Any, document: Any, paragraph_id: int = 1) -> Mediation:
    return services.ask_on_paragraph(
        actor=actor, document_id=document.pk, paragraph_id=paragraph_id,
        embedder=HashingEmbedder(),
    )  # fmt: skip


def ask(region: Any, document: Any) -> Mediation:
    return ask_as(region.chair, document)


def test_a_chinese_only_bracket_yields_candidates_with_their_english_and_russian_counterparts(
    region: Any,
) -> None:
    mediation = ask(region, trilingual_chinese(region))

    assert [(w["text"], w["counterparts"]) for w in mediation.result["wordings"]] == [
        ("反对外层空间军备竞赛", {
            "en": "oppose an arms race in outer space",
            "ru": "выступают против гонки вооружений в космосе",
        }),
        ("对外层空间军备竞赛表示关切", {
            "en": "express concern about an arms race in outer space",
            "ru": "выражают обеспокоенность гонкой вооружений в космосе",
        }),
    ]  # fmt: skip
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.payload["sha256"] == mediation.result_sha256


def test_an_amendment_carries_its_own_translations_as_counterparts(region: Any) -> None:
    document = trilingual_chinese(region)
    negotiation.propose_amendment(
        actor=region.head("UZB"), document_id=document.pk, against=1, kind="replace-span",
        paragraph_id=1, span=(1, 0, 0), text="呼吁防止外层空间军备竞赛",
        translations={
            "en": {"text": "call for the prevention of an arms race in outer space"},
            "ru": {"text": "призывают к предотвращению гонки вооружений в космосе"},
        },
    )  # fmt: skip

    wordings = {w["text"]: w["counterparts"] for w in ask(region, document).result["wordings"]}

    assert wordings["呼吁防止外层空间军备竞赛"] == {
        "en": "call for the prevention of an arms race in outer space",
        "ru": "призывают к предотвращению гонки вооружений в космосе",
    }


def test_a_document_without_language_versions_gives_empty_counterparts(
    region: Any, document: Any
) -> None:
    mediation = ask_as(region.chair, document, paragraph_id=2)

    assert [(w["text"], w["counterparts"]) for w in mediation.result["wordings"]] == [
        ("oppose", {}), ("express concern about", {}),
    ]  # fmt: skip


def test_counterparts_come_from_the_revision_the_mediator_read_not_another(
    region: Any,
) -> None:
    document = trilingual_chinese(region)
    first = ask(region, document)
    # A new title: Rev.2's versions are left to the translators, so Rev.2 has none yet.
    negotiation.issue_revision(
        actor=region.chair, document_id=document.pk, decisions={}, title="联合声明（修订）"
    )

    second = ask(region, document)

    assert (first.revision, second.revision) == (1, 2)
    assert [w["counterparts"] for w in second.result["wordings"]] == [{}, {}]
    stored = Mediation.objects.get(pk=first.pk)
    assert stored.result["wordings"][0]["counterparts"] == {
        "en": "oppose an arms race in outer space",
        "ru": "выступают против гонки вооружений в космосе",
    }


def test_a_visible_document_never_borrows_counterparts_from_a_hidden_one_with_the_same_words(
    region: Any,
) -> None:
    # The same Chinese alternatives in a document restricted to KAZ and KGZ, translated; the
    # secretariat, who may not see it, asks on a visible one that has no versions.
    hidden = trilingual_chinese(region, visibility="restricted", states=["KAZ", "KGZ"])
    seen = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="联合声明",
        paragraphs=ZH_PARAGRAPH, visibility="participants",
    )  # fmt: skip

    mediation = services.ask_on_paragraph(
        actor=region.secretariat, document_id=seen.pk, paragraph_id=1, embedder=HashingEmbedder()
    )

    assert [w["text"] for w in mediation.result["wordings"]] == [
        "反对外层空间军备竞赛", "对外层空间军备竞赛表示关切",
    ]  # fmt: skip
    assert [w["counterparts"] for w in mediation.result["wordings"]] == [{}, {}]
    with pytest.raises(NotFound):
        ask_as(region.secretariat, hidden)


def test_a_third_state_gets_no_counterparts_of_a_restricted_document(region: Any) -> None:
    hidden = trilingual_chinese(region, visibility="restricted", states=["KAZ", "KGZ"])
    before = (Mediation.objects.count(), LedgerEntry.objects.count())

    for attacker in (region.head("TJK"), region.secretariat, region.delegate("UZB")):
        with pytest.raises(NotFound):
            ask_as(attacker, hidden)

    assert (Mediation.objects.count(), LedgerEntry.objects.count()) == before


def test_the_chairs_amendment_from_a_wording_carries_its_counterparts_into_the_next_versions(
    region: Any,
) -> None:
    from accord.languages import selectors as languages

    document = trilingual_chinese(region)
    ask(region, document)

    _asked, amendment = services.propose_as_amendment(
        actor=region.chair, document_id=document.pk, paragraph_id=1, rank=1
    )
    negotiation.issue_revision(
        actor=region.chair, document_id=document.pk, decisions={amendment.code: "agreed"}
    )

    assert {code: wording["text"] for code, wording in amendment.translations.items()} == {
        "en": "oppose an arms race in outer space",
        "ru": "выступают против гонки вооружений в космосе",
    }
    versions = languages.get_versions(region.chair, document.pk).versions
    assert {code: v.paragraphs[0].render() for code, v in versions.items() if v} == {
        "en": "The participants oppose an arms race in outer space.",
        "zh": "各方反对外层空间军备竞赛。",
        "ru": "Участники выступают против гонки вооружений в космосе.",
    }


def test_the_chairs_amendment_on_a_one_language_document_carries_no_translations(
    region: Any, document: Any
) -> None:
    ask_as(region.chair, document, paragraph_id=2)

    _asked, amendment = services.propose_as_amendment(
        actor=region.chair, document_id=document.pk, paragraph_id=2, rank=1
    )

    assert (amendment.text, amendment.translations) == ("oppose", {})

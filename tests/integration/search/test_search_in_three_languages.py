"""Search in Chinese and Russian, alike on SQLite and PostgreSQL (issue 19).

Every search the product has — concerns, interventions, documents with their language
versions, notifications — finds a Chinese word inside unspaced Chinese text and a Russian
word in another inflection, and only among what the reader may see: KAZ and UZB share a
restricted concern, meeting and document; TJK, the third state, searches for the same
words and finds only the open material.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from accord.dialogue import services as dialogue
from accord.domain.errors import InvalidInput
from accord.languages import services as languages
from accord.negotiation import selectors as negotiation_selectors
from accord.negotiation import services as negotiation
from accord.notifications import selectors as notification_selectors
from accord.notifications import services as notifications
from accord.search import selectors as search_selectors


def at(hour: int, day: int = 10) -> datetime:
    return datetime(2030, 5, day, hour, tzinfo=UTC)


@pytest.fixture
def world(region: Any) -> dict[str, Any]:
    open_concern = dialogue.raise_concern(
        actor=region.head("KGZ"), title="Угрозам терроризма — общий ответ",
        summary="各方共同应对恐怖主义威胁。", category="terrorism", visibility="participants",
    )  # fmt: skip
    secret_concern = dialogue.raise_concern(
        actor=region.head("KAZ"), title="Водные угрозы на границе",
        summary="双方重申维护地区安全与稳定。", category="borders", visibility="restricted",
        restricted_to=["UZB"],
    )  # fmt: skip
    plenary = dialogue.convene_meeting(
        actor=region.secretariat, title="Plenary", kind="ministerial", starts_at=at(8),
        ends_at=at(18), participants=["KAZ", "KGZ", "TJK", "UZB"], venue="Astana",
    )  # fmt: skip
    secret_meeting = dialogue.convene_meeting(
        actor=region.chair, title="Consultation", kind="consultation", starts_at=at(9, 12),
        ends_at=at(11, 12), participants=["KAZ", "UZB"], visibility="restricted", venue="Tashkent",
    )  # fmt: skip
    open_words = dialogue.deliver_intervention(
        actor=region.head("TJK"), meeting_id=plenary.pk, kind="statement",
        text="Мы обсуждаем угрозы региону и 地区安全合作。", language="ru",
    )  # fmt: skip
    secret_words = dialogue.deliver_intervention(
        actor=region.head("UZB"), meeting_id=secret_meeting.pk, kind="statement",
        text="我们支持双边安全合作，угрозами не пренебрегаем.", language="zh-hans",
    )  # fmt: skip
    open_document = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement",
        paragraphs=[{"kind": "operative", "text": "The participants welcome the dialogue."}],
    )  # fmt: skip
    secret_document = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Water statement",
        paragraphs=[{"kind": "operative", "text": "The two states will share river data."}],
        visibility="restricted", states=["KAZ", "UZB"],
    )  # fmt: skip
    languages.set_languages(actor=region.chair, document_id=secret_document.pk,
                            working_language="en", languages=["en", "zh", "ru"])  # fmt: skip
    languages.submit_version(actor=region.chair, document_id=secret_document.pk, number=1,
                             language="zh", title="水资源声明",
                             paragraphs=["两国将共享河流数据。"])  # fmt: skip
    russian = ["Два государства будут обмениваться данными о реках."]
    languages.submit_version(actor=region.chair, document_id=secret_document.pk, number=1,
                             language="ru", title="Заявление о воде",
                             paragraphs=russian)  # fmt: skip
    return {
        "open_concern": open_concern.public_id, "secret_concern": secret_concern.public_id,
        "open_words": open_words.public_id, "secret_words": secret_words.public_id,
        "open_document": open_document.public_id, "secret_document": secret_document.public_id,
    }  # fmt: skip


def _found(user: Any, query: str) -> tuple[list[str], list[str]]:
    results = search_selectors.search(user, query)
    return [c.public_id for c in results.concerns], [i.public_id for i in results.interventions]


def _documents(user: Any, query: str) -> list[str]:
    return [d.public_id for d in negotiation_selectors.list_documents(user, q=query)]


def test_a_russian_word_finds_its_other_inflections(region: Any, world: dict[str, Any]) -> None:
    # Written угрозам, угрозы, угрозы, угрозами; searched as угроза and as угрозу.
    for query in ("угроза", "угрозу", "УГРОЗ"):
        assert _found(region.head("KAZ"), query) == (
            [world["secret_concern"], world["open_concern"]],
            [world["secret_words"], world["open_words"]],
        ), query
    assert _found(region.head("KAZ"), "регион") == ([], [world["open_words"]])
    # Two words: both must be there, each in any inflection.
    assert _found(region.head("UZB"), "водная угроза") == ([world["secret_concern"]], [])


def test_a_chinese_word_is_found_inside_unspaced_text(region: Any, world: dict[str, Any]) -> None:
    assert _found(region.head("UZB"), "安全") == (
        [world["secret_concern"]],
        [world["secret_words"], world["open_words"]],
    )
    assert _found(region.head("UZB"), "恐怖主义") == ([world["open_concern"]], [])
    assert _found(region.head("UZB"), "地区安全") == (
        [world["secret_concern"]],
        [world["open_words"]],
    )
    assert _found(region.head("UZB"), "合作") == ([], [world["secret_words"], world["open_words"]])
    assert _found(region.head("UZB"), "核武器") == ([], [])


def test_documents_are_found_in_every_language_version(region: Any, world: dict[str, Any]) -> None:
    kaz = region.head("KAZ")
    assert _documents(kaz, "河流") == [world["secret_document"]]  # the Chinese version
    assert _documents(kaz, "река") == [world["secret_document"]]  # реках, in the Russian one
    assert _documents(kaz, "данные") == [world["secret_document"]]
    assert _documents(kaz, "river") == [world["secret_document"]]
    assert _documents(kaz, "dialogue") == [world["open_document"]]
    assert _documents(kaz, "statement") == [world["secret_document"], world["open_document"]]


def test_a_third_state_finds_only_the_open_material(region: Any, world: dict[str, Any]) -> None:
    tjk = region.head("TJK")
    assert _found(tjk, "угроза") == ([world["open_concern"]], [world["open_words"]])
    assert _found(tjk, "安全") == ([], [world["open_words"]])
    assert _found(tjk, "双边") == ([], [])
    assert _found(tjk, "водная") == ([], [])
    for query in ("河流", "река", "river", "水资源"):
        assert _documents(tjk, query) == [], query
    assert _documents(tjk, "statement") == [world["open_document"]]
    assert _found(region.delegate("TJK"), "пренебрегать") == ([], [])


def test_a_new_revision_replaces_the_terms_of_the_last(region: Any) -> None:
    document = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Statement",
        paragraphs=[{"kind": "operative", "text": "Участники обсудили угрозы."}],
    )  # fmt: skip
    kaz = region.head("KAZ")
    assert _documents(kaz, "угроза") == [document.public_id]
    negotiation.issue_revision(actor=region.chair, document_id=document.pk, decisions={})
    assert _documents(kaz, "угроза") == [document.public_id]  # Rev.2 holds the same text


def test_notifications_are_found_by_their_subject_in_any_inflection(region: Any) -> None:
    from fixtures.notifications import exercise_content

    sent = notifications.send_notification(
        actor=region.delegate("KAZ"), type_key="exercise_notice", recipients=["UZB"],
        content=exercise_content(exercise_name="Учения «Мирная миссия» 和平使命"),
    )  # fmt: skip
    found = notification_selectors.list_notifications(region.head("UZB"), q="миссии")
    assert [n.public_id for n in found] == [sent.public_id]
    found = notification_selectors.list_notifications(region.head("UZB"), q="使命")
    assert [n.public_id for n in found] == [sent.public_id]
    assert list(notification_selectors.list_notifications(region.head("TJK"), q="миссия")) == []


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("   ", "search_empty"),
        ("!!! ??? …", "search_no_words"),
        ("one two three four five six seven eight nine", "search_too_many_words"),
        ("угроза" * 40, "search_too_long"),
    ],
)
def test_a_query_out_of_bounds_is_refused_with_its_reason(
    region: Any, query: str, code: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        search_selectors.search(region.head("KAZ"), query)
    assert (refused.value.code, refused.value.field) == (code, "q")
    assert refused.value.message.endswith(".")

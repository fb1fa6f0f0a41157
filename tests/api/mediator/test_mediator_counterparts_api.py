"""Counterparts through HTTP (issue 19): the API's `counterparts` per wording and the
paragraph page's same wording in the other language versions, in the reader's language;
a third state reads neither for a restricted document."""

from __future__ import annotations

from typing import Any

import pytest

from accord.ledger.models import LedgerEntry
from accord.mediator.models import Mediation
from fixtures.mediator import trilingual_chinese

pytestmark = pytest.mark.django_db

OPPOSE_EN, OPPOSE_RU = (
    "oppose an arms race in outer space",
    "выступают против гонки вооружений в космосе",
)


def signed_in(client: Any, user: Any) -> None:
    """A web session; heads and the chair as if they had passed their second factor."""
    from accord.members.sign_in import SESSION_VERIFIED_KEY

    client.force_login(user)
    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session.save()


def path(document: Any) -> str:
    return f"/api/v1/documents/{document.public_id}/paragraphs/1/suggestions"


def test_the_api_answers_each_wording_with_its_counterparts(region: Any, api: Any) -> None:
    document = trilingual_chinese(region)
    chair = api(region.chair)

    asked = chair.post(path(document), "{}", content_type="application/json")

    assert asked.status_code == 200, asked.content
    top = asked.json()["wordings"][0]
    assert (top["text"], top["counterparts"]) == (
        "反对外层空间军备竞赛", {"en": OPPOSE_EN, "ru": OPPOSE_RU},
    )  # fmt: skip
    again = chair.get(path(document)).json()["suggestions"]
    assert again["wordings"][0]["counterparts"] == {"en": OPPOSE_EN, "ru": OPPOSE_RU}


def test_a_one_language_documents_wordings_have_empty_counterparts(
    region: Any, api: Any, document: Any
) -> None:
    asked = api(region.chair).post(
        f"/api/v1/documents/{document.public_id}/paragraphs/2/suggestions", "{}",
        content_type="application/json",
    )  # fmt: skip
    assert [w["counterparts"] for w in asked.json()["wordings"]] == [{}, {}]


def test_a_third_state_reads_no_counterparts_of_a_restricted_document(
    region: Any, api: Any, client: Any
) -> None:
    hidden = trilingual_chinese(region, visibility="restricted", states=["KAZ", "KGZ"])
    assert (
        api(region.chair).post(path(hidden), "{}", content_type="application/json").status_code
        == 200
    )
    tjk = api(region.head("TJK"))
    signed_in(client, region.head("TJK"))  # a session sign-in is on the ledger: before counting
    before = (Mediation.objects.count(), LedgerEntry.objects.count())

    for answer in (
        tjk.get(path(hidden)),
        tjk.post(path(hidden), "{}", content_type="application/json"),
    ):
        assert answer.status_code == 404
        assert OPPOSE_EN not in answer.content.decode() and OPPOSE_RU not in answer.content.decode()
    page = client.get(f"/mediator/documents/{hidden.public_id}/paragraphs/1/")
    assert page.status_code == 404 and OPPOSE_RU not in page.content.decode()
    assert (Mediation.objects.count(), LedgerEntry.objects.count()) == before


@pytest.mark.parametrize(
    ("language", "heading", "russian"),
    [
        ("en", "The same wording in the other language versions of Rev.1:", "Russian"),
        ("zh-hans", "Rev.1 其他语文本中的同一措辞：", "俄文"),
        ("ru", "Та же формулировка в текстах Rev.1 на других языках:", "Русский"),
    ],
)
def test_the_paragraph_page_shows_the_counterparts_labelled_by_language(
    region: Any, client: Any, language: str, heading: str, russian: str
) -> None:
    document = trilingual_chinese(region)
    signed_in(client, region.chair)
    page = f"/mediator/documents/{document.public_id}/paragraphs/1/"
    assert client.post(page).status_code == 302

    html = client.get(page, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert heading in html
    assert f'<dd lang="ru">{OPPOSE_RU}</dd>' in html
    assert f'<dd lang="en">{OPPOSE_EN}</dd>' in html
    assert f"<dt>{russian}</dt>" in html

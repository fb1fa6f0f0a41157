"""Sentences about an adoption show the outcome and the procedure in the reader's language,
never the stored code (`returned-to-negotiation`, `silence`, `consensus`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accord.domain.errors import RuleViolation
from accord.negotiation import services, tick
from accord.negotiation.labels import OUTCOME_LABELS, PROCEDURE_LABELS
from accord.negotiation.models import AdoptionProcedure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Iterator[None]:
    # A request in Chinese leaves Chinese active in this thread; the next test expects English.
    yield
    translation.deactivate()


def _returned_to_negotiation(region: Any, draft: Any) -> Any:
    document = draft()
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence",
        deadline=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    services.break_silence(actor=region.head("UZB"), document_id=document.pk, reason="OP2.")
    return document


@pytest.mark.parametrize(
    ("language", "outcome"), [("ru", "возвращён на переговоры"), ("zh-hans", "退回谈判")]
)
def test_a_closed_procedure_is_named_by_its_outcome_in_the_readers_language(
    region: Any, draft: Any, language: str, outcome: str
) -> None:
    document = _returned_to_negotiation(region, draft)
    with translation.override(language), pytest.raises(RuleViolation) as refused:
        services.approve(actor=region.head("KAZ"), document_id=document.pk)
    message = str(refused.value)
    assert outcome in message
    assert "returned-to-negotiation" not in message


@pytest.mark.parametrize(
    ("language", "procedure"), [("ru", "(процедура молчания)"), ("zh-hans", "（默许程序）")]
)
def test_the_published_text_says_how_it_was_adopted_in_the_readers_language(
    region: Any, draft: Any, language: str, procedure: str
) -> None:
    document = draft(visibility="public")
    opened = timezone.now() - timedelta(hours=3)
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence",
        deadline=opened + timedelta(hours=1), now=opened,
    )  # fmt: skip
    tick.run(timezone.now())  # reads never settle (issue 16): the tick adopts it
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("negotiation:public", args=[document.public_id])).content.decode()
    markdown = client.get(
        reverse("negotiation:public-export", args=[document.public_id, "md"])
    ).content.decode()
    assert procedure in page
    assert procedure in markdown
    for code in ("(silence)", "（silence）"):
        assert code not in page
        assert code not in markdown


def test_every_outcome_and_procedure_has_a_label() -> None:
    assert set(OUTCOME_LABELS) == set(AdoptionProcedure.Outcome.values)
    assert set(PROCEDURE_LABELS) == set(AdoptionProcedure.Kind.values)


@pytest.mark.parametrize(
    ("language", "notice"),
    [
        ("ru", "Выпущено под собственную ответственность председателя."),
        ("zh-hans", "由主席自行负责发布"),
    ],
)
def test_a_chair_statement_shows_its_notice_in_the_readers_language(
    region: Any, draft: Any, language: str, notice: str
) -> None:
    document = draft(visibility="public")
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    services.object_to(actor=region.head("TJK"), document_id=document.pk, reason="Not ready.")
    statement = services.issue_chairs_statement(
        actor=region.chair, document_id=document.pk, text="The chair notes broad support."
    )
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("negotiation:public", args=[statement.public_id])).content.decode()
    assert notice in page
    assert "Issued under the chair's own responsibility" not in page
    # The record keeps the domain's own words.
    assert statement.chair_statement is not None
    assert statement.chair_statement["notice"].startswith("Issued under the chair's own")

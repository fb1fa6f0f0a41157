"""The legal-linguistic reviewer is a role on the state's roster (rules 6 and 8): only a
person the roster in force names for a language verifies that language's versions. The
attacker tries it as a head who is no reviewer, as a reviewer of another language, as the
host naming a roster state's delegate, and as a hostile host writing the reviewer row
itself; each is refused and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accord.domain.errors import NotPermitted, RuleViolation
from accord.languages import selectors, services
from accord.languages.models import LanguageReviewer, VersionVerification
from accord.ledger.models import LedgerEntry
from fixtures.rosters import Capitals

ZH = ["回顾2021年7月15日的塔什干会议，", "各方欢迎对话。", "各方将在一年内再次会晤。"]
RU = [
    "ссылаясь на встречу в Ташкенте 15 июля 2021 года,",
    "Участники приветствуют диалог.",
    "Участники вновь встретятся в течение года.",
]


@pytest.fixture
def trilingual(region: Any, draft: Callable[..., Any]) -> Any:
    document = draft()
    services.set_languages(actor=region.chair, document_id=document.pk, working_language="en",
                           languages=["en", "zh", "ru"])  # fmt: skip
    for language, texts in (("zh", ZH), ("ru", RU)):
        services.submit_version(actor=region.secretariat, document_id=document.pk, number=1,
                                language=language, title="t", paragraphs=texts)  # fmt: skip
    return document


@pytest.fixture
def kgz_roster(region: Any) -> Capitals:
    capitals = Capitals(region)
    capitals.accede("KGZ")
    capitals.put_in_force("KGZ", reviews={"kgz-delegate": ("zh",)})
    return capitals


def _unchanged() -> tuple[int, int, int]:
    return (VersionVerification.objects.count(), LanguageReviewer.objects.count(),
            LedgerEntry.objects.count())  # fmt: skip


def test_the_reviewer_named_on_the_roster_verifies_that_language(
    region: Any, trilingual: Any, kgz_roster: Capitals
) -> None:
    services.verify_version(
        actor=region.delegate("KGZ"), document_id=trilingual.pk, number=1, language="zh"
    )
    state = selectors.get_versions(region.delegate("TJK"), trilingual.pk).readiness
    assert state.unverified == ("en", "ru")
    entry = LedgerEntry.objects.filter(action="revision.version-verified").get()
    assert (entry.payload["language"], entry.payload["reviewer"]) == ("zh", "kgz-delegate")


def test_only_a_reviewer_for_that_language_marks_a_version_verified(
    region: Any, trilingual: Any, kgz_roster: Capitals
) -> None:
    before = _unchanged()
    attempts = [
        (region.head("KGZ"), "zh"),  # on the roster, as head: no reviewer
        (region.delegate("KGZ"), "ru"),  # a reviewer, of Chinese only
        (region.delegate("TJK"), "zh"),  # a third state's delegate, named by nobody
        (region.chair, "en"),
        (region.secretariat, "en"),
    ]
    for actor, language in attempts:
        with pytest.raises(NotPermitted, match="Only a legal-linguistic reviewer") as refused:
            services.verify_version(
                actor=actor, document_id=trilingual.pk, number=1, language=language
            )
        assert refused.value.code == "not-a-reviewer"
    assert _unchanged() == before


def test_the_host_cannot_make_a_roster_states_delegate_a_reviewer(
    region: Any, trilingual: Any, kgz_roster: Capitals
) -> None:
    before = _unchanged()
    with pytest.raises(
        RuleViolation, match="KGZ names its legal-linguistic reviewers on its own roster"
    ) as refused:
        services.name_reviewer(actor=region.secretariat, username="kgz-head", language="ru")
    assert refused.value.code == "reviewer-on-roster"
    assert _unchanged() == before
    # A hostile host writes the row itself: the roster, not the row, decides.
    LanguageReviewer.objects.create(
        user=region.head("KGZ"), language="ru", named_by=region.secretariat
    )
    with pytest.raises(NotPermitted, match="Only a legal-linguistic reviewer"):
        services.verify_version(
            actor=region.head("KGZ"), document_id=trilingual.pk, number=1, language="ru"
        )
    assert VersionVerification.objects.count() == before[0]


def test_a_reviewer_dropped_from_the_roster_verifies_no_more(
    region: Any, trilingual: Any, kgz_roster: Capitals
) -> None:
    kgz_roster.put_in_force("KGZ")  # the next roster names no reviewer
    with pytest.raises(NotPermitted):
        services.verify_version(
            actor=region.delegate("KGZ"), document_id=trilingual.pk, number=1, language="zh"
        )
    assert VersionVerification.objects.count() == 0


def test_a_state_without_a_root_key_and_the_secretariats_staff_are_named_by_the_secretariat(
    region: Any, trilingual: Any
) -> None:
    services.name_reviewer(actor=region.secretariat, username="uzb-delegate", language="ru")
    services.name_reviewer(actor=region.secretariat, username="secretariat", language="en")
    services.verify_version(
        actor=region.delegate("UZB"), document_id=trilingual.pk, number=1, language="ru"
    )
    services.verify_version(
        actor=region.secretariat, document_id=trilingual.pk, number=1, language="en"
    )
    assert selectors.get_versions(region.chair, trilingual.pk).readiness.unverified == ("zh",)

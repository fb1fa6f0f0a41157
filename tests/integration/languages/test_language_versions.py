"""Language versions of a negotiated text (DESIGN §2 rule 8): aligned versions per revision,
refusals that change nothing, the legal-linguistic verification and the adoption gate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.languages import selectors, services
from accord.languages.models import RevisionVersion, VersionVerification
from accord.negotiation import services as negotiation

ZH = ["回顾2021年7月15日的塔什干会议，", "各方欢迎对话。", "各方将在一年内再次会晤。"]
RU = [
    "ссылаясь на встречу в Ташкенте 15 июля 2021 года,",
    "Участники приветствуют диалог.",
    "Участники вновь встретятся в течение года.",
]


def rows() -> dict[str, int]:
    from accord.languages import models
    from accord.ledger.models import LedgerEntry

    return {
        "versions": models.RevisionVersion.objects.count(),
        "settings": models.DocumentLanguages.objects.count(),
        "verifications": models.VersionVerification.objects.count(),
        "explanations": models.FindingExplanation.objects.count(),
        "ledger": LedgerEntry.objects.count(),
    }


@pytest.fixture
def trilingual(region: Any, draft: Callable[..., Any]) -> Any:
    document = draft()
    services.set_languages(
        actor=region.chair, document_id=document.pk, working_language="en",
        languages=["en", "zh", "ru"],
    )  # fmt: skip
    return document


def _versions(region: Any, document: Any, number: int = 1) -> None:
    for language, texts, title in (("zh", ZH, "联合声明"), ("ru", RU, "Совместное заявление")):
        services.submit_version(
            actor=region.secretariat, document_id=document.pk, number=number,
            language=language, title=title, paragraphs=texts,
        )  # fmt: skip


def _reviewers(region: Any) -> None:
    for language, username in (
        ("en", "kaz-delegate"),
        ("zh", "kgz-delegate"),
        ("ru", "uzb-delegate"),
    ):
        services.name_reviewer(actor=region.secretariat, username=username, language=language)


def test_versions_align_with_the_revision_and_the_concordance_is_clean(
    region: Any, trilingual: Any
) -> None:
    _versions(region, trilingual)
    view = selectors.get_versions(region.delegate("TJK"), trilingual.pk)
    assert list(view.versions) == ["en", "zh", "ru"]
    zh = view.versions["zh"]
    assert zh is not None and [p.render() for p in zh.paragraphs] == ZH
    assert zh.labels() == {1: "PP1", 2: "OP1", 3: "OP2"}
    assert view.readiness.findings == ()
    assert view.readiness.missing == ()
    assert view.readiness.unverified == ("en", "zh", "ru")
    assert selectors.side_by_side(region.delegate("TJK"), trilingual.pk, "en", "ru")[1] == (
        "OP1", "The participants welcome the dialogue.", "Участники приветствуют диалог.",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "texts", "error", "match"),
    [
        ("zh", ZH[:2], InvalidInput, "2 paragraphs"),
        ("zh", [ZH[0], "各方[欢迎 / 注意到]对话。", ZH[2]], InvalidInput,
         "OP1: the version has 1 brackets"),
        ("fr", ZH, InvalidInput, "does not negotiate"),
        ("en", ZH, InvalidInput, "working language"),
    ],
)  # fmt: skip
def test_a_misaligned_version_or_an_unused_language_is_refused_and_nothing_changes(
    region: Any, trilingual: Any, language: str, texts: list[str], error: type, match: str
) -> None:
    before = rows()
    with pytest.raises(error, match=match):
        services.submit_version(
            actor=region.secretariat, document_id=trilingual.pk, number=1, language=language,
            title="t", paragraphs=texts,
        )  # fmt: skip
    assert rows() == before


def test_a_bracket_with_another_number_of_alternatives_is_refused(
    region: Any, draft: Callable[..., Any]
) -> None:
    document = draft(
        paragraphs=[{"kind": "operative", "segments": [
            {"text": "We "}, {"alternatives": [{"text": "welcome"}, {"text": "note"}]},
            {"text": " it."}]}],
    )  # fmt: skip
    services.set_languages(actor=region.chair, document_id=document.pk, working_language="en",
                           languages=["en", "ru"])  # fmt: skip
    before = rows()
    with pytest.raises(InvalidInput, match="bracket 1 has 3 alternatives in the version and 2"):
        services.submit_version(
            actor=region.secretariat, document_id=document.pk, number=1, language="ru",
            title="t", paragraphs=["Мы [приветствуем / отмечаем / —] это."],
        )  # fmt: skip
    assert rows() == before
    services.submit_version(
        actor=region.secretariat, document_id=document.pk, number=1, language="ru",
        title="t", paragraphs=["Мы [приветствуем / отмечаем] это."],
    )  # fmt: skip
    ru = selectors.get_version(region.chair, document.pk, "ru")
    assert ru.paragraphs[0].brackets[0].id == 1


def test_a_language_the_deployment_does_not_use_is_refused(
    region: Any, draft: Callable[..., Any], settings: Any
) -> None:
    settings.ACCORD_LANGUAGES = ["en", "ru"]
    document = draft()
    before = rows()
    with pytest.raises(InvalidInput, match="does not negotiate in the language “zh”"):
        services.set_languages(actor=region.chair, document_id=document.pk,
                               working_language="en", languages=["en", "zh"])  # fmt: skip
    assert rows() == before


def test_only_the_chair_sets_languages_and_a_hidden_document_is_not_found(
    region: Any, draft: Callable[..., Any]
) -> None:
    document = draft(visibility="restricted", states=["KAZ", "KGZ"])
    with pytest.raises(NotPermitted):
        services.set_languages(actor=region.head("KGZ"), document_id=document.pk,
                               working_language="en", languages=["en", "zh"])  # fmt: skip
    with pytest.raises(NotFound):
        services.set_languages(actor=region.head("TJK"), document_id=document.pk,
                               working_language="en", languages=["en", "zh"])  # fmt: skip
    with pytest.raises(NotFound):
        selectors.get_versions(region.delegate("TJK"), document.pk)


def test_adoption_waits_for_every_version_verified_and_every_finding_explained(
    region: Any, trilingual: Any
) -> None:
    def open_() -> Any:
        return negotiation.open_adoption(actor=region.chair, document_id=trilingual.pk,
                                         kind="consensus")  # fmt: skip

    with pytest.raises(RuleViolation, match="no version yet in Chinese, Russian"):
        open_()
    # The Russian version drops the year: a finding the chair must explain.
    services.submit_version(
        actor=region.secretariat, document_id=trilingual.pk, number=1, language="zh",
        title="联合声明", paragraphs=ZH,
    )  # fmt: skip
    services.submit_version(
        actor=region.secretariat, document_id=trilingual.pk, number=1, language="ru",
        title="Заявление", paragraphs=["ссылаясь на встречу в Ташкенте 15 июля,", *RU[1:]],
    )  # fmt: skip
    _reviewers(region)
    with pytest.raises(NotPermitted):
        services.verify_version(actor=region.delegate("KGZ"), document_id=trilingual.pk,
                                number=1, language="ru")  # fmt: skip
    for language, username in (("en", "kaz-delegate"), ("zh", "kgz-delegate")):
        services.verify_version(actor=region.people[username], document_id=trilingual.pk,
                                number=1, language=language)  # fmt: skip
    with pytest.raises(RuleViolation, match="version in Russian is not verified"):
        open_()
    services.verify_version(actor=region.delegate("UZB"), document_id=trilingual.pk,
                            number=1, language="ru")  # fmt: skip
    with pytest.raises(RuleViolation, match="2 concordance findings"):
        open_()
    findings = selectors.get_versions(region.chair, trilingual.pk).readiness.findings
    assert [(f.check, f.label, f.languages, f.reference, f.other) for f in findings] == [
        ("dates", "PP1", ("en", "ru"), ("2021-07-15",), ()),
        ("numerals", "PP1", ("en", "ru"), (), ("15",)),
    ]
    with pytest.raises(InvalidInput, match="no such finding"):
        services.explain_finding(actor=region.chair, document_id=trilingual.pk, number=1,
                                 key="dates:9:en-ru:text", explanation="x")  # fmt: skip
    for finding in findings:
        services.explain_finding(
            actor=region.chair, document_id=trilingual.pk, number=1, key=finding.key,
            explanation="The Russian text names the meeting; the year follows from the context.",
        )  # fmt: skip
    procedure = open_()
    assert procedure.revision.number == 1


def test_a_verified_version_is_not_rewritten_and_a_new_revision_is_incomplete(
    region: Any, trilingual: Any
) -> None:
    _versions(region, trilingual)
    _reviewers(region)
    services.verify_version(actor=region.delegate("UZB"), document_id=trilingual.pk,
                            number=1, language="ru")  # fmt: skip
    before = rows()
    with pytest.raises(RuleViolation, match="verified"):
        services.submit_version(actor=region.secretariat, document_id=trilingual.pk, number=1,
                                language="ru", title="t", paragraphs=RU)  # fmt: skip
    assert rows() == before
    assert VersionVerification.objects.count() == 1
    negotiation.propose_amendment(
        actor=region.delegate("KGZ"), document_id=trilingual.pk, against=1, kind="replace-span",
        paragraph_id=3, quote="within a year", text="in 2022",
    )  # fmt: skip
    negotiation.issue_revision(actor=region.chair, document_id=trilingual.pk,
                               decisions={"A1": "agreed"})  # fmt: skip
    view = selectors.get_versions(region.chair, trilingual.pk)
    assert view.row.number == 2
    assert view.readiness.missing == ("zh", "ru")
    services.submit_version(
        actor=region.secretariat, document_id=trilingual.pk, number=2, language="ru",
        title="t", paragraphs=[*RU[:2], "Участники вновь встретятся в 2022 году."],
    )  # fmt: skip
    line = selectors.redline_in(region.chair, trilingual.pk, "ru", 1, 2)
    assert [c.label_to for c in line.changes if c.change.value != "unchanged"] == ["OP2"]
    assert RevisionVersion.objects.filter(language="ru").count() == 2

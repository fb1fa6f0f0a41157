"""Input and output of the language-version API (DESIGN §5: `/documents/{id}/versions/{lang}`,
`/documents/{id}/revisions/{n}/concordance`)."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Field, Schema

from accord.domain import concordance, negotiation
from accord.edge.fields import FilledProse, Line, RevisionNumber
from accord.edge.schemas import Input
from accord.languages.selectors import Readiness, VersionsView

LanguageCode = Literal["en", "zh", "ru"]
MAX_PARAGRAPHS = 500


class LanguagesIn(Input):
    working_language: LanguageCode
    languages: list[LanguageCode] = Field(..., min_length=1, max_length=3)


class VersionIn(Input):
    revision: RevisionNumber
    title: Annotated[Line, Field(min_length=1, max_length=300)]
    paragraphs: list[Annotated[FilledProse, Field(max_length=20_000)]] = Field(
        ..., min_length=1, max_length=MAX_PARAGRAPHS,
        description="One text per paragraph, in order; brackets inline: `[one / other]`, "
        "`—` for an empty alternative.",
    )  # fmt: skip


class VerificationIn(Input):
    revision: RevisionNumber


class ExplanationIn(Input):
    explanation: Annotated[FilledProse, Field(max_length=4_000)]


class VersionParagraphOut(Schema):
    id: int
    label: str
    kind: str
    text: str


class VersionOut(Schema):
    document: str
    revision: int
    language: str
    title: str
    sha256: str
    paragraphs: list[VersionParagraphOut]

    @staticmethod
    def build(document: str, language: str, value: negotiation.Revision) -> VersionOut:
        labels = value.labels()
        return VersionOut(
            document=document,
            revision=value.number,
            language=language,
            title=value.title,
            sha256=negotiation.revision_hash(value),
            paragraphs=[
                VersionParagraphOut(id=p.id, label=labels[p.id], kind=p.kind.value, text=p.render())
                for p in value.paragraphs
            ],
        )


class FindingOut(Schema):
    key: str
    check: str
    paragraph_id: int
    label: str
    languages: list[str]
    where: str
    reference: list[str]
    other: list[str]
    description: str
    explanation: str | None

    @staticmethod
    def build(finding: concordance.Finding, explanations: dict[str, str]) -> FindingOut:
        return FindingOut(
            key=finding.key,
            check=finding.check.value,
            paragraph_id=finding.paragraph_id,
            label=finding.label,
            languages=list(finding.languages),
            where=finding.where,
            reference=list(finding.reference),
            other=list(finding.other),
            description=finding.describe(),
            explanation=explanations.get(finding.key),
        )


class ConcordanceOut(Schema):
    document: str
    revision: int
    working_language: str
    languages: list[str]
    missing: list[str]
    unverified: list[str]
    ready: bool
    findings: list[FindingOut]

    @staticmethod
    def build(view: VersionsView) -> ConcordanceOut:
        state: Readiness = view.readiness
        return ConcordanceOut(
            document=view.document.public_id,
            revision=view.row.number,
            working_language=view.working_language,
            languages=list(view.versions),
            missing=list(state.missing),
            unverified=list(state.unverified),
            ready=state.ready,
            findings=[FindingOut.build(f, state.explanations) for f in state.findings],
        )

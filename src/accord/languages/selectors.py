"""Every read of language versions, scoped to who asks: a document the reader may not see
is `NotFound`, exactly like one that does not exist (rule 5).

`readiness` is what the adoption gate reads: the versions missing, unverified, and the
concordance findings not explained.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import concordance, negotiation
from accord.domain.errors import InvalidInput, NotFound
from accord.languages.deployment import deployment_languages
from accord.languages.models import (
    DocumentLanguages,
    FindingExplanation,
    RevisionVersion,
    VersionVerification,
)
from accord.members.models import State, User
from accord.negotiation.domain_values import revision_value
from accord.negotiation.models import Document, Revision
from accord.negotiation.permissions import document_for


def _user(user: Any) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


def _row(document: Document, number: int | None) -> Revision:
    row = Revision.objects.filter(
        document=document, number=number or document.current_revision
    ).first()
    if row is None:
        raise NotFound(_("No such revision."))
    return row


def setting_of(document: Document) -> tuple[str, tuple[str, ...]]:
    """(working language, every version's language); one language when none was set."""
    row = DocumentLanguages.objects.filter(document=document).first()
    if row is None:
        return deployment_languages()[0], (deployment_languages()[0],)
    return row.working_language, row.codes


def versions_in(document: Document, row: Revision) -> dict[str, negotiation.Revision | None]:
    """Each language of the document -> that version of `row` (None while missing)."""
    working, codes = setting_of(document)
    stored = {v.language: v for v in RevisionVersion.objects.filter(revision=row)}
    out: dict[str, negotiation.Revision | None] = {}
    for code in codes:
        if code == working:
            out[code] = revision_value(row)
        elif code in stored:
            out[code] = negotiation.revision_from_dict(stored[code].content)
        else:
            out[code] = None
    return out


def working_and_versions(
    document: Document, row: Revision
) -> tuple[str, dict[str, negotiation.Revision | None]]:
    """(the working language, `versions_in`): what `negotiation.language_versions` reads."""
    return setting_of(document)[0], versions_in(document, row)


def version_hashes(document: Document, row: Revision) -> dict[str, str]:
    """Each present version's SHA-256 (the working language's is the revision's)."""
    working, codes = setting_of(document)
    hashes = {v.language: v.sha256 for v in RevisionVersion.objects.filter(revision=row)}
    hashes[working] = row.sha256
    return {c: hashes[c] for c in codes if c in hashes}


def places() -> list[concordance.Place]:
    """The members list's states with their names in the three languages."""
    return [
        concordance.Place(s.code, {"en": (s.name_en,), "zh": (s.name_zh,), "ru": (s.name_ru,)})
        for s in State.objects.all()
    ]


def concordance_of(document: Document, row: Revision) -> tuple[concordance.Finding, ...]:
    """The findings between the present versions of `row` (the working language's is the
    reference)."""
    working, _codes = setting_of(document)
    present = {c: v for c, v in versions_in(document, row).items() if v is not None}
    if len(present) < 2:
        return ()
    return concordance.check_concordance(present, reference=working, places=places())


@dataclass(frozen=True)
class Readiness:
    """What stands between a revision and adoption, language-wise."""

    missing: tuple[str, ...]
    unverified: tuple[str, ...]
    unexplained: tuple[concordance.Finding, ...]
    findings: tuple[concordance.Finding, ...]
    explanations: dict[str, str]

    @property
    def ready(self) -> bool:
        return not (self.missing or self.unverified or self.unexplained)


def readiness(document: Document, row: Revision) -> Readiness:
    """Versions missing or unverified, and findings the chair has not explained."""
    versions = versions_in(document, row)
    if len(versions) < 2:
        return Readiness((), (), (), (), {})
    hashes = version_hashes(document, row)
    verified = {
        v.language
        for v in VersionVerification.objects.filter(revision=row)
        if hashes.get(v.language) == v.sha256
    }
    findings = concordance_of(document, row)
    explanations = {e.key: e.explanation for e in FindingExplanation.objects.filter(revision=row)}
    return Readiness(
        missing=tuple(c for c, v in versions.items() if v is None),
        unverified=tuple(c for c in versions if c not in verified),
        unexplained=tuple(f for f in findings if f.key not in explanations),
        findings=findings,
        explanations=explanations,
    )


@dataclass(frozen=True)
class VersionsView:
    document: Document
    row: Revision
    working_language: str
    versions: dict[str, negotiation.Revision | None]
    readiness: Readiness


def get_versions(user: Any, document_id: int, number: int | None = None) -> VersionsView:
    """Every language version of one revision (default: the current one)."""
    document = document_for(_user(user), document_id)
    row = _row(document, number)
    working, _codes = setting_of(document)
    return VersionsView(
        document, row, working, versions_in(document, row), readiness(document, row)
    )


def get_version(
    user: Any, document_id: int, language: str, number: int | None = None
) -> negotiation.Revision:
    """One language version; NotFound when the document has none in that language yet."""
    view = get_versions(user, document_id, number)
    value = view.versions.get(language)
    if value is None:
        raise NotFound(_("No version of this revision in that language."))
    return value


def side_by_side(
    user: Any, document_id: int, left: str, right: str, number: int | None = None
) -> list[tuple[str, str, str]]:
    """(label, left text, right text) for every paragraph, aligned by paragraph id."""
    if left == right:
        raise InvalidInput(_("Choose two different languages."), field="right")
    a = get_version(user, document_id, left, number)
    b = get_version(user, document_id, right, number)
    labels = a.labels()
    theirs = {p.id: p for p in b.paragraphs}
    return [(labels[p.id], p.render(), theirs[p.id].render()) for p in a.paragraphs]


def redline_in(
    user: Any, document_id: int, language: str, from_number: int, to_number: int
) -> negotiation.Redline:
    """The redline between two revisions in one language (both versions must exist)."""
    revisions = [
        get_version(user, document_id, language, n) for n in range(from_number, to_number + 1)
    ]
    return negotiation.redline(revisions, from_number, to_number)


def reviewer_languages(user: Any) -> frozenset[str]:
    """The languages `user` is a legal-linguistic reviewer for now (on their state's roster,
    or named by the secretariat): what the versions page offers them to verify."""
    from accord.languages.services import is_reviewer  # a read the service's check shares

    person = _user(user)
    if person is None:
        return frozenset()
    now = timezone.now()
    return frozenset(c for c in deployment_languages() if is_reviewer(person, c, now))

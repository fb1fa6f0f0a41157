"""Every write of language versions: a document's languages, a revision's versions, the
reviewers, their verifications and the chair's explanations of concordance findings.

Each function is one transaction that locks the document row, checks who acts, applies the
domain rule (`negotiation.align_version`), saves and ends with `ledger.services.record`. A
refusal raises before anything is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import events, negotiation
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.text import check_line, check_prose
from accord.domain.visibility import Audience, Visibility
from accord.languages.deployment import deployment_languages
from accord.languages.models import (
    DocumentLanguages,
    FindingExplanation,
    LanguageReviewer,
    RevisionVersion,
    VersionVerification,
)
from accord.ledger.services import record
from accord.members.models import User
from accord.members.rosters import reviewer_on_roster, speaks_through_roster
from accord.negotiation import services as negotiation_services
from accord.negotiation.domain_values import revision_value
from accord.negotiation.models import Document, Revision
from accord.negotiation.permissions import document_for, require_chair

PARAGRAPH_LIMIT = 20_000
EXPLANATION_LIMIT = 4_000


def check_language(code: str) -> str:
    """`code` when this deployment negotiates in it; InvalidInput otherwise."""
    if code not in deployment_languages():
        raise InvalidInput(
            _("This deployment does not negotiate in the language “%(code)s”.")
            % {"code": code[:8]},
            code="language_not_used",
            field="language",
        )
    return code


def _negotiated(actor: User, document_id: int) -> Document:
    document = document_for(actor, document_id, lock=True)
    if document.status != Document.Status.NEGOTIATION or document.kind == "chairs-statement":
        raise RuleViolation(_("The document's text is no longer negotiated."))
    return document


@transaction.atomic
def set_languages(
    *, actor: User, document_id: int, working_language: str, languages: Sequence[str]
) -> DocumentLanguages:
    """The chair sets the document's working language and its language versions."""
    document = _negotiated(actor, document_id)
    require_chair(actor)
    codes = [check_language(c) for c in dict.fromkeys(languages)]
    check_language(working_language)
    if working_language not in codes:
        codes.insert(0, working_language)
    ordered = [c for c in deployment_languages() if c in codes]
    row, _created = DocumentLanguages.objects.update_or_create(
        document=document,
        defaults={"working_language": working_language, "languages": ",".join(ordered),
                  "set_by": actor, "set_at": timezone.now()},
    )  # fmt: skip
    record(
        actor=actor,
        action=events.DOCUMENT_LANGUAGES_SET,
        obj=document,
        audience=document.audience,
        payload={"document": document.public_id, "working_language": working_language,
                 "languages": ordered},
    )  # fmt: skip
    return row


def languages_of(document: Document) -> DocumentLanguages | None:
    """The document's languages row; None for a one-language document."""
    return DocumentLanguages.objects.filter(document=document).first()


def _revision_row(document: Document, number: int) -> Revision:
    row = Revision.objects.filter(document=document, number=number).first()
    if row is None:
        raise NotFound(_("No such revision."))
    return row


def _require_translator(actor: User) -> None:
    if not (actor.is_chair or actor.is_secretariat):
        raise NotPermitted(_("Only the chair or the secretariat submits language versions."))


@transaction.atomic
def submit_version(
    *,
    actor: User,
    document_id: int,
    number: int,
    language: str,
    title: str,
    paragraphs: Sequence[str],
    now: datetime | None = None,
) -> RevisionVersion:
    """The chair or the secretariat submits the `language` version of revision `number`.

    Refused, nothing changed: a language the deployment or the document does not use, the
    working language itself, a version that does not align (paragraph count, brackets,
    alternatives), or a version already verified (a verified text is not rewritten).
    """
    document = _negotiated(actor, document_id)
    _require_translator(actor)
    check_language(language)
    setting = languages_of(document)
    if setting is None or language not in setting.codes:
        raise InvalidInput(
            _("The document has no version in this language."), code="language_not_used",
            field="language",
        )  # fmt: skip
    if language == setting.working_language:
        raise InvalidInput(
            _("The working language's version is the revision itself."), field="language"
        )
    check_line(title, field="title")
    for text in paragraphs:
        check_prose(text, field="paragraphs")
        if len(text) > PARAGRAPH_LIMIT:
            raise InvalidInput(_("A paragraph is too long."), field="paragraphs")
    row = _revision_row(document, number)
    if VersionVerification.objects.filter(revision=row, language=language).exists():
        raise RuleViolation(_("This version is verified: it is not rewritten."))
    value = negotiation.align_version(
        revision_value(row), language=language, title=title.strip(), paragraphs=paragraphs
    )
    version, _created = RevisionVersion.objects.update_or_create(
        revision=row,
        language=language,
        defaults={"content": negotiation.revision_to_dict(value),
                  "sha256": negotiation.revision_hash(value), "submitted_by": actor,
                  "submitted_at": now or timezone.now()},
    )  # fmt: skip
    if number == document.current_revision:
        _index_versions(document, row)
    record(
        actor=actor,
        action=events.REVISION_VERSION_SUBMITTED,
        obj=document,
        audience=document.audience,
        payload={"document": document.public_id, "revision": number, "language": language,
                 "sha256": version.sha256},
    )  # fmt: skip
    return version


def _index_versions(document: Document, row: Revision) -> None:
    """The document's search column with every version of its current revision `row`.

    Lock: the document row, inside the caller's transaction."""
    versions = [
        negotiation.revision_from_dict(v.content)
        for v in RevisionVersion.objects.filter(revision=row)
    ]
    negotiation_services.index_document(document=document, versions=versions)


@transaction.atomic
def name_reviewer(*, actor: User, username: str, language: str) -> LanguageReviewer:
    """The secretariat names a legal-linguistic reviewer for one language: one of its own
    staff, or a person of a state that has no root key yet. A state that speaks through
    its roster names its reviewers there (rule 6): the secretariat cannot name them."""
    if not actor.is_secretariat:
        raise NotPermitted(_("Only the secretariat names legal-linguistic reviewers."))
    check_language(language)
    person = User.objects.filter(username=username, is_active=True).first()
    if person is None:
        raise InvalidInput(_("No such person."), field="username")
    if person.state is not None and speaks_through_roster(person.state):
        raise RuleViolation(
            _(
                "%(state)s names its legal-linguistic reviewers on its own roster, signed by "
                "its root key: the secretariat cannot name them."
            )
            % {"state": person.state.code},
            code="reviewer-on-roster",
        )
    row, _created = LanguageReviewer.objects.get_or_create(
        user=person, language=language, defaults={"named_by": actor}
    )
    record(
        actor=actor,
        action=events.LANGUAGE_REVIEWER_NAMED,
        obj=("languagereviewer", str(row.pk)),
        audience=_participants(),
        payload={"user": person.username, "language": language},
    )
    return row


def is_reviewer(person: User, language: str, at: datetime) -> bool:
    """True when `person` is a legal-linguistic reviewer for `language` at `at`: named on
    the roster of a state that speaks through its roster, else named by the secretariat
    (its own staff, or a state without a root key, which speaks through the host)."""
    if person.state is not None and speaks_through_roster(person.state):
        return reviewer_on_roster(person, person.state, language, at)
    return LanguageReviewer.objects.filter(user=person, language=language).exists()


def _participants() -> Audience:
    return Audience(Visibility.PARTICIPANTS)


@transaction.atomic
def verify_version(
    *, actor: User, document_id: int, number: int, language: str, now: datetime | None = None
) -> VersionVerification:
    """A reviewer named for `language` marks that version of revision `number` verified."""
    document = _negotiated(actor, document_id)
    check_language(language)
    moment = now or timezone.now()
    if not is_reviewer(actor, language, moment):
        raise NotPermitted(
            _("Only a legal-linguistic reviewer for this language verifies its versions."),
            code="not-a-reviewer",
        )
    row = _revision_row(document, number)
    setting = languages_of(document)
    if setting is None or language not in setting.codes:
        raise InvalidInput(_("The document has no version in this language."), field="language")
    if language == setting.working_language:
        sha256 = row.sha256
    else:
        version = RevisionVersion.objects.filter(revision=row, language=language).first()
        if version is None:
            raise RuleViolation(_("This revision has no version in this language yet."))
        sha256 = version.sha256
    verification, created = VersionVerification.objects.get_or_create(
        revision=row, language=language,
        defaults={"sha256": sha256, "reviewer": actor, "verified_at": moment},
    )  # fmt: skip
    if not created:
        raise RuleViolation(_("This version is already verified."))
    record(
        actor=actor,
        action=events.REVISION_VERSION_VERIFIED,
        obj=document,
        audience=document.audience,
        payload={"document": document.public_id, "revision": number, "language": language,
                 "sha256": sha256, "reviewer": actor.username},
    )  # fmt: skip
    return verification


@transaction.atomic
def explain_finding(
    *, actor: User, document_id: int, number: int, key: str, explanation: str
) -> FindingExplanation:
    """The chair explains a concordance finding (why the versions rightly differ there)."""
    from accord.languages.selectors import concordance_of

    document = _negotiated(actor, document_id)
    require_chair(actor)
    check_prose(explanation, field="explanation")
    if not explanation.strip() or len(explanation) > EXPLANATION_LIMIT:
        raise InvalidInput(_("An explanation is one to 4,000 characters."), field="explanation")
    row = _revision_row(document, number)
    if key not in {f.key for f in concordance_of(document, row)}:
        raise InvalidInput(_("This revision has no such finding."), field="key")
    explained, _created = FindingExplanation.objects.update_or_create(
        revision=row, key=key, defaults={"explanation": explanation.strip(), "by": actor}
    )
    record(
        actor=actor,
        action=events.REVISION_FINDING_EXPLAINED,
        obj=document,
        audience=document.audience,
        payload={"document": document.public_id, "revision": number, "key": key,
                 "explanation": explained.explanation},
    )  # fmt: skip
    return explained

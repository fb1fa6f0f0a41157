"""Language versions of negotiated texts (DESIGN §2 rule 8): which languages a document is
negotiated in, each revision's version in each language, the reviewers who verify them and
the chair's explanations of concordance findings. Only `accord.languages.services` writes
them. A document with no `DocumentLanguages` row is negotiated in one language (its
revisions are that version).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.members.models import User
from accord.negotiation.models import Document, Revision

LANGUAGE_CHOICES = [("en", _("English")), ("zh", _("Chinese")), ("ru", _("Russian"))]


class DocumentLanguages(models.Model):
    """The working language a document is negotiated in and its other language versions."""

    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="+")
    working_language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    languages = models.CharField(max_length=20)  # "en,zh,ru": every version, working included
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.document_id}: {self.languages} ({self.working_language})"

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code in self.languages.split(",") if code)


class RevisionVersion(models.Model):
    """One revision in one language other than the working one: the domain's canonical JSON."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["revision_id", "language"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "language"], name="one_version_a_language"),
        ]

    def __str__(self) -> str:
        return f"{self.revision} ({self.language})"


class LanguageReviewer(models.Model):
    """A person named to verify the versions in one language (a legal-linguistic reviewer)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    named_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    named_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "language"], name="one_reviewer_row"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} reviews {self.language}"


class VersionVerification(models.Model):
    """A reviewer verified one language version of one revision, as it stood (its hash)."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    sha256 = models.CharField(max_length=64)  # the version verified
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["revision_id", "language"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "language"], name="one_verification"),
        ]

    def __str__(self) -> str:
        return f"{self.revision} ({self.language}) verified"


class FindingExplanation(models.Model):
    """The chair's explanation of one concordance finding of one revision (by its key)."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=120)
    explanation = models.TextField()
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revision", "key"], name="one_explanation_a_finding"),
            models.CheckConstraint(condition=~Q(explanation=""), name="explanation_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.revision} {self.key}"

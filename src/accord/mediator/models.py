"""The mediator's stored suggestions: each request for wording, with what the mediator said.

A `Mediation` is one request (by the chair or the secretariat) for candidate wordings on one
subject — a state consultation, or one bracket of a paragraph of a document at one revision —
and the mediator's answer as it was given: ranked wordings with their provenance and
*predicted* acceptance per state, the notes (fallbacks, extrapolations) and the label that
says none of it is a vote. Pages show the latest one per subject; earlier ones stay, so the
record of what the chair was shown is never rewritten.

It carries the audience of the object asked about (rule 5): a suggestion on a restricted
document is restricted to the same states. Only `accord.mediator.services` writes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.mediator.display import drafters_label, embedder_label, note_text
from accord.members.access import Audienced
from accord.members.public_ids import PublicIdField


class Mediation(Audienced):
    class Subject(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        PARAGRAPH = "paragraph", _("Bracketed paragraph")

    # Its audience is that of the object asked about, copied when asked (rule 5).
    public_id = PublicIdField("med")
    subject = models.CharField(max_length=16, choices=Subject.choices)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    document = models.ForeignKey(
        "negotiation.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The domain's stable ids (never reused across revisions), and the revision the
    # wordings were drawn from: an amendment can only be proposed against that revision.
    paragraph_id = models.PositiveIntegerField(null=True, blank=True)
    bracket_id = models.PositiveIntegerField(null=True, blank=True)
    revision = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    drafters = models.CharField(max_length=40)  # "extractive" or "extractive+llm"
    embedder = models.CharField(max_length=20)  # "minilm" or "hashing"
    # `accord.domain.mediation.MediationResult` as JSON (dataclasses.asdict), as shown.
    result = models.JSONField()
    result_sha256 = models.CharField(max_length=64)
    # Rank (as text) -> code of the amendment the chair proposed from that wording.
    amendments = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["consultation", "-requested_at"], name="mediation_consultation"),
            models.Index(
                fields=["document", "paragraph_id", "-requested_at"], name="mediation_paragraph"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject="consultation", consultation__isnull=False, document__isnull=True)
                    | Q(
                        subject="paragraph",
                        document__isnull=False,
                        paragraph_id__isnull=False,
                        revision__isnull=False,
                        consultation__isnull=True,
                    )
                ),
                name="mediation_has_its_subject",
            ),
        ]

    def __str__(self) -> str:
        if self.subject == self.Subject.CONSULTATION:
            return f"suggestions on consultation {self.consultation_id}"
        return f"suggestions on {self.document_id} ¶{self.paragraph_id} Rev.{self.revision}"

    @property
    def display_label(self) -> str:
        """The result's label (a prediction, not a vote) in the reader's language."""
        return note_text(str(self.result.get("label", "")))

    @property
    def display_notes(self) -> list[str]:
        """The result's notes in the reader's language."""
        return [note_text(str(note)) for note in self.result.get("notes", [])]

    @property
    def drafters_label(self) -> str:
        return drafters_label(self.drafters)

    @property
    def embedder_label(self) -> str:
        return embedder_label(self.embedder)

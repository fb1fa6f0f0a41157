"""The document registry (DESIGN §2 rule 8): a document's symbol, original language,
distribution level, derestriction date and annexes with their hashes. Only
`accord.registry.services` writes it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accord.members.models import User
from accord.negotiation.models import Document


class RegisterEntry(models.Model):
    """One registered document: its symbol is unique and never reused."""

    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="+")
    symbol = models.CharField(max_length=80, unique=True)
    original_language = models.CharField(max_length=2)
    distribution = models.CharField(max_length=12)
    derestriction_on = models.DateField(null=True, blank=True)
    derestricted_at = models.DateTimeField(null=True, blank=True)
    annexes = models.JSONField(default=list, blank=True)  # [{"title", "sha256"}]
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["symbol"]

    def __str__(self) -> str:
        return self.symbol

"""The signed act behind an adoption act, stored verbatim (issue 12). Imported by `models`."""

from __future__ import annotations

from django.db import models

from accord.members.models import ActChallenge
from accord.negotiation.models import AdoptionAct


class SignedAct(models.Model):
    """What the person signed for `act`: the exact statement, key and signature."""

    act = models.OneToOneField(AdoptionAct, on_delete=models.PROTECT, related_name="signed")
    challenge = models.OneToOneField(ActChallenge, on_delete=models.PROTECT, related_name="+")
    person = models.CharField(max_length=150)
    key_fingerprint = models.CharField(max_length=95)
    signed = models.JSONField()  # {"act", "key_fingerprint", "signature"}

    def __str__(self) -> str:
        return f"signed act of {self.person}"

"""Root keys, rosters, revocations and act challenges: who speaks for a state (issue 12).

Everything a state signs is stored verbatim (`signed`), so that a bundle hands a verifier the
exact bytes the root key or the person signed. Imported by `members.models`.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.members.models import State, User


class RootKey(models.Model):
    """A state's root key: registered once at accession, ended only by a root-signed statement."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="root_keys")
    public_key = models.CharField(max_length=64, unique=True)
    fingerprint = models.CharField(max_length=95, unique=True)  # groups of four, spaces
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)  # rotated away or revoked
    revoked_reason = models.CharField(max_length=20, blank=True)
    rotation = models.JSONField(null=True, blank=True)  # the root-signed statement that made it
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["state_id", "valid_from"]

    def __str__(self) -> str:
        return f"root key of {self.state_id} {self.fingerprint[:19]}"


class RosterVersion(models.Model):
    """A roster of a state: in force when its root signed it, a mere proposal otherwise."""

    class Status(models.TextChoices):
        PROPOSED = "proposed"  # the secretariat's proposal: no effect until the root signs it
        IN_FORCE = "in-force"  # signed by the root (later versions supersede it)

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="rosters")
    status = models.CharField(max_length=10, choices=Status.choices)
    sequence = models.PositiveIntegerField()
    effective_at = models.DateTimeField()
    roster = models.JSONField()  # the roster document
    signed = models.JSONField(null=True, blank=True)  # {"roster", "root_fingerprint", "signature"}
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["state_id", "sequence", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "sequence"],
                condition=Q(status="in-force"),
                name="one_roster_in_force_per_sequence",
            ),
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(signed__isnull=False),
                name="a_roster_in_force_is_signed",
            ),
        ]

    def __str__(self) -> str:
        return f"roster {self.sequence} of {self.state_id} ({self.status})"


class KeyRevocation(models.Model):
    """A personal or root key revoked by a root-signed statement, from `effective_at` on."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="revocations")
    fingerprint = models.CharField(max_length=95)
    reason = models.CharField(max_length=20)
    effective_at = models.DateTimeField()
    signed = models.JSONField()
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["state_id", "effective_at"]

    def __str__(self) -> str:
        return f"revocation of {self.fingerprint[:19]} ({self.state_id})"


class ActChallenge(models.Model):
    """A server-signed challenge a person signs an act over: single-use, short-lived."""

    nonce = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=64)  # what it is for, e.g. "adoption:<procedure pk>"
    signed = models.JSONField()  # {"challenge", "key_fingerprint", "signature"}
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"challenge {self.nonce[:8]} for {self.person_id}"

    def is_open(self, moment: datetime) -> bool:
        return self.used_at is None and self.issued_at <= moment < self.expires_at

"""Passkeys (WebAuthn) as a second factor at sign-in, and the challenges they answer
(issue 12). Imported by `members.models`.

A passkey's private key stays in the person's authenticator; the server keeps the credential
id, the COSE public key and the authenticator's sign count. A challenge is random, kept here
(never trusted from the client), answered once, and expires within minutes.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone

from accord.members.models import User
from accord.members.public_ids import PublicIdField


class Passkey(models.Model):
    """One WebAuthn credential of a person, registered from their account page."""

    public_id = PublicIdField("pkey")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    credential_id = models.CharField(max_length=1400, unique=True)  # base64url, as sent
    public_key = models.BinaryField()  # COSE_Key, as the authenticator gave it
    sign_count = models.BigIntegerField(default=0)
    transports = models.JSONField(default=list)
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"passkey {self.name!r} of {self.user_id}"


class PasskeyChallenge(models.Model):
    """A challenge for registering a passkey or signing in with one: single use, short-lived."""

    class Purpose(models.TextChoices):
        REGISTER = "register"
        SIGN_IN = "sign-in"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    challenge = models.CharField(max_length=100, unique=True)  # base64url of 32 random bytes
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} challenge for {self.user_id}"

    def is_open(self, moment: datetime) -> bool:
        return self.used_at is None and self.issued_at <= moment < self.expires_at

"""Contact channels, alert preferences, and the outbox of alerts with their attempts."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.domain.alerts import Clearance, Mode, Trigger
from accord.members.access import Audienced
from accord.members.models import State, User
from accord.members.public_ids import PublicIdField


def new_public_id() -> str:
    # Named by migration 0001; new rows take `PublicIdField`'s ids.
    return secrets.token_urlsafe(12)


class Channel(models.Model):
    """An e-mail address or a webhook endpoint where one person or one state is alerted.

    `person` is None for a state's own channel (a ministry's operations mailbox, its
    systems' webhook). Nothing is sent to a channel until it is verified, except the
    verification itself.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WEBHOOK = "webhook", _("Webhook")

    public_id = PublicIdField("chan")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    address = models.CharField(max_length=500)
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="alert_channels"
    )
    clearance = models.CharField(
        max_length=8,
        choices=[(c.value, c.value) for c in Clearance],
        default=Clearance.SUMMARY.value,
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    time_zone = models.CharField(max_length=64, default="UTC")
    # The webhook signing secret (whsec_…): kept, because every delivery is signed with it.
    secret = models.CharField(max_length=64, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(state__isnull=False),
                name="channel_belongs_to_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None and self.removed_at is None


class Preference(models.Model):
    """How one person hears of one trigger: at once, in the daily digest, or not at all."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="alert_preferences")
    trigger = models.CharField(max_length=32, choices=[(t.value, t.value) for t in Trigger])
    mode = models.CharField(max_length=12, choices=[(m.value, m.value) for m in Mode])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "trigger"], name="one_preference_per_trigger")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.trigger}={self.mode}"


class Alert(Audienced):
    """One alert to one channel about one cause: the outbox row.

    `key` (unique) is the digest of the cause and the channel, so that a cause recorded
    twice, or a tick run on two hosts, queues it once. `facts` already holds only what
    the channel is cleared for; the audience is kept to check again at send time.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", pgettext_lazy("alert delivery", "failed")

    public_id = PublicIdField("alert")
    key = models.CharField(max_length=64, unique=True)
    cause = models.CharField(max_length=160)
    trigger = models.CharField(max_length=32)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="alerts")
    person = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(max_length=12, default=Mode.IMMEDIATE.value)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    facts = models.JSONField(default=dict)
    caused_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="alert_due")]

    def __str__(self) -> str:
        return f"alert {self.public_id} {self.trigger} {self.status}"


class Attempt(models.Model):
    """One try at handing an alert over: what the SMTP server or the endpoint answered."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("delivered")
        ERROR = "error", _("error")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"attempt on {self.alert_id}: {self.outcome}"

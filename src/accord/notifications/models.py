"""Confidence-building notifications, their deliveries, and the hotline between two states."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.domain.notifications import TypeSchema, parse_schema
from accord.domain.visibility import Visibility
from accord.members.access import Audienced
from accord.members.models import State, User
from accord.members.public_ids import PublicIdField


class NotificationType(models.Model):
    """One version of a kind of notification: its schema and its deadlines are data."""

    key = models.SlugField(max_length=50)
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    schema = models.JSONField()
    ack_hours = models.PositiveIntegerField(help_text=_("Hours each recipient has to acknowledge"))
    # Set when the recipients owe a reply (a request for explanation): hours to reply.
    reply_hours = models.PositiveIntegerField(null=True, blank=True)
    # A reply type is only sent as the answer to a request, never on its own.
    is_reply = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="notification_type_version")
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"

    @property
    def parsed(self) -> TypeSchema:
        return parse_schema(self.schema)

    @property
    def expects_reply(self) -> bool:
        return self.reply_hours is not None


class Notification(Audienced):
    """A notice sent by one state to all members (`members`) or to named states (`restricted`).

    `audience_states` holds the sender and the recipients, so that `visible_to` filters
    restricted ones in the query.
    """

    class Level(models.TextChoices):
        MEMBERS = Visibility.MEMBERS.value, _("All member states")
        RESTRICTED = Visibility.RESTRICTED.value, _("Named states only")

    public_id = PublicIdField("ntf")
    type = models.ForeignKey(NotificationType, on_delete=models.PROTECT, related_name="+")
    sender_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=300)
    # The terms search finds it under, written by its service (`accord.domain.search`).
    search_terms = models.TextField(blank=True, default="", editable=False)
    content = models.JSONField()
    visibility = models.CharField(max_length=16, choices=Level.choices)  # two levels only
    sent_at = models.DateTimeField(db_index=True)
    ack_due_at = models.DateTimeField()
    reply_due_at = models.DateTimeField(null=True, blank=True)
    in_reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    # The requesting state asked the chair to convene a meeting on an unanswered request.
    meeting_requested_at = models.DateTimeField(null=True, blank=True)
    meeting_requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    meeting_reference = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.type.key} #{self.pk} from {self.sender_state_id}"


class Delivery(models.Model):
    """A notification as received by one recipient state, which owes an acknowledgement."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When `accord tick` flagged the acknowledgement as overdue (once; tick is idempotent).
    ack_overdue_at = models.DateTimeField(null=True, blank=True)
    reply = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    reply_overdue_at = models.DateTimeField(null=True, blank=True)
    # For a state under its roster, the signed `accord-acknowledgement/1` act (issue 12).
    acknowledgement_signed = models.JSONField(null=True, blank=True)
    acknowledgement_challenge = models.OneToOneField(
        "members.ActChallenge", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["state_id"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "state"], name="one_delivery_per_state")
        ]

    def __str__(self) -> str:
        return f"notification #{self.notification_id} to {self.state_id}"


class HotlineMessage(Audienced):
    """An urgent message between two states, seen by those two states only.

    `visibility` is always `restricted`; it is a column so that the one rule-5 filter
    (`visible_to`) applies to the hotline as to everything else.
    """

    public_id = PublicIdField("hot")
    from_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    to_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    sent_at = models.DateTimeField(db_index=True)
    visibility = models.CharField(max_length=16, default=Visibility.RESTRICTED.value)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivered_to = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # For a sender under its roster, the signed `accord-hotline-message/1` act (issue 12).
    signed = models.JSONField(null=True, blank=True)
    challenge = models.OneToOneField(
        "members.ActChallenge", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_state=models.F("to_state")),
                name="hotline_between_two_states",
            )
        ]

    def __str__(self) -> str:
        return f"hotline #{self.pk} {self.from_state_id}→{self.to_state_id}"

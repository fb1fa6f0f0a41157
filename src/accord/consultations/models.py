"""Consultations: statements, the seats that vote on them, votes, and stored analyses.

A *seat* (`Participant`) is what the opinion analysis counts as one row of the vote matrix:
in a state consultation a state (one state, one voice — DESIGN §2 rule 2), in an open
consultation one invited expert (or one imported Pol.is participant). Its `number` is the
row's external id (Pol.is ``pid``); a statement's `number` is its column id (``tid``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.members.access import Audienced
from accord.members.public_ids import PublicIdField


class Consultation(Audienced):
    class Kind(models.TextChoices):
        STATE = "state", _("State consultation (one state, one voice)")
        OPEN = "open", _("Open consultation (invited experts)")

    public_id = PublicIdField("cons")
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"), blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_open = models.BooleanField(default=True)
    # Ledger seq of the last write that changes the analysis (a vote, a moderation): an
    # analysis computed at a smaller seq is stale.
    changed_seq = models.BigIntegerField(default=0)
    # Ledger seq of the last change to the statements (moderation, import): the live
    # analysis cannot absorb those vote by vote and recomputes from scratch.
    statements_seq = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_state_consultation(self) -> bool:
        return self.kind == self.Kind.STATE


class Participant(models.Model):
    """A seat in a consultation: a state (state consultations) or an invited expert (open).

    For open consultations this row *is* the invitation: only an invited user may vote.
    Imported Pol.is participants have neither user nor state; `label` keeps their xid.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants"
    )
    number = models.PositiveIntegerField()
    state = models.ForeignKey(
        "members.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_seats",
    )
    label = models.CharField(max_length=200, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["consultation_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="participant_number_unique"
            ),
            models.UniqueConstraint(
                fields=["consultation", "state"], name="participant_state_unique"
            ),
            models.UniqueConstraint(
                fields=["consultation", "user"], name="participant_user_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}#{self.number}"


class Statement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        META = "meta", _("Meta (about the process)")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="statements"
    )
    number = models.PositiveIntegerField()
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seeded = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["consultation_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="statement_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}/{self.number}"


class Vote(models.Model):
    class Value(models.IntegerChoices):
        # The Pol.is export sign convention (accord.domain.opinion).
        AGREE = 1, _("Agree")
        DISAGREE = -1, _("Disagree")
        PASS = 0, _("Pass")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=Value.choices)
    # Who pressed the button: the head, or the delegate the head named (state consultations).
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)
    # Ledger seq of the entry that recorded this vote: the live analysis applies the votes
    # with a seq above the one it was computed at.
    seq = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "participant", "statement"], name="vote_once_per_seat"
            ),
            models.CheckConstraint(condition=models.Q(value__in=(1, -1, 0)), name="vote_value"),
        ]
        indexes = [models.Index(fields=["consultation", "seq"], name="vote_by_seq")]

    def __str__(self) -> str:
        return f"{self.participant} on {self.statement}: {self.value}"


class Analysis(models.Model):
    """The latest opinion analysis of a consultation, computed off the request path."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="analysis"
    )
    result = models.JSONField(default=dict)
    vote_count = models.PositiveIntegerField(default=0)
    # `Consultation.changed_seq` when computed: stale while the consultation's is larger.
    at_seq = models.BigIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)
    incremental = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "analyses"

    def __str__(self) -> str:
        return f"analysis of {self.consultation_id} at #{self.at_seq}"

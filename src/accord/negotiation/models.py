"""Documents under negotiation, their immutable revisions, amendments, adoption procedures
and the states' signatures (DESIGN §2 rules 3, 4 and 6).

The rules live in `accord.domain.negotiation`, `consensus` and `signing`; these tables keep
what the domain needs to rebuild its values (a revision's canonical JSON, the acts of a
procedure in order) and what pages list. Only `accord.negotiation.services` writes them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.domain.visibility import Visibility
from accord.members.access import Audienced
from accord.members.models import SigningKey, State, User
from accord.members.public_ids import PublicIdField


def _decode_states(text: str) -> frozenset[str]:
    return frozenset(code for code in text.split(",") if code)


class Document(Audienced):
    """An outcome text: drafted, negotiated in revisions, adopted, signed and published."""

    class Kind(models.TextChoices):
        JOINT_STATEMENT = "joint-statement", _("Joint statement")
        JOINT_PRESS_RELEASE = "joint-press-release", _("Joint press release")
        COMMUNIQUE = "communique", _("Communiqué")
        CHAIRS_STATEMENT = "chairs-statement", _("Chair's statement")

    class Status(models.TextChoices):
        NEGOTIATION = "negotiation", _("In negotiation")
        ADOPTION = "adoption", _("Put to adoption")
        ADOPTED = "adopted", _("Adopted")
        ISSUED = "issued", _("Issued by the chair")

    public_id = PublicIdField("doc")
    # What the revisions carry as the document's id: blank for the public id; documents
    # made before public ids keep the "doc-<key>" their revisions and signatures hold.
    domain_key = models.CharField(max_length=40, blank=True, default="", editable=False)
    kind = models.CharField(max_length=24, choices=Kind.choices)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEGOTIATION)
    # Its audience is `Audienced`'s, the owner of delegation notes being a `State`.
    owner_state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        "dialogue.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    concerns = models.ManyToManyField("dialogue.Concern", blank=True, related_name="+")
    # A chair's statement names the document on which consensus failed.
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="chairs_statements"
    )
    chair_statement = models.JSONField(null=True, blank=True)
    current_revision = models.PositiveIntegerField(default=0)
    next_amendment = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    adopted_at = models.DateTimeField(null=True, blank=True)
    # The terms search finds it under: its title and its current revision in every language
    # version (a chair's statement: its text), written by the services that change them.
    search_terms = models.TextField(blank=True, default="", editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The keyset of the list's pages (`edge.pagination`).
        indexes = [models.Index(fields=["created_at", "id"], name="document_page")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(visibility=Visibility.DELEGATION.value) | Q(owner_state__isnull=False),
                name="document_delegation_has_owner",
            ),
            models.CheckConstraint(
                condition=Q(kind="chairs-statement") | Q(chair_statement__isnull=True),
                name="document_only_chairs_statement_has_statement",
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(adopted_at__isnull=False),
                name="document_adopted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def domain_id(self) -> str:
        """The id the domain and the bundles carry: stable, never reused."""
        return self.domain_key or self.public_id


class Revision(models.Model):
    """One immutable revision: the domain's canonical JSON and its SHA-256."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="revision_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} Rev.{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Revisions are immutable (rule 4): a second save of the same row is a bug.
        if not self._state.adding:
            raise RuntimeError("a revision is immutable once issued")
        super().save(*args, **kwargs)


class Amendment(models.Model):
    """A state's proposal against one revision; `decision` is set when the next is issued."""

    class Kind(models.TextChoices):
        INSERT_PARAGRAPH = "insert-paragraph", _("Insert a paragraph")
        REPLACE_SPAN = "replace-span", _("Replace words")
        REPLACE_PARAGRAPH = "replace-paragraph", _("Replace a paragraph")
        DELETE_PARAGRAPH = "delete-paragraph", _("Delete a paragraph")

    class Decision(models.TextChoices):
        AGREED = "agreed", _("Taken in as agreed text")
        BRACKETED = "bracketed", _("Taken in as a bracketed alternative")
        LEFT_OUT = "left-out", _("Left out")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="amendments")
    code = models.CharField(max_length=16)
    against = models.PositiveIntegerField()
    proposer_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    paragraph_id = models.PositiveIntegerField(null=True, blank=True)
    paragraph_kind = models.CharField(max_length=16, blank=True)
    span_segment = models.PositiveIntegerField(null=True, blank=True)
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    # The language the amendment was proposed in ("": the working language), and its
    # wording in the document's other language versions: {"zh": {"text", "quote",
    # "occurrence"}}, checked by the languages app when proposed (rule 8).
    language = models.CharField(max_length=2, blank=True, default="")
    translations = models.JSONField(default=dict, blank=True)
    proposed_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)

    class Meta:
        ordering = ["document_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "code"], name="amendment_code_unique"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(decision=""),
                name="amendment_withdrawn_takes_no_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.proposer_state_id})"


class AmendmentStance(models.Model):
    """One state's support or opposition: one row per state (one state, one voice)."""

    class Stance(models.TextChoices):
        SUPPORT = "support", _("Supports")
        OPPOSE = "oppose", _("Opposes")

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="stances")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(max_length=8, choices=Stance.choices)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["amendment", "state"], name="one_stance_per_state"),
        ]

    def __str__(self) -> str:
        return f"{self.state_id} {self.stance} {self.amendment_id}"


class AdoptionProcedure(models.Model):
    """A revision put to adoption. Its acts, replayed through `accord.domain.consensus`,
    give the procedure; `outcome` is that evaluation persisted once it is decided."""

    class Kind(models.TextChoices):
        CONSENSUS = "consensus", _("Consensus in session")
        SILENCE = "silence", _("Silence procedure")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        ADOPTED = "adopted", _("Adopted")
        RETURNED = "returned-to-negotiation", _("Returned to negotiation")
        FAILED = "failed", _("Consensus failed")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="procedures")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    chair_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    members = models.CharField(max_length=400)  # encode_states: each has one voice
    observers = models.CharField(max_length=400, blank=True)
    text = models.JSONField()  # the domain's adopted_text of the revision
    text_sha256 = models.CharField(max_length=64)
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, default=Outcome.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome_reason = models.CharField(max_length=400, blank=True)
    record = models.JSONField(null=True, blank=True)  # AdoptionRecord.to_dict() once adopted
    record_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["document_id", "-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="silence") | Q(deadline__isnull=False),
                name="silence_procedure_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="adopted") | Q(record__isnull=False),
                name="adopted_procedure_has_record",
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(outcome="pending"),
                name="one_pending_procedure_per_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.document_id} ({self.outcome})"

    @property
    def member_states(self) -> frozenset[str]:
        return _decode_states(self.members)

    @property
    def observer_states(self) -> frozenset[str]:
        return _decode_states(self.observers)


class AdoptionAct(models.Model):
    """One act in a procedure, in the order it was accepted. Append-only."""

    class Act(models.TextChoices):
        APPROVE = "approve", _("Approve")
        APPROVE_AD_REF = "approve-ad-referendum", _("Approve ad referendum")
        CONFIRM = "confirm-ad-referendum", _("Confirm ad referendum")
        OBJECT = "object", _("Object")
        BREAK_SILENCE = "break-silence", _("Break silence")
        EXPLAIN = "explain", _("Explanation of position")
        CLOSE = "close", _("Closed by the chair")

    procedure = models.ForeignKey(AdoptionProcedure, on_delete=models.PROTECT, related_name="acts")
    act = models.CharField(max_length=24, choices=Act.choices)
    state = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(blank=True)  # objection, breaking silence, or the explanation
    confirm_by = models.DateTimeField(null=True, blank=True)
    dissociated_from = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["procedure_id", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(act="break-silence") | ~Q(reason=""),
                name="breaking_silence_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(act="approve-ad-referendum") | Q(confirm_by__isnull=False),
                name="ad_referendum_has_confirmation_deadline",
            ),
            models.CheckConstraint(
                condition=Q(act="close") | Q(state__isnull=False),
                name="adoption_act_has_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state_id} {self.act} at {self.at:%Y-%m-%d %H:%M}"


class Signature(models.Model):
    """A state's Ed25519 signature over the adopted text and its adoption record.

    Made with the state's registered key (`key`), or, for a state under its roster, by its
    head over the server's challenge (`signed`: the signed `accord-text-signature/1`
    statement, verbatim; `person`; `challenge`) — issue 12.
    """

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="signatures")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    key = models.ForeignKey(
        SigningKey, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.CharField(max_length=150, blank=True)
    signed = models.JSONField(null=True, blank=True)
    challenge = models.OneToOneField(
        "members.ActChallenge", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    key_fingerprint = models.CharField(max_length=95)  # as bundles write it
    signature = models.CharField(max_length=100)  # base64 of 64 bytes
    signed_at = models.DateTimeField()
    record_sha256 = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document_id", "state_id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "state"], name="one_signature_per_state"),
            models.CheckConstraint(
                condition=Q(key__isnull=False) | Q(signed__isnull=False),
                name="a_signature_is_by_a_key_or_a_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state_id} signed {self.document_id}"


# The signed acts (issue 12) live in their own module; Django finds them through this one.
from accord.negotiation.signed_act_models import SignedAct  # noqa: E402, F401

"""Rules of procedure per meeting series, and what they govern: the list of speakers' turns,
summary records with corrections, chairmanship offices, informal stages (non-papers,
Friends of the Chair, a text bracketed in its entirety) and implementation commitments.

Only the services of `accord.proceedings` write these models (and, for the places on the
list of speakers, the dialogue's `FloorRequest` rows they go with).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.domain import procedure
from accord.members.public_ids import PublicIdField


class MeetingSeries(models.Model):
    """A series of meetings under one set of rules of procedure (`rules`, as `to_dict`)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    rules = models.JSONField(default=dict)
    created_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def value(self) -> procedure.RulesOfProcedure:
        return procedure.rules_from_dict(self.rules)


class SeriesMeeting(models.Model):
    """A meeting held under a series' rules (a meeting in no series keeps the default)."""

    meeting = models.OneToOneField(
        "dialogue.Meeting", on_delete=models.CASCADE, related_name="series_link"
    )
    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings")

    def __str__(self) -> str:
        return f"{self.meeting_id} in {self.series_id}"


class AdoptionTerms(models.Model):
    """The rule an adoption procedure was opened under, so that replaying it is exact."""

    procedure = models.OneToOneField(
        "negotiation.AdoptionProcedure", on_delete=models.CASCADE, related_name="terms"
    )
    consent = models.CharField(max_length=32)
    absent = models.CharField(max_length=400, blank=True, default="")  # ",KAZ,UZB,"
    absent_window_seconds = models.PositiveIntegerField(default=0)
    rules = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"terms of {self.procedure_id}"


class FloorTurn(models.Model):
    """What a place on the list of speakers is for, beside the dialogue's `FloorRequest`."""

    class Turn(models.TextChoices):
        STATEMENT = "statement", pgettext_lazy("intervention kind", "Statement")
        POINT_OF_ORDER = "point-of-order", _("Point of order")
        REPLY = "reply", _("Right of reply")

    request = models.OneToOneField(
        "dialogue.FloorRequest", on_delete=models.CASCADE, related_name="turn"
    )
    turn = models.CharField(max_length=16, choices=Turn.choices, default=Turn.STATEMENT)
    on_behalf_of = models.CharField(max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(default=1)  # procedure.Rank at inscription

    def __str__(self) -> str:
        return f"{self.turn} {self.request_id}"


class SpeakersList(models.Model):
    """An agenda item's list of speakers, once the chair has closed it."""

    item = models.OneToOneField(
        "dialogue.AgendaItem", on_delete=models.CASCADE, related_name="speakers_list"
    )
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"list of {self.item_id}"


class Announcement(models.Model):
    """What the chair announces to the room; it has the meeting's audience."""

    public_id = PublicIdField("ann")
    meeting = models.ForeignKey(
        "dialogue.Meeting", on_delete=models.CASCADE, related_name="announcements"
    )
    text = models.CharField(max_length=500)
    made_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]


class SummaryRecord(models.Model):
    """A meeting's summary record: draft, then final (immutable, its hash on the ledger).

    `entries` are `[{"ref", "state", "item", "kind", "text"}]` as the draft was issued; the
    final record's entries hold the corrected texts."""

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", pgettext_lazy("record stage", "Final")

    meeting = models.OneToOneField(
        "dialogue.Meeting", on_delete=models.PROTECT, related_name="summary_record"
    )
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.DRAFT)
    entries = models.JSONField(default=list)
    issued_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()
    corrections_until = models.DateTimeField()
    approved_by = models.ForeignKey(
        "members.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    final_sha256 = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"record of {self.meeting_id} ({self.stage})"


class RecordCorrection(models.Model):
    """A state's correction of one of its own statements in a draft record (the latest
    correction of a statement replaces the earlier one)."""

    record = models.ForeignKey(SummaryRecord, on_delete=models.PROTECT, related_name="corrections")
    ref = models.CharField(max_length=40)
    state = models.ForeignKey("members.State", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"correction of {self.ref} by {self.state_id}"


class ChairOffice(models.Model):
    """A co-chair, vice-chair or facilitator at a meeting, appointed by the chair."""

    public_id = PublicIdField("off")

    class Office(models.TextChoices):
        CO_CHAIR = "co-chair", _("Co-chair")
        VICE_CHAIR = "vice-chair", _("Vice-chair")
        FACILITATOR = "facilitator", _("Facilitator")

    meeting = models.ForeignKey("dialogue.Meeting", on_delete=models.PROTECT, related_name="+")
    office = models.CharField(max_length=16, choices=Office.choices)
    holder = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    state = models.ForeignKey("members.State", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        "negotiation.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paragraph = models.CharField(max_length=20, blank=True)
    item = models.ForeignKey(
        "dialogue.AgendaItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appointed_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["appointed_at", "id"]

    def __str__(self) -> str:
        return f"{self.office} {self.holder_id}"

    @property
    def mandate(self) -> procedure.Mandate:
        return procedure.Mandate(
            procedure.Office(self.office), self.state_id, self.paragraph, self.item_id
        )


class FacilitatorWording(models.Model):
    """A wording the paragraph's facilitator (or the chair) puts to the states for one
    paragraph; the chair brings it into the next revision (`revision` once it has)."""

    public_id = PublicIdField("wrd")
    document = models.ForeignKey("negotiation.Document", on_delete=models.PROTECT, related_name="+")
    paragraph = models.CharField(max_length=20)  # its number in the revision it was put on
    against = models.PositiveIntegerField()  # that revision's number
    text = models.TextField()
    proposed_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveIntegerField(null=True, blank=True)
    amendment = models.CharField(max_length=20, blank=True)  # the code it was taken in as

    class Meta:
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"wording for {self.paragraph}"


class Handover(models.Model):
    """The outgoing chair's hand-over to the incoming chair: the note, and the term it
    began (the outgoing term ends the day before)."""

    outgoing_state = models.ForeignKey("members.State", on_delete=models.PROTECT, related_name="+")
    incoming_state = models.ForeignKey("members.State", on_delete=models.PROTECT, related_name="+")
    note = models.TextField()
    written_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    # The incoming chair's term the hand-over began (none for notes written before it did).
    term = models.OneToOneField(
        "members.ChairTerm", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return f"{self.outgoing_state_id} to {self.incoming_state_id}"


class NonPaper(models.Model):
    """A chair's non-paper: circulated to the meeting, not negotiable, never public."""

    public_id = PublicIdField("np")
    meeting = models.ForeignKey("dialogue.Meeting", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    body = models.TextField()
    circulated_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    circulated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-circulated_at", "-id"]

    def __str__(self) -> str:
        return self.title


class FriendsGroup(models.Model):
    """ "Friends of the Chair": a few states on one paragraph; the chair brings back the
    outcome to all. Restricted to its states (and the chair's)."""

    public_id = PublicIdField("fotc")
    document = models.ForeignKey("negotiation.Document", on_delete=models.PROTECT, related_name="+")
    paragraph = models.CharField(max_length=20)
    states = models.CharField(max_length=400)  # ",KAZ,UZB,"
    convened_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    convened_at = models.DateTimeField(default=timezone.now)
    outcome = models.TextField(blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    brought_back_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-convened_at", "-id"]

    def __str__(self) -> str:
        return f"Friends of the Chair on {self.paragraph}"

    @property
    def state_codes(self) -> list[str]:
        return [c for c in self.states.split(",") if c]


class WholeTextBracket(models.Model):
    """A text bracketed in its entirety: nothing of it stands until the bracket is lifted."""

    document = models.ForeignKey("negotiation.Document", on_delete=models.PROTECT, related_name="+")
    placed_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]

    def __str__(self) -> str:
        return f"[{self.document_id}]"


class Commitment(models.Model):
    """A commitment under an operative paragraph of an adopted text."""

    public_id = PublicIdField("cmt")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in-progress", _("In progress")
        DONE = "done", pgettext_lazy("commitment status", "Done")
        DROPPED = "dropped", _("Dropped")

    document = models.ForeignKey(
        "negotiation.Document", on_delete=models.PROTECT, related_name="commitments"
    )
    paragraph = models.CharField(max_length=20)
    description = models.CharField(max_length=500)
    lead_states = models.CharField(max_length=400)  # ",KAZ,UZB,"
    due = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    evidence = models.TextField(blank=True)
    created_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # When `accord tick` found it overdue and alerted the lead states (once).
    overdue_noted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.paragraph}: {self.description[:40]}"

    @property
    def lead_codes(self) -> list[str]:
        return [c for c in self.lead_states.split(",") if c]

    def value(self) -> Any:
        return procedure.Commitment(
            str(self.pk), self.paragraph, tuple(self.lead_codes), self.due,
            procedure.Status(self.status), self.evidence,
        )  # fmt: skip

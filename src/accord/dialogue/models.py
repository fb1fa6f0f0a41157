"""Concerns, meetings with their agenda, list of speakers and interventions, documents,
bilaterals on the sidelines, and each person's calendar feed.

Every object that can be hidden derives from `accord.members.access.Audienced`
(`visibility`, `owner_state`, `audience_states`, the `audience` property and
`objects.visible_to(viewer)`). Only `accord.dialogue.services` writes these models.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.domain.dialogue import ConcernStatus
from accord.members import access
from accord.members.public_ids import PublicIdField

LANGUAGE_CHOICES = [("en", _("English")), ("zh-hans", _("Chinese")), ("ru", _("Russian"))]


class Audienced(access.Audienced):
    """The audience of every hideable object of the dialogue, whose owner is a `State`."""

    owner_state = models.ForeignKey(
        "members.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class Concern(Audienced):
    class Category(models.TextChoices):
        TERRORISM = "terrorism", _("Terrorism and extremism")
        NON_PROLIFERATION = "non_proliferation", _("Nuclear non-proliferation")
        ARMS_CONTROL = "arms_control", _("Arms control and outer space")
        MARITIME = "maritime", _("Maritime security")
        CYBER = "cyber", _("Cyber and information security")
        BIOSAFETY = "biosafety", _("Biosafety")
        HUMANITARIAN = "humanitarian", _("Humanitarian and refugee crises")
        CRIME = "crime", _("Transnational crime and drugs")
        CLIMATE = "climate", _("Climate and environmental security")
        HEALTH = "health", _("Public health")
        BORDERS = "borders", _("Border questions")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RAISED = ConcernStatus.RAISED.value, _("Raised")
        ON_AGENDA = ConcernStatus.ON_AGENDA.value, _("On the agenda")
        UNDER_DIALOGUE = ConcernStatus.UNDER_DIALOGUE.value, _("Under dialogue")
        OUTCOME_ADOPTED = ConcernStatus.OUTCOME_ADOPTED.value, _("Outcome adopted")
        CHAIRS_STATEMENT = ConcernStatus.CHAIRS_STATEMENT.value, _("Chair's statement")
        NO_CONSENSUS = ConcernStatus.NO_CONSENSUS.value, _("No consensus")
        FOLLOW_UP = ConcernStatus.FOLLOW_UP.value, _("Follow-up")
        CLOSED = ConcernStatus.CLOSED.value, _("Closed")

    public_id = PublicIdField("con")
    title = models.CharField(max_length=200)
    summary = models.TextField()
    # The terms search finds it under, written by its service (`accord.domain.search`).
    search_terms = models.TextField(blank=True, default="", editable=False)
    category = models.CharField(max_length=32, choices=Category.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RAISED)
    raised_by_state = models.ForeignKey(
        "members.State", on_delete=models.PROTECT, related_name="concerns_raised"
    )
    raised_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    affected_states = models.ManyToManyField(
        "members.State", blank=True, related_name="concerns_affecting"
    )
    co_sponsors = models.ManyToManyField(
        "members.State", blank=True, related_name="concerns_co_sponsored"
    )

    class Meta:
        ordering = ["-raised_at", "-id"]
        # The keyset of the list's pages (`edge.pagination`): a page starts where it left off.
        indexes = [models.Index(fields=["raised_at", "id"], name="concern_page")]

    def __str__(self) -> str:
        return self.title


class Meeting(Audienced):
    class Kind(models.TextChoices):
        MINISTERIAL = "ministerial", _("Ministerial meeting")
        SENIOR_OFFICIALS = "senior_officials", _("Senior officials meeting")
        WORKING_GROUP = "working_group", _("Working group")
        SUMMIT = "summit", _("Summit")
        BILATERAL = "bilateral", _("Bilateral meeting")
        CONSULTATION = "consultation", pgettext_lazy("meeting kind", "Consultation")

    public_id = PublicIdField("mtg")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The IANA zone the meeting is held in, so invitations show the local time of the venue.
    time_zone = models.CharField(max_length=64, default="UTC")
    venue = models.CharField(max_length=200, blank=True)
    online_url = models.URLField(blank=True)
    participants = models.ManyToManyField("members.State", related_name="meetings")
    observers = models.ManyToManyField(
        "members.State", blank=True, related_name="meetings_observed"
    )
    # A bilateral session points at the meeting on whose sidelines it is held.
    sidelines_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="sideline_sessions"
    )
    convened_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    agenda_adopted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["starts_at", "id"], name="meeting_page")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def agenda_adopted(self) -> bool:
        return self.agenda_adopted_at is not None


class Sitting(models.Model):
    """A plenary sitting of a meeting, which every participating delegation attends."""

    public_id = PublicIdField("sit")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sittings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """An item of a meeting's agenda; it has the meeting's audience."""

    public_id = PublicIdField("item")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    concern = models.ForeignKey(
        Concern, null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )

    class Meta:
        ordering = ["meeting_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class FloorRequest(models.Model):
    """A place on the list of speakers for an agenda item."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        HAS_FLOOR = "has_floor", _("Has the floor")
        SPOKE = "spoke", _("Spoke")

    public_id = PublicIdField("flr")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="floor_requests")
    state = models.ForeignKey("members.State", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    given_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.state_id} on {self.item}"


class Intervention(Audienced):
    class Kind(models.TextChoices):
        STATEMENT = "statement", pgettext_lazy("intervention kind", "Statement")
        BRIEFING = "briefing", _("Briefing")
        QUESTION = "question", _("Question")
        REPLY = "reply", _("Right of reply")

    public_id = PublicIdField("itv")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="interventions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="interventions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # The state that speaks; empty for the secretariat's briefings.
    state = models.ForeignKey(
        "members.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    speaker = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    # The chair speaks for the chair, apart from the chair's own state's voice.
    as_chair = models.BooleanField(default=False)
    in_reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    text = models.TextField()
    delivered_at = models.DateTimeField(default=timezone.now)
    # The terms search finds it under, written by its service (`accord.domain.search`).
    search_terms = models.TextField(blank=True, default="", editable=False)

    class Meta:
        ordering = ["delivered_at", "id"]
        indexes = [models.Index(fields=["meeting", "delivered_at", "id"], name="intervention_page")]

    def __str__(self) -> str:
        return f"{self.kind} by {self.state_id or 'secretariat'}"


class MeetingDocument(Audienced):
    public_id = PublicIdField("paper")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=200)
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    body = models.TextField(blank=True)
    url = models.URLField(blank=True)
    attached_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    attached_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["attached_at", "id"]

    def __str__(self) -> str:
        return self.title


class Bilateral(Audienced):
    """A bilateral asked for on the sidelines of a meeting; always restricted to its two
    states (`audience_states`), whatever else happens."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    public_id = PublicIdField("bil")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="bilaterals")
    requester = models.ForeignKey("members.State", on_delete=models.PROTECT, related_name="+")
    counterpart = models.ForeignKey("members.State", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey("members.User", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        "members.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)
    # Set on acceptance: the restricted meeting in which the two delegations talk.
    session = models.OneToOneField(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="bilateral"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["requested_at", "id"], name="bilateral_page")]

    def __str__(self) -> str:
        return f"{self.requester_id}–{self.counterpart_id}: {self.subject}"


class ProposedSlot(models.Model):
    public_id = PublicIdField("slot")
    bilateral = models.ForeignKey(Bilateral, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    chosen = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A person's secret calendar address. Only the token's SHA-256 is kept."""

    user = models.OneToOneField("members.User", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"

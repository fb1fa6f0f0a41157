"""States, their delegations and people, the rotating chair, and the states' signing keys."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accord.domain.visibility import StateStatus, Viewer


class State(models.Model):
    """A member state, observer or dialogue partner (an organisation counts as a state here).

    One state, one voice: everything that aggregates opinions counts a `State`, never users.
    """

    class Status(models.TextChoices):
        MEMBER = StateStatus.MEMBER.value, _("Member state")
        OBSERVER = StateStatus.OBSERVER.value, _("Observer")
        DIALOGUE_PARTNER = StateStatus.DIALOGUE_PARTNER.value, _("Dialogue partner")

    code = models.CharField(
        primary_key=True,
        max_length=3,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("An ISO 3166-1 alpha-3 code."))],
        help_text=_("ISO 3166-1 alpha-3 code, upper case."),
    )
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    status = models.CharField(max_length=20, choices=Status.choices)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    # Whether a person of this state who has a passkey may still sign in with a code from
    # an authenticator app instead (the state's head decides; issue 12).
    totp_fallback = models.BooleanField(
        _("authenticator-app codes allowed beside passkeys"), default=True
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        """The name in the active interface language."""
        language = (get_language() or "en").lower()
        if language.startswith("zh"):
            return self.name_zh
        if language.startswith("ru"):
            return self.name_ru
        return self.name_en

    @property
    def is_member(self) -> bool:
        return self.status == self.Status.MEMBER


class Delegation(models.Model):
    """A state's standing delegation: the people in it are the users with that state.

    The head of delegation may name one delegate to cast the state's single vote in
    consultations (DESIGN §1).
    """

    state = models.OneToOneField(State, on_delete=models.PROTECT, related_name="delegation")
    vote_delegate = models.ForeignKey(
        "members.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Delegation of {self.state}"


class User(AbstractUser):
    """A person who signs in: a member of a delegation, the secretariat, or an admin."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head of delegation")
        DELEGATE = "delegate", _("Delegate")
        EXPERT = "expert", _("Expert")
        SECRETARIAT = "secretariat", _("Secretariat")
        PARTICIPANT = "participant", _("Consultation participant")

    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.DELEGATE)
    is_duty_officer = models.BooleanField(default=False)
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step accepted, so that one code cannot be replayed within its window.
    totp_last_step = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="secretariat") | models.Q(state__isnull=True),
                name="secretariat_has_no_state",
            )
        ]

    @property
    def is_head(self) -> bool:
        return self.role == self.Role.HEAD and self.state_id is not None

    @property
    def is_secretariat(self) -> bool:
        return self.role == self.Role.SECRETARIAT

    @cached_property
    def is_chair(self) -> bool:
        # Cached on the instance: a page asks several times per request, and a user object
        # lives for one request (a new chair takes effect from the next one).
        from accord.members.token_cache import tokens

        # The chair's term runs by UTC dates, whatever time zone the viewer reads in.
        term = tokens.chair_term(timezone.localdate(timezone=UTC))
        return term is not None and term.holder_id == self.pk

    @property
    def requires_two_factor(self) -> bool:
        """Heads of delegation and whoever holds the chair must use a second factor."""
        return self.is_head or self.is_chair

    @property
    def has_two_factor(self) -> bool:
        return bool(self.totp_secret) and self.totp_confirmed_at is not None

    def viewer(self) -> Viewer:
        """The facts the confidentiality rule needs about this user."""
        state = self.state
        return Viewer(
            state=state.code if state is not None else None,
            state_status=StateStatus(state.status) if state is not None else None,
            is_secretariat=self.is_secretariat,
            is_authenticated=True,
        )


class ChairTerm(models.Model):
    """The rotating chair: a member state holds it for a term, exercised by one person."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="chair_terms")
    holder = models.ForeignKey(User, on_delete=models.PROTECT, related_name="chair_terms")
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="chair_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Chair {self.state_id} {self.starts_on}–{self.ends_on}"

    @classmethod
    def current(cls, on: date | None = None) -> ChairTerm | None:
        day = on or timezone.localdate(timezone=UTC)
        return cls.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


class SigningKey(models.Model):
    """A state's Ed25519 public key. The private half never reaches this server."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="signing_keys")
    public_key = models.CharField(max_length=64, unique=True, help_text=_("Raw key, base64"))
    fingerprint = models.CharField(max_length=95, unique=True)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["state_id", "valid_from"]

    def __str__(self) -> str:
        return f"{self.state_id} {self.fingerprint[:23]}"

    def is_valid_at(self, moment: datetime) -> bool:
        return self.valid_from <= moment and (self.valid_until is None or moment < self.valid_until)


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"

    def is_active(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator app. Stored hashed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


class SignInFailure(models.Model):
    """A failed sign-in, kept for throttling across every worker process."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"failed sign-in {self.username} {self.at:%Y-%m-%d %H:%M}"


# The roster's models (issue 12) live in their own module; Django finds them through this one.
from accord.members.passkey_models import Passkey, PasskeyChallenge  # noqa: E402, F401
from accord.members.roster_models import (  # noqa: E402, F401
    ActChallenge,
    KeyRevocation,
    RootKey,
    RosterVersion,
)

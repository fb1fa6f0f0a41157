"""Calendar feeds: a private address per user, stored only as its hash."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from accord.domain import published
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.models import User

from ..models import (
    CalendarFeed,
)

# --- Calendar feed --------------------------------------------------------------------


def calendar_token_hash(token: str) -> str:
    # 256 random bits: a plain SHA-256 suffices and lets the feed be looked up by hash.
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_calendar_feed(*, actor: User) -> str:
    """A new secret address for the person's calendar feed; the old one stops working.
    The token is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=actor,
        defaults={"token_hash": calendar_token_hash(token), "created_at": timezone.now()},
    )
    record(
        actor=actor,
        obj=("members.user", str(actor.pk)),
        event=published.CalendarFeedIssued(
            audience=Audience(Visibility.DELEGATION, owner_state=actor.state_id),
            user=actor.username,
        ),
    )
    return token

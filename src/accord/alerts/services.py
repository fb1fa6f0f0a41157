"""Every write about contact channels and alert preferences.

A person manages their own channels; a state's head manages the state's channels and is
the only one who may clear a channel of the state (or of its people) for the full text of
confined objects. Nothing is sent to a channel until it is verified: an e-mail address by
the code mailed to it, a webhook by echoing a signed challenge.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accord.alerts import selectors
from accord.alerts.models import Alert, Channel, Preference
from accord.alerts.outbox import alert_key
from accord.alerts.webhook_challenge import challenge_endpoint
from accord.domain import events
from accord.domain.alerts import (
    Clearance,
    Trigger,
    check_choice,
    new_secret,
    parse_clearance,
    parse_mode,
    parse_trigger,
)
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.models import User

CODE_LIFETIME = timedelta(hours=24)
MAX_CODE_ATTEMPTS = 5
MAX_CHANNELS = 10
MAX_ADDRESS = 320


def _audience(channel: Channel) -> Audience:
    # A channel is the state's own business; the secretariat's channels are nobody else's.
    return Audience(Visibility.DELEGATION, owner_state=channel.state_id)


def _check_address(kind: str, address: str) -> str:
    address = address.strip()
    if not address or len(address) > MAX_ADDRESS:
        raise InvalidInput(f"address: give an address of at most {MAX_ADDRESS} characters.")
    if kind == Channel.Kind.EMAIL:
        try:
            validate_email(address)
        except ValidationError:
            raise InvalidInput(f"address: {address!r} is not an e-mail address.") from None
        return address
    if kind != Channel.Kind.WEBHOOK:
        raise InvalidInput("kind: email or webhook.")
    parts = urlsplit(address)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput("address: a webhook is an https:// URL.")
    if parts.scheme == "http" and not getattr(settings, "ACCORD_ALERTS_WEBHOOK_PRIVATE", False):
        raise InvalidInput("address: a webhook is an https:// URL.")
    _refuse_private(parts.hostname)
    return address


def _refuse_private(host: str) -> None:
    """A webhook may not point the server at its own network (unless the operator says so)."""
    if getattr(settings, "ACCORD_ALERTS_WEBHOOK_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        raise InvalidInput(f"address: the host {host!r} does not resolve.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise InvalidInput(f"address: {host} is not a public address.")


def _check_clearance(actor: User, value: str) -> Clearance:
    clearance = parse_clearance(value)
    if clearance is Clearance.FULL and not actor.is_head:
        raise NotPermitted("Only the head of delegation clears a channel for the full text.")
    return clearance


def _check_language_and_zone(language: str, time_zone: str) -> None:
    if language not in {code for code, _ in settings.LANGUAGES}:
        codes = ", ".join(code for code, _ in settings.LANGUAGES)
        raise InvalidInput(f"language: one of {codes}.")
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"time_zone: {time_zone!r} is not an IANA time zone.") from None


def _code_hash(channel: Channel, code: str) -> str:
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, f"{channel.public_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _send_code(channel: Channel, now: datetime) -> None:
    """Precondition: inside the caller's transaction, the channel saved."""
    code = f"{secrets.randbelow(10**6):06d}"
    channel.code_hash = _code_hash(channel, code)
    channel.code_sent_at = now
    channel.code_attempts = 0
    channel.save(update_fields=["code_hash", "code_sent_at", "code_attempts"])
    cause = f"verify:{channel.pk}:{now.isoformat()}"
    Alert.objects.create(
        key=alert_key(cause, Trigger.VERIFICATION, channel.pk),
        cause=cause,
        trigger=Trigger.VERIFICATION.value,
        channel=channel,
        person=channel.person,
        state_id=channel.state_id,
        object_type="alerts.channel",
        object_id=channel.public_id,
        visibility=Visibility.DELEGATION.value,
        owner_state=channel.state_id or "",
        facts={"trigger": Trigger.VERIFICATION.value, "code": code},
        caused_at=now,
        next_attempt_at=now,
    )


@transaction.atomic
def add_channel(
    *,
    actor: User,
    kind: str,
    address: str,
    for_state: bool = False,
    clearance: str = Clearance.SUMMARY.value,
    language: str = "en",
    time_zone: str = "UTC",
    now: datetime | None = None,
) -> tuple[Channel, str | None]:
    """Add a channel; returns it and, for a webhook, its signing secret (shown once)."""
    moment = now or timezone.now()
    cleaned = _check_address(kind, address)
    level = _check_clearance(actor, clearance)
    _check_language_and_zone(language, time_zone)
    if for_state and not actor.is_head:
        raise NotPermitted("Only the head of delegation adds the state's own channels.")
    owned = selectors.channels_of(actor).filter(person=None if for_state else actor)
    if owned.count() >= MAX_CHANNELS:
        raise RuleViolation(f"At most {MAX_CHANNELS} channels each: remove one first.")
    if owned.filter(kind=kind, address__iexact=cleaned).exists():
        raise RuleViolation("That address is already a channel.")
    channel = Channel.objects.create(
        kind=kind,
        address=cleaned,
        state_id=actor.state_id,
        person=None if for_state else actor,
        clearance=level.value,
        language=language,
        time_zone=time_zone,
        secret=new_secret() if kind == Channel.Kind.WEBHOOK else "",
        created_by=actor,
        created_at=moment,
    )
    if kind == Channel.Kind.EMAIL:
        _send_code(channel, moment)
    record(
        actor=actor,
        action=events.CONTACT_ADDED,
        obj=channel,
        audience=_audience(channel),
        payload={"channel": channel.public_id, "kind": kind, "clearance": level.value},
    )
    return channel, channel.secret or None


@transaction.atomic
def resend_code(*, actor: User, channel_id: str, now: datetime | None = None) -> Channel:
    channel = selectors.get_channel(actor, channel_id)
    if channel.kind != Channel.Kind.EMAIL:
        raise RuleViolation("A webhook proves itself by echoing a challenge, not with a code.")
    if channel.verified_at is not None:
        raise RuleViolation("The channel is verified already.")
    _send_code(channel, now or timezone.now())
    return channel


def verify_email(
    *, actor: User, channel_id: str, code: str, now: datetime | None = None
) -> Channel:
    """Check the mailed code; five wrong codes and a new one must be asked for."""
    moment = now or timezone.now()
    with transaction.atomic():
        channel = selectors.get_channel(actor, channel_id)
        channel = Channel.objects.select_for_update().get(pk=channel.pk)
        if channel.kind != Channel.Kind.EMAIL:
            raise RuleViolation("A webhook is verified by its challenge, not with a code.")
        if channel.verified_at is not None:
            return channel
        if channel.code_attempts >= MAX_CODE_ATTEMPTS:
            raise RuleViolation("Too many wrong codes: ask for a new code.")
        if channel.code_sent_at is None or moment > channel.code_sent_at + CODE_LIFETIME:
            raise RuleViolation("The code has expired: ask for a new code.")
        matches = hmac.compare_digest(channel.code_hash, _code_hash(channel, code.strip()))
        if matches:
            channel.verified_at = moment
            channel.code_hash = ""
            channel.save(update_fields=["verified_at", "code_hash"])
            # A code still queued is pointless now, and is not kept.
            Alert.objects.filter(
                channel=channel, trigger=Trigger.VERIFICATION.value, status=Alert.Status.QUEUED
            ).update(
                status=Alert.Status.FAILED,
                facts={"trigger": Trigger.VERIFICATION.value},
                last_error="the address was verified before this code was sent",
            )
            record(
                actor=actor,
                action=events.CONTACT_VERIFIED,
                obj=channel,
                audience=_audience(channel),
                payload={"channel": channel.public_id},
            )
            return channel
        # The wrong guess counts even though the request fails: committed before raising.
        channel.code_attempts += 1
        channel.save(update_fields=["code_attempts"])
    raise InvalidInput("code: that is not the code we sent.")


def verify_webhook(*, actor: User, channel_id: str, now: datetime | None = None) -> Channel:
    """Send the endpoint a signed challenge; it is verified when it echoes it back."""
    channel = selectors.get_channel(actor, channel_id)
    if channel.kind != Channel.Kind.WEBHOOK:
        raise RuleViolation("An e-mail address is verified with the code mailed to it.")
    if channel.verified_at is not None:
        return channel
    _refuse_private(urlsplit(channel.address).hostname or "")
    problem = challenge_endpoint(channel)  # no transaction held while the endpoint answers
    if problem is not None:
        raise RuleViolation(f"The webhook was not verified: {problem}")
    with transaction.atomic():
        channel = Channel.objects.select_for_update().get(pk=channel.pk)
        if channel.verified_at is None:
            channel.verified_at = now or timezone.now()
            channel.save(update_fields=["verified_at"])
            record(
                actor=actor,
                action=events.CONTACT_VERIFIED,
                obj=channel,
                audience=_audience(channel),
                payload={"channel": channel.public_id},
            )
    return channel


@transaction.atomic
def remove_channel(*, actor: User, channel_id: str, now: datetime | None = None) -> None:
    channel = selectors.get_channel(actor, channel_id)
    if channel.person_id is None and not actor.is_head:
        raise NotPermitted("Only the head of delegation removes the state's own channels.")
    channel.removed_at = now or timezone.now()
    channel.save(update_fields=["removed_at"])
    record(
        actor=actor,
        action=events.CONTACT_REMOVED,
        obj=channel,
        audience=_audience(channel),
        payload={"channel": channel.public_id},
    )


@transaction.atomic
def set_preference(*, actor: User, trigger: str, mode: str) -> Preference:
    """How `actor` hears of `trigger`; refuses what the state does not let its people turn off."""
    parsed_trigger = parse_trigger(trigger)
    parsed_mode = parse_mode(mode)
    check_choice(
        parsed_trigger, parsed_mode, is_duty_officer=actor.is_duty_officer, is_head=actor.is_head
    )
    preference, _ = Preference.objects.update_or_create(
        person=actor, trigger=parsed_trigger.value, defaults={"mode": parsed_mode.value}
    )
    record(
        actor=actor,
        action=events.CONTACT_PREFERENCE_SET,
        obj=("members.user", str(actor.pk)),
        audience=Audience(Visibility.DELEGATION, owner_state=actor.state_id),
        payload={"trigger": parsed_trigger.value, "mode": parsed_mode.value},
    )
    return preference

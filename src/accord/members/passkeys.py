"""Passkeys (WebAuthn, issue 12): registering, removing and signing in with one, and the
state's choice whether authenticator-app codes stay a fallback beside them.

Each write is one transaction that checks, saves and appends to the ledger (the audience is
the person's delegation, as for the other credentials). The verification is py_webauthn's:
the challenge must be one this server issued to this person for this purpose, still open and
never answered; the origin and relying-party id come from settings (`ACCORD_WEBAUTHN_*`).
A refusal says what was wrong and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import timedelta
from typing import Any

import webauthn
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    options_to_json_dict,
    parse_authentication_credential_json,
    parse_client_data_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from accord.domain import events
from accord.domain.errors import DomainError, NotPermitted
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.models import Passkey, PasskeyChallenge, State, User

CHALLENGE_SECONDS = 300
RP_NAME = "Accord"
REFUSED_CODE = "passkey_refused"
TRANSPORTS = frozenset(t.value for t in AuthenticatorTransport)
NO_CHALLENGE = gettext_noop(
    "That passkey answer is not for a challenge this site gave you, or the challenge was "
    "already used or has expired. Try again."
)
MALFORMED = gettext_noop("That passkey answer is not a WebAuthn credential.")
NOT_VERIFIED = gettext_noop("The passkey could not be verified: %(reason)s")
UNKNOWN_PASSKEY = gettext_noop("That passkey is not one of yours.")
ALREADY = gettext_noop("That passkey is already registered.")
HEADS_ONLY = gettext_noop("Only the head of delegation decides this for the state.")


class PasskeyRefused(DomainError):
    """A WebAuthn answer that is malformed, for another challenge, or does not verify (400)."""

    code = REFUSED_CODE


def _own(user: User) -> Audience:
    return Audience(Visibility.DELEGATION, owner_state=user.state_id)


def rp_id() -> str:
    return str(settings.ACCORD_WEBAUTHN_RP_ID)


def expected_origins(request_origin: str) -> list[str]:
    """The origins a browser's answer may name: the configured ones, else the request's own
    (its host already checked against ALLOWED_HOSTS by Django)."""
    return list(settings.ACCORD_WEBAUTHN_ORIGINS) or [request_origin]


def _user_handle(user: User) -> bytes:
    # Stable per person, and says nothing about them (no key, no name).
    return hashlib.sha256(f"{settings.SECRET_KEY}:passkey:{user.pk}".encode()).digest()[:16]


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(
            id=base64url_to_bytes(key.credential_id),
            transports=[AuthenticatorTransport(t) for t in key.transports if t in TRANSPORTS],
        )
        for key in user.passkeys.all()
    ]


def _new_challenge(user: User, purpose: str) -> bytes:
    raw = secrets.token_bytes(32)
    now = timezone.now()
    PasskeyChallenge.objects.create(
        user=user, purpose=purpose, challenge=bytes_to_base64url(raw), issued_at=now,
        expires_at=now + timedelta(seconds=CHALLENGE_SECONDS),
    )  # fmt: skip
    return raw


@transaction.atomic
def registration_options(*, user: User) -> dict[str, Any]:
    """`PublicKeyCredentialCreationOptions` as JSON, for `navigator.credentials.create`."""
    options = webauthn.generate_registration_options(
        rp_id=rp_id(), rp_name=RP_NAME, user_name=user.username,
        user_id=_user_handle(user), user_display_name=user.get_full_name() or user.username,
        challenge=_new_challenge(user, PasskeyChallenge.Purpose.REGISTER),
        timeout=CHALLENGE_SECONDS * 1000, exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )  # fmt: skip
    return dict(options_to_json_dict(options))


@transaction.atomic
def authentication_options(*, user: User) -> dict[str, Any]:
    """`PublicKeyCredentialRequestOptions` as JSON for the person's own passkeys."""
    options = webauthn.generate_authentication_options(
        rp_id=rp_id(), challenge=_new_challenge(user, PasskeyChallenge.Purpose.SIGN_IN),
        timeout=CHALLENGE_SECONDS * 1000, allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )  # fmt: skip
    return dict(options_to_json_dict(options))


def _open_challenge(user: User, purpose: str, client_data_json: bytes) -> PasskeyChallenge:
    """The challenge the answer names, when it is this person's, for this, open (locked)."""
    try:
        named = bytes_to_base64url(parse_client_data_json(client_data_json).challenge)
    except (WebAuthnException, ValueError, TypeError, KeyError):
        raise PasskeyRefused(MALFORMED) from None
    challenge = (
        PasskeyChallenge.objects.select_for_update()
        .filter(user=user, purpose=purpose, challenge=named)
        .first()
    )
    if challenge is None or not challenge.is_open(timezone.now()):
        raise PasskeyRefused(NO_CHALLENGE)
    return challenge


def _as_json(credential: Any) -> str:
    if not isinstance(credential, dict):
        raise PasskeyRefused(MALFORMED)
    return json.dumps(credential)


@transaction.atomic
def register_passkey(*, user: User, credential: Any, name: str, origins: list[str]) -> Passkey:
    """Verify the authenticator's attestation and keep the passkey; the challenge is spent."""
    try:
        parsed = parse_registration_credential_json(_as_json(credential))
    except (WebAuthnException, ValueError, TypeError, KeyError):
        raise PasskeyRefused(MALFORMED) from None
    challenge = _open_challenge(user, PasskeyChallenge.Purpose.REGISTER,
                                parsed.response.client_data_json)  # fmt: skip
    try:
        verified = webauthn.verify_registration_response(
            credential=parsed, expected_challenge=base64url_to_bytes(challenge.challenge),
            expected_rp_id=rp_id(), expected_origin=origins,
        )  # fmt: skip
    except (WebAuthnException, ValueError, TypeError, KeyError) as error:
        raise PasskeyRefused(NOT_VERIFIED % {"reason": error}) from None
    credential_id = bytes_to_base64url(verified.credential_id)
    if Passkey.objects.filter(credential_id=credential_id).exists():
        raise PasskeyRefused(ALREADY)
    now = timezone.now()
    challenge.used_at = now
    challenge.save(update_fields=["used_at"])
    passkey = Passkey.objects.create(
        user=user, credential_id=credential_id, public_key=verified.credential_public_key,
        sign_count=verified.sign_count, name=(name.strip() or "Passkey")[:100], created_at=now,
        transports=[str(t.value) for t in parsed.response.transports or []][:8],
    )  # fmt: skip
    record(
        actor=user, action=events.PASSKEY_REGISTERED, obj=passkey, audience=_own(user),
        payload={"user": user.username, "passkey": passkey.public_id, "name": passkey.name},
    )  # fmt: skip
    return passkey


@transaction.atomic
def remove_passkey(*, user: User, passkey: Passkey) -> None:
    if passkey.user_id != user.pk:
        raise NotPermitted(UNKNOWN_PASSKEY)
    record(
        actor=user, action=events.PASSKEY_REMOVED, obj=passkey, audience=_own(user),
        payload={"user": user.username, "passkey": passkey.public_id, "name": passkey.name},
    )  # fmt: skip
    passkey.delete()


@transaction.atomic
def sign_in_with_passkey(*, user: User, credential: Any, origins: list[str]) -> Passkey:
    """Verify an assertion by one of `user`'s passkeys over an open sign-in challenge; the
    sign count must grow (a copied authenticator is refused); the challenge is spent."""
    try:
        parsed = parse_authentication_credential_json(_as_json(credential))
    except (WebAuthnException, ValueError, TypeError, KeyError):
        raise PasskeyRefused(MALFORMED) from None
    challenge = _open_challenge(user, PasskeyChallenge.Purpose.SIGN_IN,
                                parsed.response.client_data_json)  # fmt: skip
    passkey = (
        Passkey.objects.select_for_update()
        .filter(user=user, credential_id=bytes_to_base64url(parsed.raw_id))
        .first()
    )
    if passkey is None:
        raise PasskeyRefused(UNKNOWN_PASSKEY)
    try:
        verified = webauthn.verify_authentication_response(
            credential=parsed, expected_challenge=base64url_to_bytes(challenge.challenge),
            expected_rp_id=rp_id(), expected_origin=origins,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )  # fmt: skip
    except (WebAuthnException, ValueError, TypeError, KeyError) as error:
        raise PasskeyRefused(NOT_VERIFIED % {"reason": error}) from None
    now = timezone.now()
    challenge.used_at = now
    challenge.save(update_fields=["used_at"])
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = now
    passkey.save(update_fields=["sign_count", "last_used_at"])
    return passkey


def may_use_code(user: User) -> bool:
    """Whether `user` may give an authenticator-app or recovery code at sign-in: always
    without a passkey, else as the state decided (`State.totp_fallback`)."""
    if not user.passkeys.exists():
        return True
    return user.state is None or user.state.totp_fallback


@transaction.atomic
def set_totp_fallback(*, actor: User, allowed: bool) -> State:
    """The head decides whether the state's people with a passkey may still use codes."""
    if not actor.is_head:
        raise NotPermitted(HEADS_ONLY)
    state = State.objects.select_for_update().get(code=actor.state_id)
    state.totp_fallback = allowed
    state.save(update_fields=["totp_fallback"])
    record(
        actor=actor, action=events.STATE_TOTP_FALLBACK_CHANGED, obj=state, audience=_own(actor),
        payload={"state": state.code, "totp_fallback": allowed},
    )  # fmt: skip
    return state

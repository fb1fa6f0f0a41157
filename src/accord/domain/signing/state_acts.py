"""The other acts that speak for a state, signed like the adoption acts (issue 12).

Beside the adoption acts (`acts`), three acts speak for a state and are signed by the person
making them, over a challenge the server issued for them:

* a **signature of the adopted text** (`accord-text-signature/1`): document, revision, text
  hash and the hash of the adoption record the state signs under;
* an **acknowledgement of a notification** (`accord-acknowledgement/1`): the notification's
  public id and the hash of its content (as the ledger records it, `content_sha256`);
* a **hotline message** (`accord-hotline-message/1`): the channel (``"RUS>CHN"``, sender to
  receiver) and the hash of the message.

The challenge is the adoption acts' (`accord-act-challenge/1`) with a ``purpose`` naming the
statement it is for and the subject's fields; the statement is::

    {"format": purpose, "state", "person", <the subject's fields>, <the signer's fields>,
     "at": the challenge's issued_at, "nonce": the challenge's nonce}

signed as ``{"act": statement, "key_fingerprint", "signature"}`` over its RFC 8785 bytes,
exactly as an adoption act: the browser, `accord act` and the tests make the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from accord.domain.consensus import format_time, parse_time
from accord.domain.errors import InvalidInput
from accord.domain.signing.acts import CHALLENGE_FORMAT
from accord.domain.signing.keys import decode_b64
from accord.domain.signing.roster import CredentialRefused
from accord.domain.signing.statement import canonical_bytes

TEXT_SIGNATURE_FORMAT = "accord-text-signature/1"
ACKNOWLEDGEMENT_FORMAT = "accord-acknowledgement/1"
HOTLINE_FORMAT = "accord-hotline-message/1"
# Each kind: the subject's fields (in the challenge), then the fields the signer adds.
STATE_ACTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    TEXT_SIGNATURE_FORMAT: (
        ("document_id", "revision", "text_sha256", "adoption_record_sha256"),
        (),
    ),
    ACKNOWLEDGEMENT_FORMAT: (("notification_id", "content_sha256"), ()),
    HOTLINE_FORMAT: (("channel",), ("message_sha256",)),
}
# Who may make each kind, by role on the roster in force (the platform's own rules still
# apply on top: only a duty officer or the head sends on the hotline).
SPEAKING_ROLES: dict[str, tuple[str, ...]] = {
    TEXT_SIGNATURE_FORMAT: ("head",),
    ACKNOWLEDGEMENT_FORMAT: ("head", "delegate"),
    HOTLINE_FORMAT: ("head", "delegate"),
}
_COMMON = ("format", "state", "person", "at", "nonce")


def channel(sender: str, receiver: str) -> str:
    """The hotline channel a message travels on, sender first: ``RUS>CHN``."""
    return f"{sender}>{receiver}"


def make_state_act_challenge(
    purpose: str,
    subject: Mapping[str, Any],
    *,
    nonce: str,
    issued_at: datetime,
    expires_at: datetime,
    person: str,
    state: str,
) -> dict[str, Any]:
    """The challenge for one act of kind `purpose` on `subject` (its fields, exactly)."""
    fields, _added = STATE_ACTS[purpose]
    if set(subject) != set(fields):
        raise InvalidInput(f"a challenge for {purpose} names {', '.join(fields)}")
    return {
        "format": CHALLENGE_FORMAT,
        "purpose": purpose,
        "nonce": nonce,
        "issued_at": format_time(issued_at),
        "expires_at": format_time(expires_at),
        "person": person,
        "state": state,
        **dict(subject),
    }


def state_act_statement(challenge: Mapping[str, Any], **added: Any) -> dict[str, Any]:
    """The statement a person signs over `challenge`, with the fields its kind adds."""
    purpose = challenge.get("purpose")
    if purpose not in STATE_ACTS:
        raise InvalidInput(f"the challenge is for none of {', '.join(STATE_ACTS)}")
    fields, extra = STATE_ACTS[str(purpose)]
    if set(added) != set(extra):
        raise InvalidInput(f"an act of {purpose} adds {', '.join(extra) or 'nothing'}")
    return {
        "format": purpose,
        "state": challenge.get("state"),
        "person": challenge.get("person"),
        **{f: challenge.get(f) for f in fields},
        **added,
        "at": challenge.get("issued_at"),
        "nonce": challenge.get("nonce"),
    }


def parse_state_act(signed: Any, purpose: str) -> tuple[dict[str, Any], str, bytes, datetime]:
    """(statement, key fingerprint, signature, time); CredentialRefused(`act-signature`) for
    anything that is not a well-formed signed act of kind `purpose`."""
    try:
        if not isinstance(signed, Mapping) or not isinstance(signed.get("act"), Mapping):
            raise InvalidInput("a signed act is an object holding the act")
        statement = dict(signed["act"])
        fields, added = STATE_ACTS[purpose]
        if statement.get("format") != purpose or set(statement) != {*_COMMON, *fields, *added}:
            raise InvalidInput(f"the act is not of format {purpose}")
        for name in ("state", "person", "nonce", *added):
            if not isinstance(statement[name], str):
                raise InvalidInput(f"the act's {name} is not text")
        key_fp = signed.get("key_fingerprint")
        if not isinstance(key_fp, str):
            raise InvalidInput("the signed act names its key")
        signature = decode_b64(signed.get("signature"), 64, "signature")
        at = parse_time(statement["at"])
        canonical_bytes(statement)
    except (InvalidInput, ValueError, TypeError, RecursionError) as exc:
        message = exc.message if isinstance(exc, InvalidInput) else str(exc)
        raise CredentialRefused("act-signature", message) from exc
    return statement, key_fp, signature, at

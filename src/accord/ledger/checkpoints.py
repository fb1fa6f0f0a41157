"""Checkpoints of the tree, signed by the log key, and the states' cosignatures on them.

A checkpoint is published by `accord tick` (and so by `accord serve`'s timer) when the tree
has grown since the last one, never by a read: `GET /ledger/checkpoint` answers the latest
published. No ledger entry records it (one would grow the tree it describes). A cosignature is taken
only when it is a valid `cosignature/v1` by a current key of the state it names, over a
checkpoint this platform published, and the first from that state on that checkpoint;
anything else is refused with the reason and stores nothing.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import tlog
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.signing import load_public_key_b64
from accord.ledger import tree
from accord.ledger.log_key import log_private_key
from accord.ledger.models import LedgerCheckpoint, LedgerCosignature
from accord.ledger.selectors import chain_head
from accord.members.models import SigningKey, State, User

# How far ahead of the platform's clock a witness's time may be, in seconds.
CLOCK_SKEW = 300


def log_key_name() -> str:
    """The name the log key signs checkpoints under: the deployment's origin."""
    return tlog.check_name(settings.ACCORD_ORIGIN)


def latest_checkpoint() -> LedgerCheckpoint:
    """The latest published checkpoint (a read: it writes nothing); NotFound before the
    first."""
    latest = LedgerCheckpoint.objects.order_by("-size").first()
    if latest is None:
        raise NotFound(_("No checkpoint has been published yet; accord tick publishes one."))
    return latest


def cosigned_note(checkpoint: LedgerCheckpoint) -> str:
    """The checkpoint as a C2SP signed note with every state's cosignature line after the
    log's signature: what a verifier holds an export against (`accord ledger verify
    --checkpoint`), checking the cosignatures with the states' pinned keys."""
    lines = checkpoint.cosignatures.order_by("state_id").values_list("line", flat=True)
    return checkpoint.note + "".join(f"{line}\n" for line in lines)


def publish_checkpoint() -> LedgerCheckpoint:
    """The checkpoint of the tree as it stands, signed now if the tree grew since the last
    (`accord tick`)."""
    size = chain_head()[0]
    latest = LedgerCheckpoint.objects.order_by("-size").first()
    if latest is not None and latest.size >= size:
        return latest
    root = tree.root(size)
    checkpoint = tlog.Checkpoint(settings.ACCORD_ORIGIN, size, root)
    note = tlog.sign_checkpoint(checkpoint, log_key_name(), log_private_key())
    try:
        with transaction.atomic():
            return LedgerCheckpoint.objects.create(
                size=size, root_hash=root.hex(), note=note.text(), published_at=timezone.now()
            )
    except IntegrityError:  # another request published the same size first
        return LedgerCheckpoint.objects.get(size=size)


def _published(checkpoint_text: str) -> LedgerCheckpoint:
    text = checkpoint_text if "\n\n" not in checkpoint_text else ""
    body = text or tlog.parse_note(checkpoint_text).body
    stated = tlog.parse_checkpoint(body)
    published = LedgerCheckpoint.objects.filter(size=stated.size).first()
    if (
        stated.origin != settings.ACCORD_ORIGIN
        or published is None
        or published.root_hash != stated.root.hex()
    ):
        raise InvalidInput(
            f"checkpoint: this platform never published a checkpoint of {stated.size} entries "
            "with that origin and root hash"
        )
    return published


def _witness_state(name: str) -> State:
    prefix = f"{settings.ACCORD_ORIGIN}/witness/"
    code = name.removeprefix(prefix)
    state = State.objects.filter(code=code).first() if name.startswith(prefix) else None
    if state is None:
        raise InvalidInput(f"cosignature: {name!r} is not the witness name of a state here")
    return state


def _witness_key(state: State, cosignature: tlog.Cosignature, body: str) -> SigningKey:
    now = timezone.now()
    for key in SigningKey.objects.filter(state=state):
        public = load_public_key_b64(key.public_key)
        if tlog.key_id(cosignature.name, public, tlog.COSIGNATURE_V1) != cosignature.key_id:
            continue
        if not key.is_valid_at(now):
            raise InvalidInput(
                f"cosignature: the key {key.fingerprint} of {state.code} is retired "
                "or not yet valid"
            )
        if not tlog.cosignature_valid(body, cosignature, public):
            raise InvalidInput("cosignature: the signature does not verify over this checkpoint")
        return key
    raise InvalidInput(f"cosignature: no key registered for {state.code} made this cosignature")


def add_cosignature(*, actor: User, checkpoint_text: str, line: str) -> LedgerCosignature:
    """Keep a state witness's cosignature over a published checkpoint (see the module)."""
    published = _published(checkpoint_text)
    cosignature = tlog.parse_cosignature(line)
    state = _witness_state(cosignature.name)
    if actor.state_id != state.code:
        raise NotPermitted(f"only {state.code}'s own people submit {state.code}'s cosignatures")
    body = tlog.parse_note(published.note).body
    key = _witness_key(state, cosignature, body)
    if cosignature.timestamp > time.time() + CLOCK_SKEW:
        raise InvalidInput("cosignature: its time is in the future")
    try:
        with transaction.atomic():
            return LedgerCosignature.objects.create(
                checkpoint=published,
                state=state,
                key=key,
                timestamp=cosignature.timestamp,
                line=cosignature.line().rstrip("\n"),
                received_at=timezone.now(),
            )
    except IntegrityError:
        raise RuleViolation(
            f"cosignature: {state.code} has already cosigned the checkpoint of "
            f"{published.size} entries"
        ) from None


def publish_due() -> list[str]:
    """`accord tick`'s part: publish a checkpoint when the tree grew since the last one."""
    before = LedgerCheckpoint.objects.order_by("-size").values_list("size", flat=True).first()
    published = publish_checkpoint()
    if published.size == before or published.size == 0:
        return []
    return [f"ledger: checkpoint of {published.size} entries published"]

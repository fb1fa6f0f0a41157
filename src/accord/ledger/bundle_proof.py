"""The ledger section of an adopted document's verification bundle (issue 13): the
inclusion proofs of its adoption entries under the latest published checkpoint that covers
them, with the states' cosignatures on it (`tlog.ledger_section`; checked offline by
`accord verify`). A read: nothing is published here; until `accord tick` has published a
checkpoint covering the adoption, the bundle carries no ledger section."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model

from accord.domain import events, signing, tlog
from accord.ledger import tree
from accord.ledger.log_key import log_private_key
from accord.ledger.models import LedgerCheckpoint, LedgerEntry
from accord.ledger.selectors import chain_head


def quorum(members: int) -> int:
    """`ACCORD_COSIGNATURE_QUORUM`, by default a majority of the adopting members."""
    configured = getattr(settings, "ACCORD_COSIGNATURE_QUORUM", None)
    return int(configured) if configured else tlog.majority(members)


def ledger_section_for(procedure: Model, members: int) -> dict[str, Any] | None:
    """The section for an adopted procedure, or None before a checkpoint covers it."""
    entries = list(
        LedgerEntry.objects.filter(
            object_type=procedure._meta.label_lower,
            object_id=str(procedure.pk),
            action=events.ADOPTION_ADOPTED.name,
        ).order_by("seq")
    )
    if not entries:
        return None
    checkpoint = (
        LedgerCheckpoint.objects.filter(size__gte=entries[-1].seq).order_by("-size").first()
    )
    if checkpoint is None:
        return None
    head = chain_head()[0]
    proven = [
        tlog.ProvenEntry(
            e.seq, e.action, e.entry_hash, tuple(tree.inclusion_proof(e.seq, checkpoint.size, head))
        )
        for e in entries
    ]
    cosignatures = list(checkpoint.cosignatures.select_related("key").order_by("state_id"))
    return tlog.ledger_section(
        origin=settings.ACCORD_ORIGIN,
        log_key=signing.raw_public_key(log_private_key().public_key()),
        witness_keys=[
            (c.state_id, signing.decode_b64(c.key.public_key, 32, "a witness key"))
            for c in cosignatures
        ],
        checkpoint_note=checkpoint.note,
        cosignature_lines=[c.line for c in cosignatures],
        entries=proven,
        quorum=quorum(members),
    )

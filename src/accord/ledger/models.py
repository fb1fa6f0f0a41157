"""The ledger table: one row per link of the hash chain (see `accord.domain.ledger`)."""

from __future__ import annotations

from django.db import models

from accord.domain import ledger as chain
from accord.members.access import Audienced, decode_states


class LedgerHead(models.Model):
    """A single row locked by every append, so that concurrent writers form one chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default=chain.GENESIS_HASH)

    def __str__(self) -> str:
        return f"ledger head #{self.seq}"


class LedgerEntry(Audienced):
    seq = models.BigIntegerField(primary_key=True)
    prev_hash = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(db_index=True)
    # The exact text that went into the hash, so that no database's rounding can change it.
    recorded_at_text = models.CharField(max_length=32)
    body_digest = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    actor = models.CharField(max_length=150)
    actor_state = models.CharField(max_length=3, null=True, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    payload_digest = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    # The entry's 256-bit salt, hex (format 2); "" for an entry of format 1, written before
    # commitments were salted. Read only by those who may read the body.
    salt = models.CharField(max_length=64, blank=True, default="")
    # Its audience (`Audienced`) says who may read the body of this entry (DESIGN §2 rule
    # 5); everyone may check the link.

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "ledger entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def as_chain_entry(self, *, redact: bool = False) -> chain.Entry:
        body = chain.EntryBody(
            actor=self.actor,
            actor_state=self.actor_state,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            payload_digest=self.payload_digest,
            audience=(
                self.visibility,
                self.owner_state,
                tuple(sorted(decode_states(self.audience_states))),
            ),
            salt=self.salt or None,
        )
        return chain.Entry(
            seq=self.seq,
            prev_hash=self.prev_hash,
            recorded_at=self.recorded_at_text,
            body_digest=self.body_digest,
            entry_hash=self.entry_hash,
            body=None if redact else body,
            payload=None if redact else self.payload,
        )


class LedgerTreeNode(models.Model):
    """One complete subtree of the Merkle tree over the entries (`accord.domain.tlog`).

    Written in the same transaction as the entry whose leaf completes it, so the tree never
    lags or leads the chain. `position` packs the subtree's (level, index) into one key
    (level << 56 | index), so that a proof's O(log n) nodes are one `pk__in` read.
    """

    position = models.BigIntegerField(primary_key=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        level, index = divmod(self.position, 1 << 56)
        return f"tree node {level}:{index}"


class LedgerCheckpoint(models.Model):
    """A signed head of the tree (a C2SP checkpoint), published when someone asks for one."""

    size = models.BigIntegerField(unique=True)
    root_hash = models.CharField(max_length=64)
    note = models.TextField()  # the signed note exactly as served
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["size"]

    def __str__(self) -> str:
        return f"checkpoint {self.size}"


class LedgerCosignature(models.Model):
    """A state witness's `cosignature/v1` over a checkpoint: one per state and checkpoint."""

    checkpoint = models.ForeignKey(
        LedgerCheckpoint, on_delete=models.PROTECT, related_name="cosignatures"
    )
    state = models.ForeignKey("members.State", on_delete=models.PROTECT, related_name="+")
    key = models.ForeignKey("members.SigningKey", on_delete=models.PROTECT, related_name="+")
    timestamp = models.BigIntegerField()  # the witness's time, seconds since 1970
    line = models.CharField(max_length=400)  # the signature line as the witness sent it
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["checkpoint_id", "state_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "state"], name="one_cosignature_per_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.state_id} cosigned checkpoint {self.checkpoint_id}"

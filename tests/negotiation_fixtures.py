"""Negotiation fixtures: the region's member states with registered signing keys, and a
helper that drafts a joint statement as the chair."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")
PARAGRAPHS = [
    {"kind": "preambular", "text": "Recalling the Tashkent meeting of 15 July 2021,"},
    {"kind": "operative", "text": "The participants welcome the dialogue."},
    {"kind": "operative", "text": "The participants will meet again within a year."},
]


def counts() -> dict[str, int]:
    """Row counts of every negotiation table and the ledger: "nothing changed" checks."""
    from accord.ledger.models import LedgerEntry
    from accord.negotiation import models

    return {
        "documents": models.Document.objects.count(),
        "revisions": models.Revision.objects.count(),
        "amendments": models.Amendment.objects.count(),
        "stances": models.AmendmentStance.objects.count(),
        "procedures": models.AdoptionProcedure.objects.count(),
        "acts": models.AdoptionAct.objects.count(),
        "signatures": models.Signature.objects.count(),
        "ledger": LedgerEntry.objects.count(),
    }


def witness_the_log(region: Any, keys: dict[str, Ed25519PrivateKey]) -> None:
    """What `accord tick` and the states' witnesses do next (issue 13): a checkpoint of the
    log as it stands, cosigned by each state in `keys` with its registered key."""
    import time

    from accord.domain import tlog
    from accord.ledger.checkpoints import add_cosignature, publish_checkpoint

    checkpoint = publish_checkpoint()
    body = tlog.parse_note(checkpoint.note).body
    origin = tlog.parse_checkpoint(body).origin
    for code, key in keys.items():
        line = tlog.cosign(body, tlog.witness_name(origin, code), key, int(time.time())).line()
        add_cosignature(actor=region.head(code), checkpoint_text=checkpoint.note, line=line)


@pytest.fixture
def table_counts() -> Callable[[], dict[str, int]]:
    """`table_counts()` → the row counts, to compare before and after a refused act."""
    return counts


@pytest.fixture
def keys(region: Any) -> dict[str, Ed25519PrivateKey]:
    """Each member state's private key (on "its own machine"); the public half registered."""
    from django.utils import timezone

    from accord.members import services

    made = {}
    for code in MEMBERS:
        private = Ed25519PrivateKey.generate()
        public = private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        services.register_signing_key(
            actor=region.secretariat,
            state_code=code,
            public_key=public.decode(),
            valid_from=timezone.now() - timedelta(days=30),
        )
        made[code] = private
    return made


@pytest.fixture
def draft(region: Any) -> Callable[..., Any]:
    """`draft(**overrides)` → a document drafted by the chair (Rev.1)."""
    from accord.negotiation import services

    def make(**overrides: Any) -> Any:
        arguments: dict[str, Any] = {
            "actor": region.chair,
            "kind": "joint-statement",
            "title": "Joint statement",
            "paragraphs": PARAGRAPHS,
            "visibility": "participants",
        }
        arguments.update(overrides)
        return services.create_draft(**arguments)

    return make


@pytest.fixture
def adopted(region: Any, draft: Callable[..., Any], keys: Any) -> Any:
    """A document adopted by consensus of the four members."""
    from accord.negotiation import services

    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in MEMBERS:
        services.approve(actor=region.head(code), document_id=document.pk)
    document.refresh_from_db()
    assert document.status == "adopted"
    return document

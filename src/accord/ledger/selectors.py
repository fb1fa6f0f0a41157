"""Reading the ledger: the whole chain for verification, bodies only where visible."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from accord.domain import ledger as chain
from accord.domain.visibility import Viewer, can_see
from accord.ledger.models import LedgerEntry, LedgerHead
from accord.members.access import visible_to


def chain_entries(
    *, viewer: Viewer | None, up_to: int | None = None, batch: int = 2000
) -> Iterator[chain.Entry]:
    """Every link in order (up to entry `up_to`); bodies the viewer may not see are redacted.

    `viewer=None` is the operator at the console (`accord ledger …`), who sees all.
    """
    queryset = LedgerEntry.objects.order_by("seq")
    if up_to is not None:
        queryset = queryset.filter(seq__lte=up_to)
    for row in queryset.iterator(chunk_size=batch):
        redact = viewer is not None and not can_see(viewer, row.audience)
        yield row.as_chain_entry(redact=redact)


def chain_head() -> tuple[int, str]:
    """The (seq, entry hash) the live chain must end at, kept apart from the entries."""
    head = LedgerHead.objects.filter(id=1).first()
    if head is None:
        return 0, chain.GENESIS_HASH
    return head.seq, head.entry_hash


def verify_live_chain(*, viewer: Viewer | None) -> chain.ChainReport:
    """Check the live chain, the details of every entry the viewer may see, and its head."""
    return chain.verify_chain(chain_entries(viewer=viewer), head=chain_head())


def recent_entries(*, viewer: Viewer, limit: int = 20) -> QuerySet[LedgerEntry]:
    """What is new, for the home page: the latest entries the viewer may see."""
    return visible_to(
        LedgerEntry.objects.all(),
        viewer,
        states_text_field="audience_states",
    ).order_by("-seq")[:limit]

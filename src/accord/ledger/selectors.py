"""Reading the ledger: the whole chain for verification, bodies only where visible."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from accord.domain import ledger as chain
from accord.domain import tlog
from accord.domain.visibility import Viewer, can_see
from accord.edge.pagination import FIRST_PAGE, Page, PageRequest, paginate
from accord.ledger import tree
from accord.ledger.models import LedgerCheckpoint, LedgerCosignature, LedgerEntry, LedgerHead


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
    """Check the live chain, the details of every entry the viewer may see, and its head;
    then that the stored Merkle tree is the tree over those entries (`tree-root`)."""
    head = chain_head()
    report = chain.verify_chain(chain_entries(viewer=viewer), head=head)
    if not report.ok:
        return report
    hashes = LedgerEntry.objects.order_by("seq").values_list("entry_hash", flat=True)
    size, expected = tlog.root_of(bytes.fromhex(h) for h in hashes.iterator(chunk_size=5000))
    try:
        stored = tree.root(head[0])
    except RuntimeError as missing:
        stored, detail = b"", str(missing)
    else:
        detail = "the stored Merkle tree is not the tree over the entries"
    if size != head[0] or stored != expected:
        failure = chain.ChainFailure(head[0], "tree-root", detail)
        return chain.ChainReport(report.entries_checked, report.head_hash, failure)
    return report


def recent_entries(*, viewer: Viewer, limit: int = 20) -> QuerySet[LedgerEntry]:
    """What is new, for the home page: the latest entries the viewer may see."""
    return LedgerEntry.objects.visible_to(viewer).order_by("-seq")[:limit]


CHECKPOINTS = ("-size", "-id")


def checkpoint_history(*, page: PageRequest = FIRST_PAGE) -> Page[dict[str, Any]]:
    """A page of the checkpoints, newest first, with their cosignatures (all public: a
    checkpoint holds a size and a root, a cosignature a state's signature on them)."""
    cosignatures = LedgerCosignature.objects.select_related("key").order_by("state_id")
    found = paginate(
        LedgerCheckpoint.objects.prefetch_related(Prefetch("cosignatures", queryset=cosignatures)),
        page,
        order=CHECKPOINTS,
    )
    items = [
        {
            "size": c.size,
            "root_hash": c.root_hash,
            "published_at": chain.format_time(c.published_at),
            "note": c.note,
            "cosignatures": [
                {
                    "state": s.state_id,
                    "key_fingerprint": s.key.fingerprint,
                    "timestamp": s.timestamp,
                    "line": s.line,
                }
                for s in c.cosignatures.all()
            ],
        }
        for c in found.items
    ]
    return Page(items, found.next)

"""`/ledger`: any participant exports the chain (bodies they may not see are redacted, a
signed trailer at the end) and checks it; its head and the log key, for verifying an export
offline; `/trust`, the trust file a verifier pins."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Field, Query, Router, Schema, Status

from accord.edge.fields import Prose
from accord.edge.pagination import PAGE_SIZE, Page, Paged, PageQuery, listed
from accord.edge.schemas import Input
from accord.ledger import tree
from accord.ledger.checkpoints import add_cosignature, latest_checkpoint
from accord.ledger.export import export_lines
from accord.ledger.log_key import log_public_key
from accord.ledger.models import LedgerEntry
from accord.ledger.selectors import chain_head, checkpoint_history, verify_live_chain
from accord.ledger.trust import trust_document
from accord.members.models import User

router = Router(tags=["ledger"])


class ChainReportOut(Schema):
    ok: bool
    entries_checked: int
    head_hash: str
    failed_entry: int | None
    failed_check: str | None
    message: str | None


class HeadOut(Schema):
    origin: str
    seq: int
    entry_hash: str
    head: str  # "SEQ:HASH", as `accord ledger verify FILE --head` takes it


class LogKeyOut(Schema):
    origin: str
    fingerprint: str
    public_key: str


@router.get("/ledger/export")
def export_ledger(request: HttpRequest) -> StreamingHttpResponse:
    """The whole chain as JSON lines and a signed trailer, for `accord ledger verify FILE`."""
    user: User = request.auth  # type: ignore[attr-defined]
    response = StreamingHttpResponse(export_lines(user=user), content_type="application/x-ndjson")
    response["Content-Disposition"] = 'attachment; filename="accord-ledger.jsonl"'
    return response


@router.get("/ledger/head", response=HeadOut)
def ledger_head(request: HttpRequest) -> HeadOut:
    """The head of the live chain: note it, and check a later export against it (`--head`)."""
    seq, entry_hash = chain_head()
    return HeadOut(
        origin=settings.ACCORD_ORIGIN, seq=seq, entry_hash=entry_hash, head=f"{seq}:{entry_hash}"
    )


@router.get("/ledger/log-key", response=LogKeyOut, auth=None)
def ledger_log_key(request: HttpRequest) -> LogKeyOut:
    """The public half of the key that signs export trailers, to pin."""
    return LogKeyOut(origin=settings.ACCORD_ORIGIN, **log_public_key())


MAX_SEQ = tree.MAX_PROOF_SPAN


class InclusionQuery(Schema):
    seq: int = Field(..., ge=1, le=MAX_SEQ, description="the entry's sequence number")
    size: int = Field(..., ge=1, le=MAX_SEQ, description="the tree size (a checkpoint's)")


class ConsistencyQuery(Schema):
    from_: int = Field(..., alias="from", ge=1, le=MAX_SEQ, description="the older tree size")
    to: int = Field(..., ge=1, le=MAX_SEQ, description="the newer tree size")


class InclusionOut(Schema):
    seq: int
    size: int
    leaf_index: int
    entry_hash: str
    proof: list[str]  # base64 hashes, deepest first (RFC 9162 §2.1.3)


class ConsistencyOut(Schema):
    from_: int = Field(..., alias="from")
    to: int
    proof: list[str]  # base64 hashes (RFC 9162 §2.1.4)


class CosignatureIn(Input):
    checkpoint: Prose = Field(..., max_length=16_000, description="the checkpoint (signed note)")
    cosignature: Prose = Field(..., max_length=400, description="a cosignature/v1 line")


class CosignatureOut(Schema):
    state: str
    key_fingerprint: str
    timestamp: int
    line: str


class CheckpointOut(Schema):
    size: int
    root_hash: str
    published_at: str
    note: str
    cosignatures: list[CosignatureOut]


def _b64(values: list[bytes]) -> list[str]:
    return [base64.b64encode(v).decode() for v in values]


@router.get("/ledger/checkpoint")
def ledger_checkpoint(request: HttpRequest) -> HttpResponse:
    """The latest checkpoint: a C2SP signed note, signed by the log key (text/plain)."""
    return HttpResponse(latest_checkpoint().note, content_type="text/plain; charset=utf-8")


@router.get("/ledger/proof/inclusion", response=InclusionOut)
def inclusion_proof(request: HttpRequest, query: Query[InclusionQuery]) -> InclusionOut:
    """The proof that entry `seq` is in the tree of `size` entries; 422 beyond the tree."""
    proof = tree.inclusion_proof(query.seq, query.size, chain_head()[0])
    entry_hash = LedgerEntry.objects.values_list("entry_hash", flat=True).get(seq=query.seq)
    return InclusionOut(
        seq=query.seq,
        size=query.size,
        leaf_index=query.seq - 1,
        entry_hash=entry_hash,
        proof=_b64(proof),
    )


@router.get("/ledger/proof/consistency", response=ConsistencyOut, by_alias=True)
def consistency_proof(request: HttpRequest, query: Query[ConsistencyQuery]) -> ConsistencyOut:
    """The proof that the tree of `from` entries is a prefix of the tree of `to`."""
    proof = tree.consistency_proof(query.from_, query.to, chain_head()[0])
    return ConsistencyOut(**{"from": query.from_}, to=query.to, proof=_b64(proof))


class CheckpointPage(PageQuery):
    limit: int = Field(20, ge=1, le=100, description=PAGE_SIZE)


@router.get("/ledger/checkpoints", response=Paged[CheckpointOut])
def ledger_checkpoints(
    request: HttpRequest, response: HttpResponse, page: Query[CheckpointPage]
) -> Page[CheckpointOut]:
    """A page of the checkpoints, newest first (20 unless `limit` says otherwise, at most
    100), each with the cosignatures states gave it."""
    found = checkpoint_history(page=page.page())
    return listed(request, response, found, lambda item: CheckpointOut(**item))


@router.post("/ledger/cosignatures", response={201: CosignatureOut})
def submit_cosignature(request: HttpRequest, payload: CosignatureIn) -> Status:
    """A state witness's cosignature over a published checkpoint (C2SP tlog-cosignature)."""
    user: User = request.auth  # type: ignore[attr-defined]
    kept = add_cosignature(actor=user, checkpoint_text=payload.checkpoint, line=payload.cosignature)
    out = CosignatureOut(
        state=kept.state_id,
        key_fingerprint=kept.key.fingerprint,
        timestamp=kept.timestamp,
        line=kept.line,
    )
    return Status(201, out)


@router.get("/trust", response=dict[str, Any], auth=None)
def trust_file(request: HttpRequest) -> dict[str, Any]:
    """The trust file (`accord trust export`): every state's keys and the log key, to pin."""
    return trust_document()


@router.get("/ledger/verify", response=ChainReportOut)
def verify_ledger(request: HttpRequest) -> ChainReportOut:
    user: User = request.auth  # type: ignore[attr-defined]
    report = verify_live_chain(viewer=user.viewer())
    return ChainReportOut(
        ok=report.ok,
        entries_checked=report.entries_checked,
        head_hash=report.head_hash,
        failed_entry=report.failure.seq if report.failure else None,
        failed_check=report.failure.check if report.failure else None,
        message=report.failure.message if report.failure else None,
    )

"""`/ledger`: any participant exports the chain (bodies they may not see are redacted, a
signed trailer at the end) and checks it; its head and the log key, for verifying an export
offline; `/trust`, the trust file a verifier pins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Router, Schema

from accord.ledger.export import export_lines
from accord.ledger.log_key import log_public_key
from accord.ledger.selectors import chain_head, verify_live_chain
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

"""`/ledger`: any participant exports the chain (bodies they may not see are redacted)
and checks it."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Router, Schema

from accord.ledger.selectors import chain_entries, verify_live_chain
from accord.members.models import User

router = Router(tags=["ledger"])


class ChainReportOut(Schema):
    ok: bool
    entries_checked: int
    head_hash: str
    failed_entry: int | None
    failed_check: str | None
    message: str | None


@router.get("/ledger/export")
def export_ledger(request: HttpRequest) -> StreamingHttpResponse:
    """The whole chain as JSON lines, for `accord ledger verify FILE` on your own machine."""
    user: User = request.auth  # type: ignore[attr-defined]

    def lines() -> Iterator[str]:
        for entry in chain_entries(viewer=user.viewer()):
            yield json.dumps(entry.to_json(), separators=(",", ":")) + "\n"

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson")
    response["Content-Disposition"] = 'attachment; filename="accord-ledger.jsonl"'
    return response


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

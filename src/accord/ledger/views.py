"""The ledger page (issue 13): the latest checkpoint, who cosigned it and when, every member
state's witness, and the reader's own state's; and that checkpoint as a cosigned note."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accord.edge.requests import acting_user, not_found_as_404
from accord.ledger.checkpoints import cosigned_note, latest_checkpoint
from accord.ledger.witness_status import witnessing


@login_required
def ledger_page(request: HttpRequest) -> HttpResponse:
    """What any signed-in person may read through `GET /api/v1/ledger/checkpoints`, and for
    the people of a member state, their own witness's status and how to run it."""
    user = acting_user(request)
    now = timezone.now()
    overview = witnessing(now=now)
    own = None
    if user.state is not None and user.state.is_member:
        own = overview.status_of(user.state.code)
    return render(
        request,
        "ledger/ledger.html",
        {
            "now": now,
            "overview": overview,
            "own": own,
            "origin": settings.ACCORD_ORIGIN,
            "platform_url": settings.ACCORD_PUBLIC_URL.rstrip("/"),
        },
    )


@login_required
@not_found_as_404
def cosigned_checkpoint(request: HttpRequest) -> HttpResponse:
    """The latest checkpoint with its cosignatures (C2SP: the note and one line per witness),
    for `accord ledger verify FILE --checkpoint` and `accord witness compare`."""
    acting_user(request)
    response = HttpResponse(
        cosigned_note(latest_checkpoint()), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="accord-checkpoint.txt"'
    return response

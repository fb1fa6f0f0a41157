"""The ledger export, one way for both paths (`GET /api/v1/ledger/export` and
`accord ledger export FILE`): the entries the exporter may read in full, the others
redacted, and a trailer signed by the log key (`accord.domain.ledger_export`)."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone

from accord.domain import ledger_export
from accord.ledger.log_key import log_private_key
from accord.ledger.selectors import chain_entries, chain_head
from accord.members.models import User


def export_lines(*, user: User | None) -> Iterator[str]:
    """The export for `user` (None: the operator at the console, who reads every body).

    The head is read first and the entries up to it: entries are never changed once written,
    so the trailer describes exactly the lines above it even while others keep writing.
    """
    head = chain_head()
    exported_for = (
        {"user": None, "state": None}
        if user is None
        else {"user": user.get_username(), "state": user.state_id}
    )
    return ledger_export.export_lines(
        chain_entries(viewer=None if user is None else user.viewer(), up_to=head[0]),
        head=head,
        trailer={"origin": settings.ACCORD_ORIGIN, "exported_for": exported_for},
        log_key=log_private_key(),
        exported_at=timezone.now(),
    )

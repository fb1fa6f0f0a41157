"""Every write of the registry: registering a document under a symbol, and the derestriction
that `accord tick` records on the ledger when its date comes. One transaction each."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import events, registry
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.text import check_line
from accord.domain.visibility import Audience, Visibility
from accord.languages.services import check_language
from accord.ledger.services import record
from accord.members.models import User
from accord.negotiation.models import Document
from accord.negotiation.permissions import document_for
from accord.negotiation.services import do_open_to_public
from accord.registry.models import RegisterEntry

SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_ANNEXES = 50


def _annexes(raw: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    if len(raw) > MAX_ANNEXES:
        raise InvalidInput(_("At most 50 annexes."), field="annexes")
    out = []
    for annex in raw:
        title, digest = str(annex.get("title", "")), str(annex.get("sha256", ""))
        check_line(title, field="annexes")
        if not title.strip() or len(title) > 300 or not SHA256.match(digest):
            raise InvalidInput(
                _("Each annex has a title and the SHA-256 of its file."), field="annexes"
            )
        out.append({"title": title.strip(), "sha256": digest})
    return out


@transaction.atomic
def register_document(
    *,
    actor: User,
    document_id: int,
    symbol: str,
    original_language: str,
    distribution: str,
    derestriction_on: date | None = None,
    annexes: Sequence[Mapping[str, Any]] = (),
    now: datetime | None = None,
) -> RegisterEntry:
    """The secretariat registers a document under a symbol; a symbol taken is refused."""
    document = document_for(actor, document_id, lock=True)
    if not actor.is_secretariat:
        raise NotPermitted(_("Only the secretariat registers documents."))
    parsed = str(registry.parse_symbol(symbol))
    check_language(original_language)
    try:
        level = registry.Distribution(distribution)
    except ValueError:
        raise InvalidInput(_("Unknown distribution level."), field="distribution") from None
    moment = now or timezone.now()
    registry.check_derestriction(level, derestriction_on, moment.date())
    if RegisterEntry.objects.filter(symbol=parsed).exists():
        raise RuleViolation(
            _("The symbol %(symbol)s is already taken.") % {"symbol": parsed}, code="symbol_taken"
        )
    if RegisterEntry.objects.filter(document=document).exists():
        raise RuleViolation(_("This document is registered already."), code="already_registered")
    entry = RegisterEntry.objects.create(
        document=document, symbol=parsed, original_language=original_language,
        distribution=level.value, derestriction_on=derestriction_on,
        annexes=_annexes(annexes), registered_by=actor, registered_at=moment,
    )  # fmt: skip
    record(
        actor=actor,
        action=events.DOCUMENT_REGISTERED,
        obj=document,
        audience=document.audience,
        payload={"document": document.public_id, "symbol": parsed,
                 "original_language": original_language,
                 "distribution": level.value, "annexes": entry.annexes,
                 "derestriction_on": derestriction_on.isoformat() if derestriction_on else None},
    )  # fmt: skip
    return entry


@transaction.atomic
def derestrict_due(now: datetime) -> list[str]:
    """Derestrict every document whose date has come: it becomes public (its revisions,
    versions and amendments with it) and the change is on the ledger, for everyone to see
    (idempotent; run by `accord tick`).

    Lock: each due entry and its document row, in this transaction.
    """
    done = []
    due = RegisterEntry.objects.select_for_update().filter(
        derestricted_at__isnull=True, derestriction_on__lte=now.date()
    )
    for entry in due:
        level = registry.Distribution(entry.distribution)
        if not registry.due_for_derestriction(level, entry.derestriction_on, now.date(), False):
            continue
        document = Document.objects.select_for_update().get(pk=entry.document_id)
        was = document.visibility
        do_open_to_public(document)
        entry.derestricted_at = now
        entry.save(update_fields=["derestricted_at"])
        record(
            actor=None,
            action=events.DOCUMENT_DERESTRICTED,
            obj=document,
            audience=Audience(Visibility.PUBLIC),
            payload={"document": document.public_id, "symbol": entry.symbol,
                     "derestriction_on": str(entry.derestriction_on), "was": was},
        )  # fmt: skip
        done.append(f"derestricted {entry.symbol}")
    return done

"""`accord backup` and `accord restore`: every record, read in one consistent snapshot, and
restored in one transaction that is kept only if the ledger still verifies afterwards."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.serializers.base import DeserializationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from accord.domain import ledger as chain
from accord.site.config import create_private

FORMAT = "accord-backup"
VERSION = 1
SKIPPED = {"contenttypes", "sessions", "admin"}


class RestoreRefused(Exception):
    pass


def _models() -> list[type[Model]]:
    app_models = [
        (config, list(config.get_models()))
        for config in apps.get_app_configs()
        if config.label not in SKIPPED
    ]
    ordered = serializers.sort_dependencies(app_models, allow_cycles=True)
    return [m for m in ordered if m._meta.label != "auth.Permission"]


def backup(path: Path) -> int:
    """Write every record to `path` (JSON); returns the number of records."""
    records: list[dict[str, Any]] = []
    # Inside a caller's transaction (a test, a wrapping command) that transaction already
    # fixed the snapshot, and PostgreSQL refuses to change its isolation level mid-way.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table: a write landing mid-backup is in it entirely
            # or not at all. Must be the transaction's first statement.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in _models():
            records.extend(
                serializers.serialize(
                    "python", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
                )
            )
        head = _ledger_head()
    document = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "ledger_head": head,
        "records": records,
    }
    temporary = path.with_name(path.name + ".partial")
    # Every record, password hashes included: private from the instant the file exists.
    with os.fdopen(create_private(temporary), "w", encoding="utf-8") as handle:
        json.dump(document, handle, default=str, ensure_ascii=False)
    temporary.replace(path)
    return len(records)


def _ledger_head() -> str:
    from accord.ledger.models import LedgerHead

    head = LedgerHead.objects.filter(id=1).first()
    return head.entry_hash if head else chain.GENESIS_HASH


def restore(path: Path) -> int:
    """Load a backup into an empty database; refuses anything that would leave it half done."""
    from accord.ledger.selectors import chain_entries
    from accord.members.models import State, User

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise RestoreRefused(f"{path}: not a readable backup ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RestoreRefused(f"{path}: not an Accord backup")
    if State.objects.exists() or User.objects.exists():
        raise RestoreRefused("the database is not empty; restore into a new database")
    count = 0
    try:
        with transaction.atomic():
            for item in serializers.deserialize(
                "python", document["records"], handle_forward_references=True
            ):
                item.save()
                count += 1
            report = chain.verify_chain(chain_entries(viewer=None))
            if not report.ok or report.head_hash != document.get("ledger_head"):
                failure = report.failure.message if report.failure else "head hash differs"
                raise RestoreRefused(f"the restored ledger does not verify: {failure}")
    except DeserializationError as error:
        raise RestoreRefused(f"{path}: a record could not be read ({error})") from None
    _reset_sequences()
    return count


def _reset_sequences() -> None:
    """PostgreSQL keeps id counters apart from the rows; move them past the restored ids."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)

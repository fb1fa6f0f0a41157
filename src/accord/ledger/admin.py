from __future__ import annotations

from django.contrib import admin

from accord.ledger.models import LedgerEntry
from accord.members.admin import ReadOnlyAdmin


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "seq",
        "recorded_at",
        "actor",
        "actor_state",
        "action",
        "object_type",
        "object_id",
        "visibility",
    )
    list_filter = ("action", "visibility")

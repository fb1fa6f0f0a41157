from __future__ import annotations

from django.contrib import admin

from accord.ledger.models import LedgerEntry
from accord.members.admin import AudienceScopedAdmin


@admin.register(LedgerEntry)
class LedgerEntryAdmin(AudienceScopedAdmin):
    """The ledger as the secretariat may read it: only entries whose audience it belongs to,
    so a restricted or delegation body (and its payload) never reaches its pages."""

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

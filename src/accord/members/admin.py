"""The admin, for the secretariat: people are managed here; everything the ledger records
is read-only, because its writes must go through the services."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from accord.members.models import ApiToken, ChairTerm, SigningKey, State, User


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(User)
class AccordUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "state", "role", "is_duty_officer", "is_active", "last_login")
    list_filter = ("role", "state", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Accord", {"fields": ("state", "role", "is_duty_officer")}),
    )


@admin.register(State)
class StateAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_en", "name_zh", "name_ru", "status", "joined_on")
    list_filter = ("status",)


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ("state", "fingerprint", "valid_from", "valid_until")


@admin.register(ChairTerm)
class ChairTermAdmin(ReadOnlyAdmin):
    list_display = ("state", "holder", "starts_on", "ends_on")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "prefix", "label", "expires_at", "revoked_at")

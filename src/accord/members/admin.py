"""The admin, for the secretariat: people are managed here; everything the ledger records
is read-only, because its writes must go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.http import HttpRequest

from accord.domain.visibility import PUBLIC, Audience, Visibility
from accord.ledger.services import record
from accord.members.models import ApiToken, ChairTerm, SigningKey, State, User


def _is_secretariat(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "is_secretariat", False)))


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_secretariat(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _is_secretariat(request)

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
    # The secretariat manages the people of the delegations, but cannot make anyone an
    # admin nor touch second-factor secrets (those fields are not in the form at all).
    secretariat_readonly = ("is_superuser", "is_staff", "groups", "user_permissions")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_secretariat(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _is_secretariat(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _is_secretariat(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_secretariat(request)

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> tuple[str, ...]:
        if request.user.is_superuser:
            return ()
        return self.secretariat_readonly

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # An admin edit is a write like any other: on the ledger, in the same transaction.
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(
                actor=request.user,
                action="person.changed" if change else "person.added",
                obj=obj,
                audience=PUBLIC
                if obj.state_id is None
                else Audience(Visibility.DELEGATION, owner_state=obj.state_id),
                payload={
                    "username": obj.username,
                    "role": obj.role,
                    "state": obj.state_id,
                    "is_active": obj.is_active,
                    "changed": sorted(form.changed_data),
                },
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

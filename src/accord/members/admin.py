"""The admin, for the secretariat: people are managed here; everything the ledger records
is read-only, because its writes must go through the services.

The admin is one more way to read, so it keeps rule 5 like every other (DESIGN §2): an
admin of a model whose rows carry an audience derives from `AudienceScopedAdmin`, whose
queryset is `visible_to` the viewer — lists, filters, search, change pages, history all
start from it — and an object the viewer may not see answers 404 like an absent one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from accord.domain import events
from accord.domain.visibility import PUBLIC, Audience, Visibility
from accord.ledger.services import record
from accord.members.access import visible_to
from accord.members.models import ApiToken, ChairTerm, SigningKey, State, User
from accord.members.roles import assign_role, role_problem


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

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        # Django redirects to the index with "… doesn't exist" for an absent object; a 404
        # for absent and hidden alike says less, and says the same for both.
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404
        return found


class AudienceScopedAdmin(ReadOnlyAdmin):
    """Read-only admin over the rows of an `Audienced` model, filtered by rule 5 in the
    query."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Model]:
        user = request.user
        if not isinstance(user, User):
            return super().get_queryset(request).none()
        return visible_to(super().get_queryset(request), user.viewer())


def _delegation_of(person: User) -> Audience:
    if person.state_id is None:
        return PUBLIC
    return Audience(Visibility.DELEGATION, owner_state=person.state_id)


def _password_of(pk: str) -> str | None:
    try:
        return User.objects.filter(pk=int(pk)).values_list("password", flat=True).first()
    except ValueError:
        return None


class PersonChangeForm(UserChangeForm):  # type: ignore[type-arg]
    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if "role" in cleaned and "state" in cleaned:
            state = cleaned["state"]
            problem = role_problem(cleaned["role"], state.code if state is not None else None)
            if problem:
                self.add_error(None, problem)
        return cleaned


@admin.register(User)
class AccordUserAdmin(UserAdmin):  # type: ignore[type-arg]
    form = PersonChangeForm
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

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # A person is deactivated, never deleted: the ledger names them, and the page that
        # confirms a deletion lists every object that points at them, hidden ones included.
        return False

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        # Setting someone's password lets the secretariat sign in as them: never silently.
        # The person's own delegation reads that it happened, and who did it.
        with transaction.atomic():
            before = _password_of(id)
            response = super().user_change_password(request, id, form_url)
            person = User.objects.filter(pk=id).first() if before is not None else None
            if person is not None and person.password != before:
                record(
                    actor=request.user,
                    action=events.PERSON_PASSWORD_SET,
                    obj=person,
                    audience=_delegation_of(person),
                    payload={"username": person.username},
                )
        return response

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # An admin edit is a write like any other: on the ledger, in the same transaction.
        # The role and the delegation go through their service, which records the change
        # for everyone: the admin must not make anyone head of a delegation silently.
        role, state_code = obj.role, obj.state_id
        with transaction.atomic():
            if change:
                stored = User.objects.only("role", "state").get(pk=obj.pk)
                obj.role, obj.state_id = stored.role, stored.state_id
            else:
                obj.role, obj.state_id = User.Role.DELEGATE, None
            super().save_model(request, obj, form, change)
            record(
                actor=request.user,
                action=events.PERSON_CHANGED if change else events.PERSON_ADDED,
                obj=obj,
                audience=_delegation_of(obj),
                payload={
                    "username": obj.username,
                    "role": obj.role,
                    "state": obj.state_id,
                    "is_active": obj.is_active,
                    "changed": sorted(form.changed_data),
                },
            )
            assigned = assign_role(
                actor=request.user,  # type: ignore[arg-type]
                person_id=obj.pk,
                role=role,
                state_code=state_code,
            )
            obj.role, obj.state_id = assigned.role, assigned.state_id


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

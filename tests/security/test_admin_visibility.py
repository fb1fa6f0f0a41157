"""DESIGN §2 rule 5 in the admin: the secretariat walks every admin page and finds there
nothing the rules hide from it — no restricted or delegation ledger body, no bilateral's
subject, no intervention's text, no restricted draft's title — and an entry it may not
see answers exactly as an absent one."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from accord.domain.visibility import can_see
from accord.ledger.models import LedgerEntry
from accord.members.models import User

MARK = "SECRETWALK"
NOTES = "SECRETWALKNOTES"
ABSENT = 987654321


@pytest.fixture
def walked(world: Any) -> Any:
    """The world, plus a delegation's own draft: KAZ's notes, which nobody else reads."""
    from accord.negotiation import services

    services.create_draft(
        actor=world.region.chair,
        kind="joint-statement",
        title=f"{NOTES} fallback wording",
        visibility="delegation",
        paragraphs=[{"kind": "operative", "text": f"{NOTES} our red lines."}],
    )
    return world


def secretariat_client(world: Any) -> Client:
    client = Client()
    client.force_login(world.region.secretariat)
    return client


def admin_pages(client: Client) -> list[str]:
    """Every page of the admin the secretariat can reach, for every row of every model."""
    urls = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse(f"admin:{info[0]}_{info[1]}_changelist")
        urls += [changelist, f"{changelist}?q=WALK", f"{changelist}?all=", f"{changelist}?o=1"]
        for name in model_admin.list_filter:
            field = name if isinstance(name, str) else name[0]
            for value in model._default_manager.values_list(field, flat=True).distinct():
                urls.append(f"{changelist}?{field}={value}")
        urls.append(reverse(f"admin:{info[0]}_{info[1]}_add"))
        content_type = ContentType.objects.get_for_model(model)
        for pk in model._default_manager.values_list("pk", flat=True):
            for view in ("change", "history", "delete"):
                urls.append(reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[pk]))
            urls.append(f"/admin/r/{content_type.pk}/{pk}/")
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                urls.append(
                    f"/admin/autocomplete/?app_label={info[0]}&model_name={info[1]}"
                    f"&field_name={field.name}&term=WALK"
                )
    return urls


def test_no_admin_page_shows_the_secretariat_what_rule_5_hides_from_it(walked):
    client = secretariat_client(walked)
    hidden = [
        entry
        for entry in LedgerEntry.objects.all()
        if not can_see(walked.region.secretariat.viewer(), entry.audience)
    ]
    # The walk reaches real secrets: the ledger holds restricted and delegation bodies.
    assert {entry.visibility for entry in hidden} == {"restricted", "delegation"}
    assert any(MARK in str(entry.payload) for entry in hidden)
    assert any(NOTES in str(entry.payload) for entry in hidden)
    leaks = []
    for url in admin_pages(client):
        response = client.get(url, follow=True)
        body = response.content.decode()
        if MARK in body:
            leaks.append(url)
    assert leaks == []


def test_a_hidden_ledger_entry_answers_the_secretariat_as_an_absent_one(walked):
    client = secretariat_client(walked)
    viewer = walked.region.secretariat.viewer()
    entries = list(LedgerEntry.objects.all())
    hidden = next(e for e in entries if not can_see(viewer, e.audience) and MARK in str(e.payload))
    seen = next(e for e in entries if e.action == "concern.raised" and can_see(viewer, e.audience))
    for view in ("change", "history"):
        absent = client.get(reverse(f"admin:ledger_ledgerentry_{view}", args=[ABSENT]))
        secret = client.get(reverse(f"admin:ledger_ledgerentry_{view}", args=[hidden.seq]))
        assert (secret.status_code, secret.content) == (absent.status_code, absent.content)
        assert secret.status_code == 404
    # The same page for an entry the secretariat may see shows its body.
    shown = client.get(reverse("admin:ledger_ledgerentry_change", args=[seen.seq]))
    assert shown.status_code == 200
    assert "Glaciers" in shown.content.decode()


def test_every_admin_of_a_model_with_an_audience_is_scoped_by_rule_5():
    from accord.members.admin import AudienceScopedAdmin

    unscoped = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if hasattr(model, "audience") and not isinstance(model_admin, AudienceScopedAdmin)
    ]
    assert unscoped == []


def person_form(person: User, **changes: str) -> dict[str, str]:
    data = {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "is_active": "on",
        "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
        "state": person.state_id or "",
        "role": person.role,
    }
    data.update(changes)
    return data


def test_making_a_head_in_the_admin_is_recorded_for_every_state(region):
    client = Client()
    client.force_login(region.secretariat)
    person = region.delegate("TJK")
    before = LedgerEntry.objects.count()
    url = reverse("admin:members_user_change", args=[person.pk])
    response = client.post(url, person_form(person, role="head"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.role == "head"
    assigned = LedgerEntry.objects.filter(seq__gt=before, action="person.role_assigned").get()
    assert assigned.visibility == "public"
    assert assigned.actor == "secretariat"
    assert assigned.payload == {
        "username": "tjk-delegate",
        "from": {"role": "delegate", "state": "TJK"},
        "to": {"role": "head", "state": "TJK"},
    }
    # Every other state learns of it: KAZ's head reads the entry.
    assert can_see(region.head("KAZ").viewer(), assigned.audience)


def test_the_admin_refuses_a_secretariat_role_inside_a_delegation_and_changes_nothing(region):
    client = Client()
    client.force_login(region.secretariat)
    person = region.delegate("TJK")
    before = LedgerEntry.objects.count()
    url = reverse("admin:members_user_change", args=[person.pk])
    response = client.post(url, person_form(person, role="secretariat"))
    assert response.status_code == 200
    assert "The secretariat has no state" in response.content.decode()
    person.refresh_from_db()
    assert (person.role, person.state_id, LedgerEntry.objects.count()) == (
        "delegate",
        "TJK",
        before,
    )


def test_the_admin_deletes_nobody(region):
    client = Client()
    client.force_login(region.secretariat)
    person = region.delegate("TJK")
    response = client.post(reverse("admin:members_user_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=person.pk).exists()


def test_a_password_set_in_the_admin_is_recorded_for_the_persons_delegation(region):
    client = Client()
    client.force_login(region.secretariat)
    person = region.delegate("TJK")
    before = LedgerEntry.objects.count()
    url = f"/admin/members/user/{person.pk}/password/"
    new = "another horse battery staple"
    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new)
    entry = LedgerEntry.objects.filter(seq__gt=before, action="person.password_set").get()
    assert (entry.actor, entry.payload) == ("secretariat", {"username": "tjk-delegate"})
    assert can_see(region.delegate("TJK").viewer(), entry.audience)
    assert not can_see(region.delegate("UZB").viewer(), entry.audience)

"""`objects.visible_to(viewer)` (rule 5 as a query, `members.access`) agrees with `can_see`
(rule 5 in Python) for every visibility level and every kind of viewer, on ledger entries
(which carry an audience); every model with an audience takes it from the one mixin."""

from __future__ import annotations

import pytest
from django.db import transaction

from accord.domain.visibility import ANONYMOUS, PUBLIC, Audience, Viewer, Visibility, can_see
from accord.ledger.models import LedgerEntry
from accord.ledger.services import append_entry
from accord.members.access import encode_states

AUDIENCES = {
    "public": PUBLIC,
    "participants": Audience(Visibility.PARTICIPANTS),
    "members": Audience(Visibility.MEMBERS),
    "restricted-kaz-kgz": Audience(Visibility.RESTRICTED, states=frozenset({"KAZ", "KGZ"})),
    "restricted-mng-tjk": Audience(Visibility.RESTRICTED, states=frozenset({"MNG", "TJK"})),
    # A code that contains another as a substring must not match it: ",KAZ," vs "KA".
    "restricted-uzb": Audience(Visibility.RESTRICTED, states=frozenset({"UZB"})),
    "delegation-kaz": Audience(Visibility.DELEGATION, owner_state="KAZ"),
    "delegation-uno": Audience(Visibility.DELEGATION, owner_state="UNO"),
}

VIEWER_NAMES = [
    "anonymous",
    "signed-in-without-state",
    "secretariat",
    "kaz-head",
    "kaz-delegate",
    "kgz-head",
    "tjk-delegate",
    "uzb-head",
    "mng-head",
    "uno-delegate",
    "chair",
]


def viewer_for(region, name: str) -> Viewer:
    if name == "anonymous":
        return ANONYMOUS
    if name == "signed-in-without-state":
        return Viewer()
    return region.people[name].viewer()


@pytest.fixture
def audience_rows(region):
    with transaction.atomic():
        for name, audience in AUDIENCES.items():
            append_entry(
                actor=region.secretariat,
                action="test.audience",
                obj=("test.object", name),
                audience=audience,
            )
    return LedgerEntry.objects.filter(action="test.audience")


def visible_names(rows, viewer: Viewer) -> set[str]:
    return set(rows.visible_to(viewer).values_list("object_id", flat=True))


def test_visible_to_agrees_with_can_see_for_every_level_and_viewer(region, audience_rows):
    # One region for every viewer: building it is the slow part.
    disagreements = {}
    for name in VIEWER_NAMES:
        viewer = viewer_for(region, name)
        in_python = {row.object_id for row in audience_rows if can_see(viewer, row.audience)}
        in_query = visible_names(audience_rows, viewer)
        if in_query != in_python:
            disagreements[name] = (sorted(in_query), sorted(in_python))
    assert disagreements == {}


EXPECTED = {
    "anonymous": {"public"},
    "signed-in-without-state": {"public"},
    "secretariat": {"public", "participants", "members"},
    "kaz-head": {"public", "participants", "members", "restricted-kaz-kgz", "delegation-kaz"},
    "chair": {"public", "participants", "members", "restricted-kaz-kgz", "delegation-kaz"},
    "kgz-head": {"public", "participants", "members", "restricted-kaz-kgz"},
    "tjk-delegate": {"public", "participants", "members", "restricted-mng-tjk"},
    "uzb-head": {"public", "participants", "members", "restricted-uzb"},
    "mng-head": {"public", "participants", "restricted-mng-tjk"},
    "uno-delegate": {"public", "participants", "delegation-uno"},
}


def test_each_viewer_sees_exactly_its_rows(region, audience_rows):
    seen = {name: visible_names(audience_rows, viewer_for(region, name)) for name in EXPECTED}
    assert seen == EXPECTED


def test_rows_keep_their_audience(audience_rows):
    row = audience_rows.get(object_id="restricted-kaz-kgz")
    assert row.audience_states == ",KAZ,KGZ,"
    assert row.audience == AUDIENCES["restricted-kaz-kgz"]
    assert audience_rows.get(object_id="delegation-kaz").audience == AUDIENCES["delegation-kaz"]


def test_encode_states_is_sorted_and_deduplicated():
    assert encode_states(["UZB", "KAZ", "UZB"]) == ",KAZ,UZB,"
    assert encode_states([]) == ""


def test_every_model_with_an_audience_takes_it_from_the_one_mixin():
    from django.apps import apps

    from accord.members.access import Audienced, AudienceQuerySet

    carrying = sorted(
        model._meta.label for model in apps.get_models() if hasattr(model, "audience")
    )
    assert len(carrying) >= 10
    assert [label for label in carrying if not issubclass(apps.get_model(label), Audienced)] == []
    assert all(
        isinstance(apps.get_model(label).objects.all(), AudienceQuerySet) for label in carrying
    )
    for label in carrying:
        names = {field.name for field in apps.get_model(label)._meta.get_fields()}
        assert {"visibility", "owner_state", "audience_states"} <= names, label
        assert "restricted_states" not in names, label

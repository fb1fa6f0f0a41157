"""The one audience field name (issue 16): the migrations that rename a consultation's and
a mediation's `restricted_states` to `audience_states` keep the named states, both ways,
on SQLite and on PostgreSQL, and rule 5's filter reads them under the new name."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accord.domain.visibility import StateStatus, Viewer

BEFORE = [("consultations", "0003_public_ids_unique"), ("mediator", "0003_public_ids_unique")]
AFTER = [("consultations", "0004_one_audience"), ("mediator", "0004_one_audience")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_renaming_the_restricted_states_keeps_them_both_ways():
    from accord.members.models import User

    chair = User.objects.create_user(username="chair-for-migration", password="x" * 12)
    try:
        old = _migrate(BEFORE)
        consultation = old.get_model("consultations", "Consultation").objects.create(
            title="Water of the Amu Darya",
            kind="state",
            visibility="restricted",
            restricted_states=",KAZ,UZB,",
            created_by_id=chair.pk,
        )
        old.get_model("mediator", "Mediation").objects.create(
            subject="consultation",
            consultation_id=consultation.pk,
            visibility="restricted",
            restricted_states=",KAZ,UZB,",
            requested_by_id=chair.pk,
            drafters="extractive",
            embedder="hashing",
            result={},
            result_sha256="0" * 64,
        )

        _migrate(AFTER)
        from accord.consultations.models import Consultation
        from accord.mediator.models import Mediation

        kaz = Viewer(state="KAZ", state_status=StateStatus.MEMBER)
        tjk = Viewer(state="TJK", state_status=StateStatus.MEMBER)
        for model in (Consultation, Mediation):
            row = model.objects.get()
            assert (row.audience_states, row.audience.states) == (
                ",KAZ,UZB,",
                frozenset({"KAZ", "UZB"}),
            )
            assert (
                model.objects.visible_to(kaz).count(),
                model.objects.visible_to(tjk).count(),
            ) == (1, 0)

        back = _migrate(BEFORE)
        for app, name in (("consultations", "Consultation"), ("mediator", "Mediation")):
            values = back.get_model(app, name).objects.values_list("restricted_states", flat=True)
            assert list(values) == [",KAZ,UZB,"]
    finally:
        _migrate(AFTER)

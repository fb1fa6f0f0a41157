"""Two identical acts at the same instant, on PostgreSQL: one is recorded, the other is
refused as a repeat (issue 11). Each pair runs on two real connections released together."""

from __future__ import annotations

import importlib
from functools import partial
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from accord.domain import signing
from accord.domain.errors import RuleViolation
from accord.ledger.models import LedgerEntry
from accord.negotiation import selectors, services
from accord.negotiation.models import AdoptionAct, Signature
from concurrent_writers import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL's row locks (run with DATABASE_URL=postgres://…)")


def refused_once(errors: list[BaseException], sentence: str) -> bool:
    return len(errors) == 1 and isinstance(errors[0], RuleViolation) and sentence in str(errors[0])


@pytest.mark.parametrize("round_", range(3))
def test_two_identical_approvals_at_once_are_recorded_once(region, draft, round_):
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    approve = partial(services.approve, actor=region.head("KGZ"), document_id=document.pk)
    errors = run_at_once([approve, approve])
    assert refused_once(errors, "KGZ has already approved this text"), errors
    assert AdoptionAct.objects.filter(state_id="KGZ").count() == 1
    assert LedgerEntry.objects.filter(action="adoption.approve").count() == 1


def test_two_identical_signatures_at_once_are_recorded_once(region, keys, adopted):
    head = region.head("UZB")
    bundle = selectors.get_bundle(head, adopted.pk)
    signed = signing.sign_bundle(bundle, keys["UZB"], "UZB", timezone.now())
    signature = dict(services.signature_from(signed, head))
    submit = partial(
        services.submit_signature, actor=head, document_id=adopted.pk, signature=signature
    )
    errors = run_at_once([submit, submit])
    assert refused_once(errors, "UZB has already signed this text"), errors
    assert Signature.objects.filter(state_id="UZB").count() == 1
    assert LedgerEntry.objects.filter(action="document.signed").count() == 1


def test_the_same_concern_raised_twice_at_once_stands_once(region: Any):
    from accord.dialogue import services as dialogue
    from accord.dialogue.models import Concern

    raise_it = partial(
        dialogue.raise_concern,
        actor=region.head("UZB"),
        title="Glacier melt",
        summary="Rivers.",
        category="climate",
        visibility="members",
    )
    errors = run_at_once([raise_it, raise_it])
    assert refused_once(errors, "UZB has already raised an open concern"), errors
    assert Concern.objects.filter(title="Glacier melt").count() == 1


def test_the_same_notification_sent_twice_at_once_is_sent_once(region: Any):
    from django.apps import apps

    from accord.notifications import services as notifications
    from accord.notifications.models import Notification

    # A transactional test's database was flushed: seed the types as the migration does.
    seeding = importlib.import_module("accord.notifications.migrations.0002_standard_types")
    seeding.seed(apps, None)

    send = partial(
        notifications.send_notification,
        actor=region.head("KAZ"),
        type_key="exercise_notice",
        recipients=["KGZ"],
        content={
            "exercise_name": "Steppe Shield",
            "starts_on": "2030-09-11",
            "ends_on": "2030-09-25",
            "area": [
                {"lat": 54.9, "lon": 61.4},
                {"lat": 55.1, "lon": 61.9},
                {"lat": 54.7, "lon": 62.0},
            ],
            "forces": {"personnel": 4000},
            "purpose": "Command-post training.",
        },
    )
    errors = run_at_once([send, send])
    assert refused_once(errors, "KAZ has already sent this notification"), errors
    assert Notification.objects.filter(sender_state_id="KAZ").count() == 1

"""The service skeleton: one call, one transaction that checks permission, saves, appends to
the ledger and publishes its event only after commit."""

from __future__ import annotations

import base64
from datetime import date

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import IntegrityError, transaction

from accord.domain import ledger as chain
from accord.domain.errors import InvalidInput, NotPermitted
from accord.domain.visibility import PUBLIC, Audience, Visibility
from accord.ledger.models import LedgerEntry, LedgerHead
from accord.ledger.selectors import verify_live_chain
from accord.members import services
from accord.members.models import Delegation, SigningKey, State


class RecordingBroker:
    def __init__(self) -> None:
        self.published = []

    def publish(self, event) -> None:
        self.published.append(event)


@pytest.fixture
def broker(monkeypatch):
    recording = RecordingBroker()
    monkeypatch.setattr("accord.ledger.services.get_broker", lambda: recording)
    return recording


def raw_public_key(seed: int) -> str:
    key = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32).public_key()
    return base64.b64encode(
        key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ).decode()


def admit(actor, code="QZA"):
    return services.admit_state(
        actor=actor,
        code=code,
        name_en="Testland",
        name_zh="测试国",
        name_ru="Тестландия",
        status="observer",
        joined_on=date(2021, 7, 15),
    )


def test_a_service_appends_one_entry_with_its_details(region):
    before = LedgerEntry.objects.count()
    admit(region.secretariat)
    entry = LedgerEntry.objects.get(seq=before + 1)
    payload = {"code": "QZA", "status": "observer", "joined_on": "2021-07-15"}
    assert (entry.actor, entry.actor_state, entry.action) == ("secretariat", None, "state.admitted")
    assert (entry.object_type, entry.object_id) == ("members.state", "QZA")
    assert entry.payload == payload
    assert entry.payload_digest == chain.payload_digest(payload, entry.salt)
    assert len(bytes.fromhex(entry.salt)) == 32
    assert entry.audience == PUBLIC
    assert LedgerEntry.objects.count() == before + 1
    head = LedgerHead.objects.get(id=1)
    assert (head.seq, head.entry_hash) == (entry.seq, entry.entry_hash)
    assert verify_live_chain(viewer=None).ok


def test_a_head_names_the_vote_delegate_for_the_delegation_only(region):
    services.name_vote_delegate(actor=region.head("KGZ"), delegate=region.delegate("KGZ"))
    entry = LedgerEntry.objects.latest("seq")
    assert entry.action == "delegation.vote_delegate_named"
    assert entry.actor_state == "KGZ"
    assert entry.audience == Audience(Visibility.DELEGATION, owner_state="KGZ")
    assert entry.payload == {"state": "KGZ", "delegate": "kgz-delegate"}


def test_a_delegate_may_not_name_the_vote_delegate_and_nothing_changes(region):
    before = LedgerEntry.objects.count()
    with pytest.raises(NotPermitted):
        services.name_vote_delegate(actor=region.delegate("KGZ"), delegate=region.delegate("KGZ"))
    assert Delegation.objects.get(state_id="KGZ").vote_delegate is None
    assert LedgerEntry.objects.count() == before


def test_a_head_may_not_name_another_states_delegate_and_nothing_changes(region):
    before = LedgerEntry.objects.count()
    with pytest.raises(InvalidInput, match="delegate"):
        services.name_vote_delegate(actor=region.head("KGZ"), delegate=region.delegate("TJK"))
    assert Delegation.objects.get(state_id="KGZ").vote_delegate is None
    assert LedgerEntry.objects.count() == before


def test_only_the_secretariat_registers_keys_and_nothing_changes_otherwise(region):
    before = LedgerEntry.objects.count()
    with pytest.raises(NotPermitted):
        services.register_signing_key(
            actor=region.head("KAZ"), state_code="KAZ", public_key=raw_public_key(1)
        )
    with pytest.raises(InvalidInput, match="public_key"):
        services.register_signing_key(
            actor=region.secretariat, state_code="KAZ", public_key="bm90IGEga2V5"
        )
    assert SigningKey.objects.count() == 0
    assert LedgerEntry.objects.count() == before


def test_a_service_that_fails_after_recording_leaves_no_entry_and_no_event(region, broker):
    before = LedgerEntry.objects.count()
    head_before = LedgerHead.objects.get(id=1).entry_hash

    @transaction.atomic
    def admit_then_fail():
        admit(region.secretariat)
        raise RuntimeError("the disk filled up")

    with pytest.raises(RuntimeError):
        admit_then_fail()
    assert not State.objects.filter(code="QZA").exists()
    assert LedgerEntry.objects.count() == before
    assert LedgerHead.objects.get(id=1).entry_hash == head_before
    assert broker.published == []
    assert verify_live_chain(viewer=None).ok


def test_a_rolled_back_service_publishes_nothing_even_after_a_later_commit(
    region, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            admit(region.secretariat, "QZA")
            raise RuntimeError("abort")
        admit(region.secretariat, "QZB")
    assert len(callbacks) == 1
    assert [e.object_id for e in broker.published] == ["QZB"]


def test_the_event_is_published_only_after_commit(
    region, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admit(region.secretariat)
        assert broker.published == []
    assert broker.published == []
    assert len(callbacks) == 1
    callbacks[0]()
    entry = LedgerEntry.objects.latest("seq")
    (event,) = broker.published
    assert (event.id, event.kind, event.object_type, event.object_id) == (
        entry.seq,
        "state.admitted",
        "members.state",
        "QZA",
    )
    assert event.audience == PUBLIC
    assert event.data == {"code": "QZA", "status": "observer", "joined_on": "2021-07-15"}


def test_appending_outside_a_transaction_is_refused(region):
    before = LedgerEntry.objects.count()
    from accord.ledger.services import append_entry

    # The test itself runs inside a transaction; leave it for this call.
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        from django.db import connection

        in_block = connection.in_atomic_block
        connection.in_atomic_block = False
        try:
            append_entry(actor=None, action="x", obj=("x", "1"), audience=PUBLIC)
        finally:
            connection.in_atomic_block = in_block
    assert LedgerEntry.objects.count() == before


def test_an_empty_ledger_whose_head_row_was_flushed_starts_again_at_genesis(db):
    LedgerHead.objects.all().delete()
    admit(None)
    entry = LedgerEntry.objects.get()
    assert (entry.seq, entry.prev_hash) == (1, chain.GENESIS_HASH)
    assert LedgerHead.objects.get(id=1).seq == 1


def test_a_lost_head_row_with_entries_left_fails_instead_of_forking_the_chain(region):
    count = LedgerEntry.objects.count()
    LedgerHead.objects.all().delete()
    with pytest.raises(IntegrityError):
        admit(region.secretariat)
    assert LedgerEntry.objects.count() == count
    assert not State.objects.filter(code="QZA").exists()

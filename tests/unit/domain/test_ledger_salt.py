"""Salted commitments (format 2) beside the unsalted entries of format 1 that a live chain
already holds: both verify, a salt is covered by the digest, and a bad one is refused."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from accord.domain.ledger import (
    Entry,
    EntryBody,
    canonical_digest,
    new_salt,
    next_entry,
    payload_digest,
    verify_chain,
)

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def body(n: int, *, salted: bool) -> EntryBody:
    salt = new_salt() if salted else None
    return EntryBody(
        actor="kaz-delegate",
        actor_state="KAZ",
        action="hotline.message_read",
        object_type="notifications.hotlinemessage",
        object_id=str(n),
        payload_digest=payload_digest({"message": n}, salt),
        audience=("restricted", None, ("KAZ", "KGZ")),
        salt=salt,
    )


def mixed_chain() -> list[Entry]:
    """Three entries written before salting, then three after: a migrated live chain."""
    entries: list[Entry] = []
    for n in range(1, 7):
        previous = entries[-1] if entries else None
        entry = next_entry(previous, body(n, salted=n > 3), START + timedelta(seconds=n))
        entries.append(dataclasses.replace(entry, payload={"message": n}))
    return entries


def test_a_chain_of_both_formats_verifies_with_its_details():
    entries = mixed_chain()
    assert [e.body.salt is None for e in entries if e.body] == [True] * 3 + [False] * 3
    assert verify_chain(entries).ok


def test_an_unsalted_entry_keeps_the_formula_it_was_written_with():
    entry = mixed_chain()[0]
    assert entry.body is not None
    assert entry.body_digest == canonical_digest(entry.body.as_json())
    assert "salt" not in entry.to_json()["body"]


def test_the_salt_changes_both_commitments_and_travels_with_the_body():
    first, second = body(1, salted=True), body(1, salted=True)
    assert first.salt != second.salt and len(bytes.fromhex(first.salt or "")) == 32
    assert first.digest() != second.digest()
    assert first.payload_digest != second.payload_digest
    assert first.payload_digest != canonical_digest({"message": 1})
    parsed = Entry.from_json(next_entry(None, first, START).to_json()).body
    assert parsed == first


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        ({"salt": "0" * 64}, "body-digest"),  # another salt does not open the same commitment
        ({"salt": None}, "body-digest"),  # nor does dropping it: no downgrade to format 1
    ],
)
def test_a_changed_or_dropped_salt_is_caught(changes, check):
    entries = mixed_chain()
    target = entries[4]
    assert target.body is not None
    entries[4] = dataclasses.replace(target, body=dataclasses.replace(target.body, **changes))
    report = verify_chain(entries)
    assert report.failure is not None
    assert (report.failure.seq, report.failure.check) == (5, check)


def test_changed_details_of_a_salted_entry_are_caught():
    entries = mixed_chain()
    entries[5] = dataclasses.replace(entries[5], payload={"message": 99})
    report = verify_chain(entries)
    assert report.failure is not None and report.failure.check == "payload-digest"


@pytest.mark.parametrize("salt", ["", "A" * 64, "0" * 63, 7, None])
def test_a_malformed_salt_in_an_export_is_refused(salt):
    line = next_entry(None, body(1, salted=True), START).to_json()
    line["body"]["salt"] = salt
    with pytest.raises(ValueError, match="field 'salt' must be 64 lowercase hex digits"):
        Entry.from_json(line)

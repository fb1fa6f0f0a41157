"""The hash chain (DESIGN §2 rule 6): append, verify, and every kind of tampering named."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.ledger import (
    GENESIS_HASH,
    ChainFailure,
    Entry,
    EntryBody,
    canonical_digest,
    format_time,
    link_hash,
    next_entry,
    verify_chain,
)

START = datetime(2021, 3, 22, 9, 0, tzinfo=UTC)


def body(n: int, *, state: str | None = "KAZ") -> EntryBody:
    return EntryBody(
        actor=f"person-{n}",
        actor_state=state,
        action="concern.raised",
        object_type="dialogue.concern",
        object_id=str(n),
        payload_digest=canonical_digest({"n": n}),
    )


def build_chain(length: int) -> list[Entry]:
    entries: list[Entry] = []
    for n in range(1, length + 1):
        previous = entries[-1] if entries else None
        entries.append(next_entry(previous, body(n), START + timedelta(seconds=n)))
    return entries


def replace_at(entries: list[Entry], at: int, **changes: object) -> list[Entry]:
    """The chain with entry `at` changed in place (fields of the entry or of its body)."""
    changed = list(entries)
    index = at - 1
    target = changed[index]
    body_fields = {f.name for f in dataclasses.fields(EntryBody)}
    body_changes = {k: v for k, v in changes.items() if k in body_fields}
    entry_changes = {k: v for k, v in changes.items() if k not in body_fields}
    if body_changes:
        assert target.body is not None
        entry_changes["body"] = dataclasses.replace(target.body, **body_changes)
    changed[index] = dataclasses.replace(target, **entry_changes)
    return changed


# --- building the chain -------------------------------------------------------------------


def test_canonical_digest_is_sha256_of_rfc8785_bytes():
    assert canonical_digest({"b": 1, "a": "é", "c": [True, None]}) == (
        hashlib.sha256('{"a":"é","b":1,"c":[true,null]}'.encode()).hexdigest()
    )


def test_format_time_is_utc_with_microseconds():
    moment = datetime(2021, 7, 15, 14, 30, 5, 42, tzinfo=timezone(timedelta(hours=5)))
    assert format_time(moment) == "2021-07-15T09:30:05.000042Z"


def test_format_time_refuses_a_naive_time():
    with pytest.raises(ValueError, match="timezone-aware"):
        format_time(datetime(2021, 7, 15, 14, 30))


def test_first_entry_links_to_genesis_and_hashes_its_link_fields():
    first = next_entry(None, body(1), START)
    assert first.seq == 1
    assert first.prev_hash == GENESIS_HASH == "0" * 64
    assert first.recorded_at == "2021-03-22T09:00:00.000000Z"
    assert first.body_digest == body(1).digest()
    assert first.entry_hash == canonical_digest(
        {
            "seq": 1,
            "prev_hash": GENESIS_HASH,
            "recorded_at": "2021-03-22T09:00:00.000000Z",
            "body_digest": body(1).digest(),
        }
    )


def test_each_entry_links_to_the_one_before():
    entries = build_chain(4)
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.entry_hash


def test_body_digest_covers_every_body_field():
    original = body(1)
    digests = {original.digest()}
    for name, value in [
        ("actor", "someone-else"),
        ("actor_state", None),
        ("action", "concern.withdrawn"),
        ("object_type", "dialogue.meeting"),
        ("object_id", "999"),
        ("payload_digest", canonical_digest({"n": 2})),
    ]:
        digests.add(dataclasses.replace(original, **{name: value}).digest())
    assert len(digests) == 7


def test_an_intact_chain_verifies_to_its_last_hash():
    entries = build_chain(5)
    report = verify_chain(entries)
    assert report.ok
    assert report.failure is None
    assert report.entries_checked == 5
    assert report.head_hash == entries[-1].entry_hash


def test_an_empty_chain_verifies_to_genesis():
    report = verify_chain([])
    assert report.ok
    assert report.entries_checked == 0
    assert report.head_hash == GENESIS_HASH


# --- tampering with one entry is caught at that entry and named ------------------------------

FIELD_CHANGES = [
    ("prev_hash", "f" * 64, "previous-hash"),
    ("recorded_at", "2021-03-22T09:00:03.000001Z", "entry-hash"),
    ("body_digest", "e" * 64, "body-digest"),
    ("entry_hash", "d" * 64, "entry-hash"),
    ("actor", "impostor", "body-digest"),
    ("actor_state", "TJK", "body-digest"),
    ("action", "concern.withdrawn", "body-digest"),
    ("object_type", "negotiation.document", "body-digest"),
    ("object_id", "4242", "body-digest"),
    ("payload_digest", "c" * 64, "body-digest"),
]


@pytest.mark.parametrize(("field", "value", "check"), FIELD_CHANGES)
@pytest.mark.parametrize("seq", [1, 3, 5])
def test_changing_any_field_of_any_entry_is_named(seq, field, value, check):
    entries = build_chain(5)
    report = verify_chain(replace_at(entries, seq, **{field: value}))
    assert not report.ok
    assert report.failure == ChainFailure(seq, check, report.failure.message)
    assert report.entries_checked == seq - 1
    assert report.head_hash == (entries[seq - 2].entry_hash if seq > 1 else GENESIS_HASH)
    assert f"entry {seq}" in report.failure.message


def test_changing_the_sequence_number_is_a_sequence_failure():
    report = verify_chain(replace_at(build_chain(5), 3, seq=7))
    assert report.failure == ChainFailure(
        7,
        "sequence",
        "expected entry 3 but found entry 7: an entry was deleted, inserted or moved",
    )
    assert report.entries_checked == 2


def test_a_body_change_with_its_digest_recomputed_breaks_the_entry_hash():
    entries = build_chain(5)
    forged_body = dataclasses.replace(entries[2].body, action="concern.withdrawn")
    forged = replace_at(entries, 3, action="concern.withdrawn", body_digest=forged_body.digest())
    report = verify_chain(forged)
    assert (report.failure.seq, report.failure.check) == (3, "entry-hash")


def test_an_entry_rehashed_after_a_change_breaks_the_next_link():
    entries = build_chain(5)
    original = entries[2]
    forged_body = dataclasses.replace(original.body, actor="impostor")
    digest = forged_body.digest()
    forged = dataclasses.replace(
        original,
        body=forged_body,
        body_digest=digest,
        entry_hash=link_hash(3, original.prev_hash, original.recorded_at, digest),
    )
    report = verify_chain([*entries[:2], forged, *entries[3:]])
    assert report.failure == ChainFailure(4, "previous-hash", "entry 4 does not link to entry 3")
    assert report.entries_checked == 3


@pytest.mark.parametrize("seq", [1, 2, 4])
def test_deleting_an_entry_is_named_at_the_entry_that_follows(seq):
    entries = build_chain(5)
    del entries[seq - 1]
    report = verify_chain(entries)
    assert report.failure == ChainFailure(
        seq + 1,
        "sequence",
        f"expected entry {seq} but found entry {seq + 1}: an entry was deleted, inserted or moved",
    )
    assert report.entries_checked == seq - 1


def test_inserting_a_well_linked_entry_is_named():
    entries = build_chain(5)
    forged = next_entry(entries[1], body(99), START + timedelta(seconds=2, microseconds=5))
    assert forged.seq == 3
    report = verify_chain([*entries[:2], forged, *entries[2:]])
    # The forged entry links correctly, so the first that fails is the real entry 3.
    assert report.failure.seq == 3
    assert report.failure.check == "sequence"
    assert report.entries_checked == 3


def test_inserting_and_renumbering_the_rest_breaks_the_next_link():
    entries = build_chain(5)
    forged = next_entry(entries[1], body(99), START + timedelta(seconds=2, microseconds=5))
    renumbered = [dataclasses.replace(e, seq=e.seq + 1) for e in entries[2:]]
    report = verify_chain([*entries[:2], forged, *renumbered])
    assert report.failure == ChainFailure(4, "previous-hash", "entry 4 does not link to entry 3")


@pytest.mark.parametrize("seq", [1, 2, 4])
def test_swapping_two_entries_is_named(seq):
    entries = build_chain(5)
    entries[seq - 1], entries[seq] = entries[seq], entries[seq - 1]
    report = verify_chain(entries)
    assert (report.failure.seq, report.failure.check) == (seq + 1, "sequence")
    assert report.entries_checked == seq - 1


def test_a_fully_rewritten_chain_verifies_but_ends_at_another_head():
    """The chain alone cannot catch a host that rewrites every entry from some point on;
    comparing the head hash with one kept elsewhere does."""
    entries = build_chain(5)
    rewritten = entries[:2]
    for n in range(3, 6):
        rewritten.append(next_entry(rewritten[-1], body(n + 100), START + timedelta(seconds=n)))
    report = verify_chain(rewritten)
    assert report.ok
    assert report.head_hash != entries[-1].entry_hash


# --- exports --------------------------------------------------------------------------------


def test_an_export_with_redacted_bodies_still_verifies_to_the_same_head():
    entries = build_chain(6)
    partial = [e.redacted() if e.seq % 2 else e for e in entries]
    assert [e.body is None for e in partial] == [True, False, True, False, True, False]
    assert verify_chain(partial).ok
    assert verify_chain(partial).head_hash == verify_chain(entries).head_hash
    assert verify_chain([e.redacted() for e in entries]).head_hash == entries[-1].entry_hash


def test_a_redacted_entry_whose_body_digest_was_changed_fails_its_entry_hash():
    entries = [e.redacted() for e in build_chain(4)]
    report = verify_chain(replace_at(entries, 2, body_digest="a" * 64))
    assert (report.failure.seq, report.failure.check) == (2, "entry-hash")


def test_json_lines_round_trip_with_and_without_body():
    entries = build_chain(3)
    for entry in (entries[1], entries[1].redacted()):
        assert Entry.from_json(entry.to_json()) == entry
    assert "body" not in entries[0].redacted().to_json()
    assert entries[0].to_json()["body"] == {
        "actor": "person-1",
        "actor_state": "KAZ",
        "action": "concern.raised",
        "object_type": "dialogue.concern",
        "object_id": "1",
        "payload_digest": canonical_digest({"n": 1}),
        "audience": {"visibility": "public", "owner_state": None, "states": []},
    }


def test_a_body_without_a_state_round_trips_as_none():
    entry = next_entry(None, body(1, state=None), START)
    assert Entry.from_json(entry.to_json()).body.actor_state is None


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("entry_hash"), "missing field 'entry_hash'"),
        (lambda d: d["body"].pop("action"), "missing field 'action'"),
        (lambda d: d.update(seq="1"), "field 'seq' must be an integer"),
        (lambda d: d.update(seq=True), "field 'seq' must be an integer"),
        (lambda d: d.update(body="x"), "field 'body' must be an object"),
        (lambda d: d["body"].update(actor=True), "field 'actor' must be a string"),
        (
            lambda d: d["body"]["audience"].update(states={}),
            "field 'audience.states' must be a list of state codes",
        ),
    ],
)
def test_a_malformed_line_is_refused_naming_what_is_wrong(mutate, message):
    data = build_chain(1)[0].to_json()
    mutate(data)
    with pytest.raises(ValueError) as refused:
        Entry.from_json(data)
    assert str(refused.value) == message


# --- properties ----------------------------------------------------------------------------

TOP_FIELDS = {
    "prev_hash": "previous-hash",
    "recorded_at": "entry-hash",
    "body_digest": "body-digest",
    "entry_hash": "entry-hash",
}
BODY_FIELDS = ["actor", "actor_state", "action", "object_type", "object_id", "payload_digest"]


@st.composite
def chain_and_tampering(draw):
    length = draw(st.integers(min_value=1, max_value=12))
    entries = []
    for _ in range(length):
        entry_body = EntryBody(
            actor=draw(st.text(min_size=1, max_size=8)),
            actor_state=draw(st.none() | st.sampled_from(["KAZ", "KGZ", "TJK"])),
            action=draw(st.sampled_from(["concern.raised", "key.registered", "vote.cast"])),
            object_type="x.y",
            object_id=str(draw(st.integers(min_value=0, max_value=10**6))),
            payload_digest=canonical_digest(
                draw(st.dictionaries(st.text(max_size=4), st.integers(-(2**53) + 1, 2**53 - 1)))
            ),
        )
        when = START + timedelta(microseconds=draw(st.integers(0, 10**9)))
        entries.append(next_entry(entries[-1] if entries else None, entry_body, when))
    seq = draw(st.integers(min_value=1, max_value=length))
    field = draw(st.sampled_from([*TOP_FIELDS, *BODY_FIELDS]))
    target = entries[seq - 1]
    old = getattr(target.body, field) if field in BODY_FIELDS else getattr(target, field)
    new = draw(st.text(min_size=1, max_size=64).filter(lambda value: value != old))
    redact = draw(st.booleans()) and field not in BODY_FIELDS
    return entries, seq, field, new, redact


@settings(max_examples=150, deadline=None)
@given(chain_and_tampering())
def test_any_change_to_one_entry_of_a_random_chain_is_caught_at_that_entry(case):
    entries, seq, field, new, redact = case
    if redact:
        entries = [e.redacted() for e in entries]
    report = verify_chain(replace_at(entries, seq, **{field: new}))
    assert not report.ok
    assert report.failure.seq == seq
    assert report.entries_checked == seq - 1
    expected = TOP_FIELDS.get(field, "body-digest")
    if redact and field == "body_digest":
        expected = "entry-hash"
    assert report.failure.check == expected


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=2, max_value=15), st.data())
def test_deleting_or_moving_any_entry_of_a_random_chain_is_caught_where_it_happens(length, data):
    entries = build_chain(length)
    seq = data.draw(st.integers(min_value=1, max_value=length - 1), label="seq")
    if data.draw(st.booleans(), label="delete"):
        del entries[seq - 1]
    else:
        moved = entries.pop(seq - 1)
        entries.insert(data.draw(st.integers(seq, length - 1), label="to"), moved)
    report = verify_chain(entries)
    assert report.failure.check == "sequence"
    assert report.entries_checked == seq - 1


# --- what only the live ledger can check: the details and the head ---------------------------


def with_payloads(entries: list[Entry]) -> list[Entry]:
    return [dataclasses.replace(e, payload={"n": e.seq}) for e in entries]


def test_entries_carrying_their_details_verify():
    entries = with_payloads(build_chain(3))
    assert verify_chain(entries).ok
    assert "payload" not in entries[0].to_json()
    assert entries[0].redacted().payload is None


def test_changed_details_are_named():
    entries = with_payloads(build_chain(4))
    report = verify_chain(replace_at(entries, 3, payload={"n": 30}))
    assert report.failure == ChainFailure(
        3, "payload-digest", "the details of entry 3 were changed"
    )
    assert report.entries_checked == 2


def test_details_that_cannot_be_canonicalised_fail_the_payload_check():
    entries = with_payloads(build_chain(2))
    report = verify_chain(replace_at(entries, 2, payload={"n": 2**60}))
    assert (report.failure.seq, report.failure.check) == (2, "payload-digest")


def test_a_chain_that_ends_at_its_head_verifies():
    entries = build_chain(4)
    report = verify_chain(entries, head=(4, entries[-1].entry_hash))
    assert report.ok
    assert verify_chain([], head=(0, GENESIS_HASH)).ok


def test_deleting_the_last_entries_is_caught_by_the_head():
    entries = build_chain(5)
    report = verify_chain(entries[:3], head=(5, entries[-1].entry_hash))
    assert report.failure == ChainFailure(
        4,
        "head",
        "the chain ends at entry 3 but the ledger head records entry 5: "
        "entries were deleted from the end",
    )
    assert report.entries_checked == 3


def test_entries_beyond_the_head_are_caught():
    entries = build_chain(5)
    report = verify_chain(entries, head=(3, entries[2].entry_hash))
    assert report.failure == ChainFailure(
        4, "head", "the ledger head records entry 3 but the chain goes on to entry 5"
    )


def test_a_rewritten_last_entry_is_caught_by_the_head():
    entries = build_chain(3)
    rewritten = [*entries[:2], next_entry(entries[1], body(77), START)]
    report = verify_chain(rewritten, head=(3, entries[-1].entry_hash))
    assert report.failure == ChainFailure(
        3, "head", "entry 3 is not the one the ledger head records"
    )


# --- parsing an export line: every field's type, and times whatever the host's zone ----------


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("body", "actor"), None, "field 'actor' must be a string"),
        (("body", "actor_state"), 5, "field 'actor_state' must be a string"),
        (("body", "audience", "owner_state"), ["KAZ"], "field 'owner_state' must be a string"),
        (("body", "audience", "visibility"), None, "field 'visibility' must be a string"),
        (("prev_hash",), None, "field 'prev_hash' must be a string"),
        (("entry_hash",), 7, "field 'entry_hash' must be a string"),
    ],
)
def test_an_export_line_with_a_field_of_the_wrong_type_is_refused(path, value, message):
    data = build_chain(1)[0].to_json()
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(ValueError) as refused:
        Entry.from_json(data)
    assert str(refused.value) == message


def test_a_missing_actor_state_and_owner_are_read_as_none():
    entry = next_entry(None, body(1, state=None), START)
    parsed = Entry.from_json(entry.to_json())
    assert (parsed.body.actor_state, parsed.body.audience[1]) == (None, None)


def test_ledger_times_are_utc_whatever_the_hosts_zone(monkeypatch):
    import time

    tashkent = timezone(timedelta(hours=5))
    monkeypatch.setenv("TZ", "Asia/Tashkent")
    time.tzset()
    try:
        assert format_time(datetime(2021, 3, 22, 14, 0, tzinfo=tashkent)) == (
            "2021-03-22T09:00:00.000000Z"
        )
    finally:
        monkeypatch.undo()
        time.tzset()


def test_an_export_line_that_is_not_an_object_is_refused_saying_so():
    with pytest.raises(ValueError) as refused:
        Entry.from_json(["seq", 1])
    assert str(refused.value) == "an entry must be a JSON object"
    data = build_chain(1)[0].to_json()
    data["body"]["audience"] = "public"
    with pytest.raises(ValueError) as refused:
        Entry.from_json(data)
    assert str(refused.value) == "field 'audience' must be an object"


def test_a_chain_cut_short_reports_the_head_it_did_reach():
    entries = build_chain(4)
    report = verify_chain(entries[:3], head=(4, entries[3].entry_hash))
    assert (report.entries_checked, report.head_hash, report.failure.check) == (
        3,
        entries[2].entry_hash,
        "head",
    )

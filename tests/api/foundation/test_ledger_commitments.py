"""Commitments that hide (issue 13), played as the attacker: a third state takes its own
export and guesses the bodies of the entries it may not read.

The attacker knows the public source code and the public member list, so it can enumerate
every actor, every action with its object type, every object id the ledger shows, and
every audience of two states. It is also handed every payload the ledger
really holds — more than it could know — so that finding nothing is owed to the salt alone.
The same loop, run against what those entries' commitments were before salting (the
unsalted formula, recomputed here from the database), opens every one of them.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

import pytest

from accord.domain import ledger as chain
from accord.domain.visibility import Visibility
from accord.ledger.models import LedgerEntry
from accord.members.models import State, User
from accord.notifications import hotline

THIRD_STATE = "TJK"


@pytest.fixture
def hotline_traffic(region) -> None:
    """KAZ warns KGZ twice over the hotline; KGZ acknowledges delivery and reading."""
    for body in ("Unscheduled flight near the border at 04:10 UTC.", "Convoy on the M41."):
        message = hotline.send_hotline_message(
            actor=region.delegate("KAZ"), to_state="KGZ", body=body
        )
        hotline.give_receipt(actor=region.delegate("KGZ"), message_id=message.pk, receipt="read")
    hotline.give_receipt(actor=region.head("KGZ"), message_id=message.pk, receipt="delivered")


def third_state_export(api, region) -> list[dict]:
    response = api(region.delegate(THIRD_STATE)).get("/api/v1/ledger/export")
    lines = b"".join(response.streaming_content).decode().splitlines()
    return [json.loads(line) for line in lines[:-1]]  # the trailer last


def audiences(states: list[str]) -> Iterator[tuple[str, str | None, tuple[str, ...]]]:
    for visibility in (Visibility.PUBLIC, Visibility.PARTICIPANTS, Visibility.MEMBERS):
        yield (visibility.value, None, ())
    for owner in states:
        yield (Visibility.DELEGATION.value, owner, ())
    for pair in itertools.combinations(sorted(states), 2):
        yield (Visibility.RESTRICTED.value, None, pair)


def guessed_commitments() -> Iterator[str]:
    """Every body digest the attacker can compute: actor × action × object id × audience ×
    payload, by the formula the public source code shows for an unsalted entry.

    The source fixes each action's object type and payload shape; the attacker is given,
    for each action, every payload of that shape the ledger holds."""
    rows = list(LedgerEntry.objects.all())
    actors = [("system", None)] + [(u.username, u.state_id) for u in User.objects.all()]
    shapes: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        shapes.setdefault((r.action, r.object_type), set()).add(chain.canonical_digest(r.payload))
    # Every object id the ledger shows (ids are sequential; on PostgreSQL they do not start
    # at 1 in a test): the true ids are among them, which is all the attack needs.
    codes = sorted(State.objects.values_list("code", flat=True))
    object_ids = sorted({r.object_id for r in rows} | set(codes))
    every_audience = list(audiences(codes))
    for (action, object_type), digests in sorted(shapes.items()):
        for (actor, actor_state), object_id, audience, digest in itertools.product(
            actors, object_ids, every_audience, sorted(digests)
        ):
            yield chain.EntryBody(
                actor, actor_state, action, object_type, object_id, digest, audience
            ).digest()


def unsalted_commitment(row: LedgerEntry) -> str:
    """What the entry's commitment was before salting: today's data, yesterday's formula."""
    body = row.as_chain_entry().body
    assert body is not None
    unsalted = chain.EntryBody(
        body.actor,
        body.actor_state,
        body.action,
        body.object_type,
        body.object_id,
        chain.payload_digest(row.payload, None),
        body.audience,
    )
    return unsalted.digest()


def test_a_third_state_cannot_open_the_commitments_of_entries_it_may_not_read(
    region, api, hotline_traffic
):
    exported = third_state_export(api, region)
    hidden = [e for e in exported if "body" not in e]
    rows = {r.seq: r for r in LedgerEntry.objects.filter(seq__in=[e["seq"] for e in hidden])}
    assert {r.action for r in rows.values()} >= {"hotline.message_sent", "hotline.message_read"}
    # What a redacted line holds: the commitment, its place and its time; nothing guessable.
    assert all(
        set(e) == {"seq", "prev_hash", "recorded_at", "body_digest", "entry_hash"} for e in hidden
    )
    salted = {e["body_digest"] for e in hidden}
    unsalted = {unsalted_commitment(row) for row in rows.values()}

    opened_salted, opened_unsalted, tried = set(), set(), 0
    for guess in guessed_commitments():
        tried += 1
        if guess in salted:
            opened_salted.add(guess)
        if guess in unsalted:
            opened_unsalted.add(guess)

    assert tried > 100_000
    assert opened_salted == set()
    assert opened_unsalted == unsalted  # without the salt, every hidden entry is recovered


def test_the_salt_travels_with_the_body_and_only_with_it(region, api, hotline_traffic):
    kaz = {e["seq"]: e for e in third_state_export_for(api, region, "KAZ")}
    tjk = {e["seq"]: e for e in third_state_export(api, region)}
    sent = LedgerEntry.objects.filter(action="hotline.message_sent").first()
    assert kaz[sent.seq]["body"]["salt"] == sent.salt and len(bytes.fromhex(sent.salt)) == 32
    assert "body" not in tjk[sent.seq] and sent.salt not in json.dumps(tjk)
    body = chain.Entry.from_json(kaz[sent.seq]).body
    assert body is not None and body.digest() == sent.body_digest
    assert sent.payload_digest == chain.payload_digest(sent.payload, sent.salt)
    assert sent.payload_digest != chain.canonical_digest(sent.payload)
    salts = list(LedgerEntry.objects.exclude(salt="").values_list("salt", flat=True))
    assert len(salts) == LedgerEntry.objects.count() == len(set(salts))  # fresh for each


def third_state_export_for(api, region, state: str) -> list[dict]:
    response = api(region.delegate(state)).get("/api/v1/ledger/export")
    lines = b"".join(response.streaming_content).decode().splitlines()
    return [json.loads(line) for line in lines[:-1]]

"""Appending to the ledger, and the one helper every service calls to record a write.

`record` is the tail of every service function: it appends the ledger entry inside the
caller's transaction and publishes the event once that transaction commits. A write that
rolls back leaves neither an entry nor an event behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from accord.domain import ledger as chain
from accord.domain import published
from accord.domain.events import EventKind
from accord.domain.visibility import Audience
from accord.events.bus import Event, get_broker
from accord.ledger import tree
from accord.ledger.models import LedgerEntry, LedgerHead
from accord.members.access import Audienced
from accord.observability import metrics

# Called with each entry inside the writer's transaction (the alerts outbox). A hook that
# raises rolls the write back: an alert is never lost for a write that happened.
RecordHook = Callable[[LedgerEntry, Audience], None]
_record_hooks: list[RecordHook] = []


def add_record_hook(hook: RecordHook) -> None:
    """Have `hook(entry, audience)` run for every recorded write (once per hook)."""
    if hook not in _record_hooks:
        _record_hooks.append(hook)


def record(
    *,
    actor: Any,
    obj: Model | tuple[str, str],
    event: published.Published | None = None,
    action: EventKind | None = None,
    audience: Audience | None = None,
    payload: dict[str, Any] | None = None,
) -> LedgerEntry:
    """Append a write on `obj` to the ledger and publish its event after commit.

    Precondition: called inside the service's `transaction.atomic()` block.
    `actor` is a user, or None for the system (`accord tick`). `event` is the typed event
    (`accord.domain.published`): its kind, its audience and its payload. Where `obj` carries
    an audience (`members.access.Audienced`), the event's must be the object's: a service
    cannot publish a write to anyone the object is hidden from (issue 16). Services not yet
    on typed events give `action`, `audience` and `payload` instead.
    The ledger keeps the payload; live clients receive what the kind's `stream_data` keeps
    of it, as a client replaying the ledger does (`Event.from_entry`).
    """
    if event is not None:
        if action is not None or audience is not None or payload is not None:
            raise TypeError("record: give the typed event, or action, audience and payload")
        action, audience, payload = event.KIND, event.audience, event.payload()
        check_audience(obj, audience)
    if not isinstance(action, EventKind):
        raise TypeError(f"record: {action!r} is not a kind of the event catalogue")
    if audience is None:
        raise TypeError("record: an event needs its audience")
    started = time.perf_counter()
    entry = append_entry(
        actor=actor, action=action.name, obj=obj, audience=audience, payload=payload
    )
    metrics.LEDGER_APPEND_SECONDS.observe(time.perf_counter() - started)
    for hook in _record_hooks:
        hook(entry, audience)
    published_event = Event.from_entry(entry, kind=action, audience=audience)
    transaction.on_commit(lambda: get_broker().publish(published_event))
    return entry


def check_audience(obj: Model | tuple[str, str], audience: Audience) -> None:
    """Refuse an event whose audience is not that of the object it is about (no query)."""
    if isinstance(obj, Audienced) and obj.audience != audience:
        raise AudienceMismatch(
            f"{obj._meta.label_lower} is for {obj.audience}, its event for {audience}"
        )


class AudienceMismatch(RuntimeError):
    """A service published a write to another audience than its object's: a bug, never
    the user's input, so the transaction rolls back with nothing written or published."""


def append_entry(
    *,
    actor: Any,
    action: str,
    obj: Model | tuple[str, str],
    audience: Audience,
    payload: dict[str, Any] | None = None,
) -> LedgerEntry:
    """Append one entry. Precondition: inside a transaction, which holds the head lock."""
    if not connection.in_atomic_block:
        raise RuntimeError("ledger entries are appended inside the service's transaction")
    object_type, object_id = _object_reference(obj)
    payload = payload or {}
    actor_name = "system" if actor is None else actor.get_username()
    actor_state = None if actor is None else actor.state_id
    head = _locked_head()
    previous = (
        None
        if head.seq == 0
        else chain.Entry(head.seq, "", "", "", head.entry_hash)  # only seq and hash are read
    )
    salt = chain.new_salt()
    body = chain.EntryBody(
        actor=actor_name,
        actor_state=actor_state,
        action=action,
        object_type=object_type,
        object_id=object_id,
        payload_digest=chain.payload_digest(payload, salt),
        audience=(audience.visibility.value, audience.owner_state, tuple(sorted(audience.states))),
        salt=salt,
    )
    now = timezone.now()
    link = chain.next_entry(previous, body, now)
    entry = _entry_row(link, body, salt, now, payload, audience)
    # The tree in the same transaction: a crash leaves both the entry and its leaf, or neither.
    # On PostgreSQL its nodes ride on the entry's INSERT (`_write`).
    deferred = connection.vendor == "postgresql"
    nodes = tree.append_leaf(link.seq - 1, link.entry_hash, deferred=deferred)
    head.seq = link.seq
    head.entry_hash = link.entry_hash
    _write(entry, head, nodes if deferred else None)
    return entry


def _object_reference(obj: Model | tuple[str, str]) -> tuple[str, str]:
    """(object type, object id) as the ledger names an object."""
    if not isinstance(obj, Model):
        return obj
    # The public id where the object has one (issue 11): the ledger and the events never
    # carry a sequential key of what can be hidden.
    return obj._meta.label_lower, str(getattr(obj, "public_id", None) or obj.pk)


_HEAD_SQL = 'SELECT "seq", "entry_hash" FROM "ledger_ledgerhead" WHERE "id" = 1'
_HEAD_FIELDS = ("id", "seq", "entry_hash")


def _locked_head() -> LedgerHead:
    """The ledger head, locked until the transaction ends (plain SQL: every write runs it)."""
    with connection.cursor() as cursor:
        locking = " FOR UPDATE" if connection.features.has_select_for_update else ""
        cursor.execute(_HEAD_SQL + locking)
        row = cursor.fetchone()
    head = None if row is None else LedgerHead.from_db(connection.alias, _HEAD_FIELDS, (1, *row))
    if head is None:
        # `flush` (an operator's, or a test database's reset) deletes the row the migration
        # made; an empty ledger starts again at genesis. With entries left, creating seq 1
        # again fails on the primary key instead of forking the chain.
        LedgerHead.objects.get_or_create(id=1)
        head = LedgerHead.objects.select_for_update().get(id=1)
    return head


def _entry_row(
    link: chain.Entry,
    body: chain.EntryBody,
    salt: str,
    now: datetime,
    payload: dict[str, Any],
    audience: Audience,
) -> LedgerEntry:
    """The row of the entry `link` chains, its fields as `body` hashed them."""
    return LedgerEntry(
        seq=link.seq,
        prev_hash=link.prev_hash,
        recorded_at=now,
        recorded_at_text=link.recorded_at,
        body_digest=link.body_digest,
        entry_hash=link.entry_hash,
        actor=body.actor,
        actor_state=body.actor_state,
        action=body.action,
        object_type=body.object_type,
        object_id=body.object_id,
        payload_digest=body.payload_digest,
        payload=payload,
        salt=salt,
        **LedgerEntry.audience_fields(audience),
    )


def _write(entry: LedgerEntry, head: LedgerHead, nodes: tree.Nodes | None = None) -> None:
    """Insert `entry` and move the head to it. Precondition: the head lock is held.

    On PostgreSQL one statement does both (the head's UPDATE in a WITH clause of the
    INSERT), and stores the tree's `nodes` too, so every write spends fewer round trips
    while it holds the lock that serialises all writes. The INSERT still fails on a
    duplicate sequence number or hash, and then neither the head nor the tree moves.
    """
    if connection.vendor != "postgresql":
        entry.save(force_insert=True)
        head.save(update_fields=["seq", "entry_hash"])
        return
    fields = LedgerEntry._meta.concrete_fields
    values = [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in fields]
    params: list[Any] = [head.seq, head.entry_hash, head.pk]
    if nodes:
        params += [[position for position, _ in nodes], [value for _, value in nodes]]
    with connection.cursor() as cursor:
        cursor.execute(_write_sql(bool(nodes)), [*params, *values])
    entry._state.adding = False
    entry._state.db = connection.alias


_write_sqls: dict[bool, str] = {}


def _write_sql(with_nodes: bool) -> str:
    """The statement of `_write` on PostgreSQL, made once per process."""
    sql = _write_sqls.get(with_nodes)
    if sql is not None:
        return sql
    fields = LedgerEntry._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    head_table, entry_table = quote(LedgerHead._meta.db_table), quote(LedgerEntry._meta.db_table)
    sql = (
        f"WITH moved AS (UPDATE {head_table} SET {quote('seq')} = %s, {quote('entry_hash')} = %s"
        f" WHERE {quote('id')} = %s RETURNING 1)"
    )
    if with_nodes:
        sql += (
            ', nodes AS (INSERT INTO "ledger_ledgertreenode" ("position", "hash")'
            " SELECT * FROM UNNEST(%s::bigint[], %s::varchar[]) RETURNING 1)"
        )
    sql += f" INSERT INTO {entry_table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    _write_sqls[with_nodes] = sql
    return sql

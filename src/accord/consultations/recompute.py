"""Recomputing the opinion map off the request path, debounced.

A vote never waits for the analysis: its service schedules a recompute after commit and
returns. Scheduling is debounced per consultation — the recompute runs once votes have
been quiet for `ACCORD_ANALYSIS_DEBOUNCE_SECONDS`, or at the latest
`ACCORD_ANALYSIS_MAX_WAIT_SECONDS` after the first unanalysed vote, so a steady stream of
votes still moves the map. A small daemon thread per process does the work, started on
first use; `accord tick` also recomputes whatever is stale (a process that died between a
vote and its recompute, or another worker's consultation).

Between full fits the process keeps each consultation's `OpinionModel` and applies the new
votes to it (`accord.domain.opinion.OpinionModel`), which costs O(groups × statements) per
vote; a change to the statements, a long run of updates, or a cold process means a full fit.

`ACCORD_ANALYSIS_MODE`: `thread` (default), `sync` (recompute at once on commit — tests),
or `off` (the process schedules nothing). `accord serve` with several workers runs them `off`
and recomputes in its supervisor process instead (`Watcher`, `watch`): a fit of a large
consultation then never holds a worker's interpreter lock while that worker answers votes,
and the workers do not each fit the same consultation.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from accord.consultations.models import Analysis, Consultation, Vote
from accord.consultations.opinion_map import empty_result, load_votes, to_result
from accord.domain import published
from accord.domain.opinion import OpinionAnalysis, OpinionInputError, OpinionModel
from accord.ledger.services import record

log = logging.getLogger(__name__)

# Beyond this many new votes, or once the votes applied incrementally reach this share of
# those the fit saw, a full fit is both cheaper and fresher (PCA and groups move).
INCREMENTAL_MAX_VOTES = 2_000
INCREMENTAL_MAX_SHARE = 0.2
# How often a `Watcher` asks the database which consultations have new votes.
POLL_SECONDS = 0.5


@dataclass
class Debouncer:
    """Which consultations are due for a recompute, given when their votes arrived.

    Pure bookkeeping with the clock passed in, so that tests drive it deterministically.
    """

    window: float
    max_wait: float
    _first: dict[int, float] = field(default_factory=dict)
    _last: dict[int, float] = field(default_factory=dict)

    def note(self, consultation_id: int, now: float) -> None:
        self._first.setdefault(consultation_id, now)
        self._last[consultation_id] = now

    def due_at(self, consultation_id: int) -> float:
        return min(
            self._last[consultation_id] + self.window,
            self._first[consultation_id] + self.max_wait,
        )

    def next_due(self) -> float | None:
        return min((self.due_at(c) for c in self._first), default=None)

    def pop_due(self, now: float) -> list[int]:
        due = sorted(c for c in self._first if self.due_at(c) <= now)
        for consultation_id in due:
            del self._first[consultation_id]
            del self._last[consultation_id]
        return due

    def __len__(self) -> int:
        return len(self._first)


class Worker:
    """A daemon thread that recomputes what the debouncer says is due."""

    def __init__(
        self,
        debouncer: Debouncer,
        run: Callable[[int], object],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.debouncer = debouncer
        self._run = run
        self._clock = clock
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def note(self, consultation_id: int) -> None:
        with self._cond:
            self.debouncer.note(consultation_id, self._clock())
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="accord-opinion", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def _loop(self) -> None:
        while True:
            with self._cond:
                due = self.debouncer.pop_due(self._clock())
                if not due:
                    nxt = self.debouncer.next_due()
                    self._cond.wait(None if nxt is None else max(0.0, nxt - self._clock()))
                    continue
            for consultation_id in due:
                try:
                    self._run(consultation_id)
                except Exception:
                    # The next vote, or `accord tick`, tries again; a vote never sees this.
                    log.exception("opinion analysis of consultation %s failed", consultation_id)
                finally:
                    close_old_connections()


class Watcher:
    """Recomputes what the database says is stale, debounced like `Worker`.

    For a process that takes no votes itself: it learns of them from
    `Consultation.changed_seq`, which every vote's transaction moves, so it sees the votes
    of every worker. The clock is passed in, so tests drive it deterministically.
    """

    def __init__(
        self,
        debouncer: Debouncer,
        run: Callable[[int], object],
        stale: Callable[[], list[tuple[int, int]]] | None = None,
    ) -> None:
        self.debouncer = debouncer
        self._run = run
        self._stale = stale or stale_changes
        self._noted: dict[int, int] = {}  # consultation -> the changed_seq last noted

    def poll(self, now: float) -> list[int]:
        """Note the consultations whose votes moved since the last poll; recompute those
        now due. Returns the consultations recomputed."""
        for consultation_id, changed_seq in self._stale():
            if self._noted.get(consultation_id) != changed_seq:
                self._noted[consultation_id] = changed_seq
                self.debouncer.note(consultation_id, now)
        done = []
        for consultation_id in self.debouncer.pop_due(now):
            try:
                self._run(consultation_id)
            except Exception:
                # Kept as noted: retried when its votes move again, or by `accord tick`,
                # not at every poll.
                log.exception("opinion analysis of consultation %s failed", consultation_id)
                continue
            # Forgotten once up to date: votes that came in meanwhile moved changed_seq past
            # what was noted, so the next poll notes them again.
            self._noted.pop(consultation_id, None)
            done.append(consultation_id)
        return done


def _configured_debouncer() -> Debouncer:
    return Debouncer(
        window=float(getattr(settings, "ACCORD_ANALYSIS_DEBOUNCE_SECONDS", 1.0)),
        max_wait=float(getattr(settings, "ACCORD_ANALYSIS_MAX_WAIT_SECONDS", 5.0)),
    )


def watch(stop: threading.Event, poll_seconds: float = POLL_SECONDS) -> None:
    """Run a `Watcher` until `stop` is set (`accord serve`'s supervisor, in a thread)."""
    watcher = Watcher(_configured_debouncer(), recompute)
    while not stop.wait(poll_seconds):
        try:
            watcher.poll(time.monotonic())
        except Exception:
            log.exception("watching for new votes failed; trying again in %s s", poll_seconds)
        finally:
            close_old_connections()


@dataclass
class _Live:
    model: OpinionModel
    at_seq: int
    statements_seq: int
    fitted_votes: int
    applied: int = 0


_live: dict[int, _Live] = {}
_live_lock = threading.Lock()  # one recompute at a time per process: the models are not shared
_worker: Worker | None = None
_worker_lock = threading.Lock()


def worker() -> Worker:
    global _worker
    with _worker_lock:
        if _worker is None:
            _worker = Worker(_configured_debouncer(), recompute)
        return _worker


def schedule(consultation_id: int) -> None:
    """Ask for a recompute of the consultation's analysis; returns at once (except in
    `sync` mode)."""
    mode = getattr(settings, "ACCORD_ANALYSIS_MODE", "thread")
    if mode == "sync":
        recompute(consultation_id)
    elif mode == "thread":
        worker().note(consultation_id)


def schedule_on_commit(consultation_id: int) -> None:
    """Precondition: inside the service's transaction; nothing is scheduled on rollback."""
    transaction.on_commit(lambda: schedule(consultation_id))


def forget_models() -> None:
    """Drop the live models (tests; a process that wants its memory back)."""
    with _live_lock:
        _live.clear()


def recompute(consultation_id: int) -> Analysis | None:
    """Bring the stored analysis up to date; None when it already was (or is gone)."""
    with _live_lock:
        consultation = Consultation.objects.filter(pk=consultation_id).first()
        if consultation is None:
            _live.pop(consultation_id, None)
            return None
        stored = Analysis.objects.filter(consultation=consultation).first()
        if stored is not None and stored.at_seq >= consultation.changed_seq:
            return None
        # Read before the votes: every vote at or below this seq has committed (see services).
        at_seq = consultation.changed_seq
        analysis, incremental = _analyse(consultation, at_seq)
        vote_count = Vote.objects.filter(consultation=consultation).count()
        result = to_result(analysis, vote_count=vote_count) if analysis else empty_result()
        return _store(consultation, at_seq, vote_count, result, incremental=incremental)


def _analyse(consultation: Consultation, at_seq: int) -> tuple[OpinionAnalysis | None, bool]:
    live = _live.get(consultation.pk)
    if live is not None and live.statements_seq == consultation.statements_seq:
        updated = _apply_new_votes(consultation, live, at_seq)
        if updated is not None:
            return updated, True
    votes = load_votes(consultation.pk)
    if votes.matrix.n_votes == 0:
        _live.pop(consultation.pk, None)
        return None, False
    try:
        model = OpinionModel.fit(votes.matrix, moderated_out=votes.moderated_out)
    except OpinionInputError:
        log.exception("consultation %s: votes the analysis refused", consultation.pk)
        _live.pop(consultation.pk, None)
        return None, False
    _live[consultation.pk] = _Live(model, at_seq, consultation.statements_seq, votes.matrix.n_votes)
    return model.analysis, False


def _apply_new_votes(
    consultation: Consultation, live: _Live, at_seq: int
) -> OpinionAnalysis | None:
    """Feed the votes cast since the model's seq into it; None when a full fit is due."""
    new = list(
        Vote.objects.filter(consultation=consultation, seq__gt=live.at_seq)
        .order_by("seq")
        .values_list("participant__number", "statement__number", "value")[
            : INCREMENTAL_MAX_VOTES + 1
        ]
    )
    if len(new) > INCREMENTAL_MAX_VOTES:
        return None
    if live.applied + len(new) > INCREMENTAL_MAX_SHARE * max(live.fitted_votes, 1):
        return None
    try:
        for pid, tid, value in new:
            live.model.record_vote(pid, tid, value)
    except OpinionInputError:
        return None  # e.g. a statement the fit did not have: a full fit adds it
    live.applied += len(new)
    live.at_seq = at_seq
    return live.model.analysis


@transaction.atomic
def _store(
    consultation: Consultation,
    at_seq: int,
    vote_count: int,
    result: dict[str, object],
    *,
    incremental: bool,
) -> Analysis | None:
    """Save the analysis unless another process already stored a fresher one."""
    stored, _ = Analysis.objects.select_for_update().get_or_create(
        consultation=consultation, defaults={"at_seq": -1}
    )
    if stored.at_seq >= at_seq:
        return None
    digest = hashlib.sha256(
        json.dumps(result, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    # The system's write, on the ledger like any other: what the map said, and when.
    record(
        actor=None,
        obj=consultation,
        event=published.ConsultationAnalysisUpdated(
            audience=consultation.audience,
            consultation=consultation.public_id,
            at_seq=at_seq,
            vote_count=vote_count,
            result_sha256=digest,
        ),
    )
    stored.result = result
    stored.vote_count = vote_count
    stored.at_seq = at_seq
    stored.computed_at = timezone.now()
    stored.incremental = incremental
    stored.save(update_fields=["result", "vote_count", "at_seq", "computed_at", "incremental"])
    return stored


def recompute_stale() -> list[str]:
    """Recompute every consultation whose analysis is behind its votes (`accord tick`)."""
    done = []
    for consultation_id in stale_consultations():
        if recompute(consultation_id) is not None:
            done.append(f"consultation {consultation_id}: opinion map recomputed")
    return done


def stale_consultations() -> list[int]:
    return [consultation_id for consultation_id, _ in stale_changes()]


def stale_changes() -> list[tuple[int, int]]:
    """(consultation, changed_seq) of every consultation whose analysis is behind its votes."""
    return list(
        Consultation.objects.filter(changed_seq__gt=0)
        .filter(Q(analysis__isnull=True) | Q(analysis__at_seq__lt=F("changed_seq")))
        .order_by("pk")
        .values_list("pk", "changed_seq")
    )

"""The summary record of a meeting: draft, corrections, final.

The secretariat issues a **draft** record: the statements made, each attributed to the state
that made it (or to the chair or the secretariat). Within the **corrections window** the rules
give, each state may correct its own statements, and only those; a later correction by the
same state of the same statement replaces its earlier one. Once the window has passed the
chair approves the **final** record, which takes every correction in and never changes again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.procedure.rules import RulesOfProcedure


class Stage(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


@dataclass(frozen=True)
class Entry:
    """One statement as the record gives it."""

    ref: str  # the app's id of the intervention
    state: str | None  # None: the chair as chair, or the secretariat
    text: str


@dataclass(frozen=True)
class Correction:
    ref: str  # the entry corrected
    state: str
    text: str
    at: datetime


@dataclass(frozen=True)
class SummaryRecord:
    """A meeting's record. Immutable: every step returns a new value."""

    meeting: str
    stage: Stage
    issued_at: datetime
    corrections_until: datetime
    entries: tuple[Entry, ...]
    corrections: tuple[Correction, ...] = ()
    approved_at: datetime | None = None

    def entry(self, ref: str) -> Entry:
        found = next((e for e in self.entries if e.ref == ref), None)
        if found is None:
            raise NotFound("the record holds no such statement")
        return found

    def text_of(self, ref: str) -> str:
        """The statement as it stands, with its correction if there is one."""
        fix = next((c for c in self.corrections if c.ref == ref), None)
        return fix.text if fix is not None else self.entry(ref).text


def issue_draft(
    meeting: str, entries: Iterable[Entry], *, rules: RulesOfProcedure, now: datetime
) -> SummaryRecord:
    """The secretariat's draft, open to corrections for the rules' window from `now`."""
    listed = tuple(entries)
    if len({e.ref for e in listed}) != len(listed):
        raise InvalidInput("a statement appears twice in the record")
    return SummaryRecord(
        meeting=meeting,
        stage=Stage.DRAFT,
        issued_at=now,
        corrections_until=now + rules.correction_window,
        entries=listed,
    )


def correct(
    record: SummaryRecord, *, state: str, ref: str, text: str, now: datetime
) -> SummaryRecord:
    """`state` corrects its own statement `ref` within the window."""
    if record.stage is Stage.FINAL:
        raise RuleViolation(
            "the record is final: it can no longer be corrected", code="record_final"
        )
    if now >= record.corrections_until:
        raise RuleViolation("the window for corrections has closed", code="corrections_closed")
    entry = record.entry(ref)
    if entry.state != state:
        raise NotPermitted(
            f"{state} corrects only its own statements; this one is not {state}'s",
            code="not_own_statement",
        )
    text = text.strip()
    if not text:
        raise InvalidInput("text: a correction needs the corrected text", field="text")
    if text == record.text_of(ref):
        raise RuleViolation(
            "the correction changes nothing in the statement", code="correction_unchanged"
        )
    others = tuple(c for c in record.corrections if c.ref != ref)
    return replace(record, corrections=(*others, Correction(ref, state, text, now)))


def approve_final(record: SummaryRecord, *, now: datetime) -> SummaryRecord:
    """The chair approves the final record, once the window for corrections has passed."""
    if record.stage is Stage.FINAL:
        raise RuleViolation("the record is already final", code="record_final")
    if now < record.corrections_until:
        raise RuleViolation(
            "the window for corrections is still open", code="corrections_still_open"
        )
    final_entries = tuple(replace(e, text=record.text_of(e.ref)) for e in record.entries)
    return replace(record, stage=Stage.FINAL, approved_at=now, entries=final_entries)

"""Summary records with corrections: the secretariat issues a draft, states correct their
own statements within the window the rules give, the chair approves the final record.

The draft holds the statements the whole meeting heard (interventions whose audience is the
meeting's own): a statement restricted to fewer states never enters a record all of them
read. The final record is immutable: its SHA-256 over canonical JSON goes on the ledger, and
nothing writes the row again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.dialogue import selectors as dialogue_selectors
from accord.dialogue.models import Intervention, Meeting
from accord.domain import events, procedure, signing
from accord.domain.errors import NotFound, NotPermitted, RuleViolation
from accord.domain.text import check_prose
from accord.edge.pagination import Page, PageRequest, paginate_sequence
from accord.ledger.services import record
from accord.members.models import User

from .floor import presides
from .messages import in_users_language
from .models import RecordCorrection, SummaryRecord
from .series import rules_for_meeting


def _entries(meeting: Meeting) -> list[dict[str, Any]]:
    heard = (
        Intervention.objects.filter(
            meeting=meeting,
            visibility=meeting.visibility,
            audience_states=meeting.audience_states,
            owner_state=meeting.owner_state,
        )
        .select_related("item")
        .order_by("delivered_at", "id")
    )
    return [
        {
            "ref": i.public_id,
            "state": None if i.as_chair else i.state_id,
            "speaker": "chair" if i.as_chair else ("state" if i.state_id else "secretariat"),
            "item": i.item.number if i.item else None,
            "kind": i.kind,
            "text": i.text,
        }
        for i in heard
    ]


def value_of(row: SummaryRecord) -> procedure.SummaryRecord:
    """The domain record of a row, with its corrections."""
    fixes = row.corrections.order_by("at", "id")
    latest: dict[str, RecordCorrection] = {}
    for fix in fixes:
        latest[fix.ref] = fix
    return procedure.SummaryRecord(
        meeting=str(row.meeting_id),
        stage=procedure.Stage(row.stage),
        issued_at=row.issued_at,
        corrections_until=row.corrections_until,
        entries=tuple(procedure.Entry(e["ref"], e["state"], e["text"]) for e in row.entries),
        corrections=tuple(
            procedure.Correction(f.ref, f.state_id, f.text, f.at) for f in latest.values()
        ),
        approved_at=row.approved_at,
    )


@transaction.atomic
def issue_draft(*, actor: User, meeting_id: int, now: datetime | None = None) -> SummaryRecord:
    """The secretariat issues the draft summary record of a meeting."""
    meeting = dialogue_selectors.get_meeting(actor, meeting_id, for_update=True)
    if not actor.is_secretariat:
        raise NotPermitted(_("Only the secretariat issues the draft summary record."))
    if SummaryRecord.objects.filter(meeting=meeting).exists():
        raise RuleViolation(_("The draft summary record of this meeting is already issued."))
    moment = now or timezone.now()
    entries = _entries(meeting)
    if not entries:
        raise RuleViolation(_("No intervention has been made at this meeting yet."))
    draft = procedure.issue_draft(
        str(meeting.pk),
        [procedure.Entry(e["ref"], e["state"], e["text"]) for e in entries],
        rules=rules_for_meeting(meeting),
        now=moment,
    )
    row = SummaryRecord.objects.create(
        meeting=meeting, entries=entries, issued_by=actor, issued_at=moment,
        corrections_until=draft.corrections_until,
    )  # fmt: skip
    record(
        actor=actor,
        action=events.RECORD_DRAFT_ISSUED,
        obj=row,
        audience=meeting.audience,
        payload={
            "meeting": meeting.public_id,
            "statements": len(entries),
            "corrections_until": draft.corrections_until.isoformat(),
        },
    )
    return row


def _locked(meeting: Meeting) -> SummaryRecord:
    row = SummaryRecord.objects.select_for_update().filter(meeting=meeting).first()
    if row is None:
        raise NotFound(_("No summary record has been issued for this meeting."))
    return row


@transaction.atomic
def submit_correction(
    *, actor: User, meeting_id: int, ref: str, text: str, now: datetime | None = None
) -> RecordCorrection:
    """A state corrects one of its own statements in the draft, within the window."""
    meeting = dialogue_selectors.get_meeting(actor, meeting_id, for_update=True)
    state = actor.state
    if state is None:
        raise NotPermitted(_("Only a state's delegation corrects its interventions."))
    row = _locked(meeting)
    moment = now or timezone.now()
    words = check_prose((text or "").strip()[:50000], field="text")
    with in_users_language():
        procedure.correct(value_of(row), state=state.code, ref=ref, text=words, now=moment)
    fix = RecordCorrection.objects.create(
        record=row, ref=ref, state=state, text=words.strip(), by=actor, at=moment
    )
    record(
        actor=actor,
        action=events.RECORD_CORRECTED,
        obj=row,
        audience=meeting.audience,
        payload={
            "meeting": meeting.public_id,
            "statement": ref,
            "state": actor.state_id,
            "text": words,
        },
    )
    return fix


def final_body(row: SummaryRecord) -> dict[str, Any]:
    """The final record as the canonical JSON its hash is taken over."""
    return {
        "format": "accord-summary-record/1",
        "meeting": row.meeting_id,
        "issued_at": row.issued_at.isoformat(),
        "approved_at": row.approved_at.isoformat() if row.approved_at else None,
        "entries": row.entries,
    }


@transaction.atomic
def approve_record(*, actor: User, meeting_id: int, now: datetime | None = None) -> SummaryRecord:
    """The chair approves the final record, with every correction taken in."""
    meeting = dialogue_selectors.get_meeting(actor, meeting_id, for_update=True)
    if not presides(actor, meeting):
        raise NotPermitted(_("Only the chair makes the summary record final."))
    row = _locked(meeting)
    moment = now or timezone.now()
    with in_users_language():
        final = procedure.approve_final(value_of(row), now=moment)
    texts = {e.ref: e.text for e in final.entries}
    row.entries = [{**e, "text": texts[e["ref"]]} for e in row.entries]
    row.stage = SummaryRecord.Stage.FINAL
    row.approved_by = actor
    row.approved_at = moment
    row.final_sha256 = hashlib.sha256(signing.canonical_bytes(final_body(row))).hexdigest()
    row.save(update_fields=["entries", "stage", "approved_by", "approved_at", "final_sha256"])
    record(
        actor=actor,
        action=events.RECORD_APPROVED,
        obj=row,
        audience=meeting.audience,
        payload={"meeting": meeting.public_id, "sha256": row.final_sha256, "entries": row.entries},
    )
    return row


# --- reads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordView:
    row: SummaryRecord
    value: procedure.SummaryRecord
    corrections: list[RecordCorrection]

    @property
    def entries(self) -> list[dict[str, Any]]:
        """The entries as they stand now: corrected texts, and the original beside."""
        return self._as_they_stand(self.row.entries)

    def page_of_entries(self, page: PageRequest) -> Page[dict[str, Any]]:
        """A page of `entries`, in the record's order (the record page's)."""
        found = paginate_sequence(self.row.entries, page, name=f"record|{self.row.pk}")
        return Page(self._as_they_stand(found.items), found.next)

    def _as_they_stand(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        corrected = {c.ref: c.text for c in self.value.corrections}
        return [
            {**e, "text": corrected.get(e["ref"], e["text"]), "original": e["text"]}
            for e in entries
        ]


def get_record(user: User, meeting_id: int) -> RecordView:
    """The meeting's summary record, for whoever may see the meeting."""
    meeting = dialogue_selectors.get_meeting(user, meeting_id)
    row = SummaryRecord.objects.filter(meeting=meeting).select_related("meeting").first()
    if row is None:
        raise NotFound(_("No summary record has been issued for this meeting."))
    return RecordView(row, value_of(row), list(row.corrections.select_related("state")))


def record_markdown(view: RecordView) -> str:
    """The record as Markdown: the draft (with corrections) or the final record."""
    meeting = view.row.meeting
    stage = view.row.get_stage_display()
    lines = [f"# {_('Summary record')}: {meeting.title}", "", f"*{stage}*", ""]
    for entry in view.entries:
        who = {"chair": _("The Chair"), "secretariat": _("The Secretariat")}.get(
            entry["speaker"], entry["state"] or ""
        )
        item = f"{entry['item']}. " if entry["item"] is not None else ""
        lines += [f"**{item}{who}** (#{entry['ref']})", "", entry["text"], ""]
    if view.row.final_sha256:
        lines += ["---", "", f"SHA-256: `{view.row.final_sha256}`", ""]
    return "\n".join(lines)

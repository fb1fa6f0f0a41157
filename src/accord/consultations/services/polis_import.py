"""Importing a Pol.is export into a consultation."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accord.consultations.models import Consultation, Participant, Statement, Vote
from accord.consultations.selectors import get_consultation
from accord.domain import published
from accord.domain.errors import InvalidInput, RuleViolation
from accord.domain.opinion import polis
from accord.domain.text import clean_for_import
from accord.ledger.services import record
from accord.members.models import User

from .checks import _require_moderator
from .statements import _mark_statements_changed

# --- Pol.is import -------------------------------------------------------------------------


def read_polis_folder(directory: Path) -> dict[str, bytes]:
    """The files of a Pol.is export folder, by name (comments.csv and votes.csv)."""
    return {
        name: (directory / name).read_bytes()
        for name in (polis.COMMENTS_FILE, polis.VOTES_FILE)
        if (directory / name).is_file()
    }


def _parse_upload(files: Mapping[str, bytes]) -> polis.PolisExport:
    import io

    for name in (polis.COMMENTS_FILE, polis.VOTES_FILE):
        if name not in files:
            raise InvalidInput(f"{name}: file missing")

    def stream(name: str) -> io.StringIO:
        try:
            text = files[name].decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidInput(f"{name}: not UTF-8 text ({error.reason})") from None
        return io.StringIO(text, newline="")

    try:
        comments = polis.parse_comments(stream(polis.COMMENTS_FILE))
        votes, events = polis.parse_votes(stream(polis.VOTES_FILE))
    except polis.PolisFormatError as error:
        # The message names the file, the line and the column.
        raise InvalidInput(str(error)) from None
    return polis.PolisExport(comments=comments, votes=votes, vote_events=events)


@transaction.atomic
def import_polis(
    *, actor: User, consultation_id: int, files: Mapping[str, bytes]
) -> dict[str, int]:
    """Import a Pol.is export (comments.csv, votes.csv) into an empty open consultation.

    Every file is parsed and checked before anything is written, and the whole import is one
    transaction: a bad file imports nothing. Pol.is ids become statement and seat numbers;
    imported participants are seats without a user (they cannot sign in).
    """
    consultation, export = check_polis_import(
        actor=actor, consultation_id=consultation_id, files=files
    )
    return do_import_polis(actor=actor, consultation=consultation, export=export, files=files)


def check_polis_import(
    *, actor: User, consultation_id: int, files: Mapping[str, bytes]
) -> tuple[Consultation, polis.PolisExport]:
    """Every refusal of `import_polis`: who imports, into what, and every file parsed and
    checked; writes nothing."""
    consultation = get_consultation(actor, consultation_id)
    _require_moderator(actor, consultation)
    if consultation.is_state_consultation:
        raise RuleViolation("a state consultation's votes are cast by states, not imported")
    export = _parse_upload(files)
    known = {c.statement_id for c in export.comments}
    stray = next((v for v in export.votes if v.statement_id not in known), None)
    if stray is not None:
        raise InvalidInput(
            f"{polis.VOTES_FILE}: comment-id {stray.statement_id} is not in {polis.COMMENTS_FILE}"
        )
    if consultation.statements.exists() or consultation.participants.exists():
        raise RuleViolation("import into a consultation that has no statements or seats yet")
    return consultation, export


def do_import_polis(
    *,
    actor: User,
    consultation: Consultation,
    export: polis.PolisExport,
    files: Mapping[str, bytes],
) -> dict[str, int]:
    """Record the import (with the files' digest), then write the seats, statements and votes.

    Lock: the ledger head, taken by `record` and held until commit; call inside the
    caller's transaction.
    """
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    entry = record(
        actor=actor,
        obj=consultation,
        event=published.ConsultationImported(
            audience=consultation.audience,
            consultation=consultation.public_id,
            format="polis",
            files_sha256=digest.hexdigest(),
            statements=len(export.comments),
            votes=len(export.votes),
        ),
    )
    return _write_export(actor, consultation, export, entry.seq)


def _write_export(
    actor: User, consultation: Consultation, export: polis.PolisExport, seq: int
) -> dict[str, int]:
    """The export's seats, statements and votes, in bulk, under ledger entry `seq`."""
    status_of = {
        1: Statement.Status.ACCEPTED,
        0: Statement.Status.PENDING,
        -1: Statement.Status.REJECTED,
    }
    now = timezone.now()
    pids = sorted({v.participant_id for v in export.votes} | {c.author_id for c in export.comments})
    Participant.objects.bulk_create(
        (
            Participant(
                consultation=consultation, number=pid, label=f"polis:{pid}", invited_by=actor
            )
            for pid in pids
        ),
        batch_size=5000,
    )
    seat = dict(Participant.objects.filter(consultation=consultation).values_list("number", "pk"))
    Statement.objects.bulk_create(
        Statement(
            consultation=consultation,
            number=c.statement_id,
            text=clean_for_import(c.body),
            author_participant_id=seat.get(c.author_id),
            status=status_of[c.moderated],
            moderated_by=actor if c.moderated else None,
            moderated_at=now if c.moderated else None,
        )
        for c in export.comments
    )
    statement = dict(
        Statement.objects.filter(consultation=consultation).values_list("number", "pk")
    )
    Vote.objects.bulk_create(
        (
            Vote(
                consultation=consultation,
                participant_id=seat[v.participant_id],
                statement_id=statement[v.statement_id],
                value=v.vote,
                cast_at=now,
                seq=seq,
            )
            for v in export.votes
        ),
        batch_size=5000,
    )
    _mark_statements_changed(consultation, seq)
    return {
        "statements": len(export.comments),
        "participants": len(pids),
        "votes": len(export.votes),
    }

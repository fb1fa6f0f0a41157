"""What members and the chair do in an adoption procedure, and what a procedure produces.

Each act takes a procedure and returns a new one; the rules common to every act (time never
goes back, observers and outsiders refused, nothing once decided) are checked once, in
`_check_act`. See `procedure` for the rules themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from accord.domain.consensus.instants import aware, format_time
from accord.domain.consensus.procedure import (
    Outcome,
    Position,
    Procedure,
    Stance,
    evaluate,
)
from accord.domain.consensus.record import (
    AdoptionRecord,
    ChairStatement,
    Explanation,
    ProcedureKind,
)
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation


def _check_act(procedure: Procedure, state: str, now: datetime) -> datetime:
    now = aware(now, "now")
    if procedure.last_act_at is not None and now < procedure.last_act_at:
        raise InvalidInput("this act is dated before the procedure's latest act")
    if state in procedure.observers:
        raise NotPermitted(f"{state} is an observer: observers neither approve nor object")
    if state not in procedure.members:
        raise NotPermitted(f"{state} does not take part in this adoption procedure")
    result = evaluate(procedure, now)
    if result.outcome is not Outcome.PENDING:
        raise RuleViolation(
            f"the procedure is closed ({result.outcome.value} at "
            f"{format_time(result.decided_at or now)}): nothing can be approved or objected"
        )
    return now


def _with_position(procedure: Procedure, position: Position) -> Procedure:
    others = [p for p in procedure.positions if p.state != position.state]
    positions = tuple(sorted([*others, position], key=lambda p: p.state))
    return replace(procedure, positions=positions, last_act_at=position.at)


def _consensus_only(procedure: Procedure, act: str) -> None:
    if procedure.kind is not ProcedureKind.CONSENSUS:
        raise RuleViolation(
            f"in a silence procedure members do not {act}: silence is consent, "
            "and breaking silence with a written reason objects"
        )


def approve(procedure: Procedure, state: str, now: datetime) -> Procedure:
    """`state` joins consensus."""
    now = _check_act(procedure, state, now)
    _consensus_only(procedure, "approve")
    current = procedure.position(state)
    if current is not None and current.approves:
        # One state, one act: a second approval would count nothing and record twice.
        raise RuleViolation(f"{state} has already approved this text; its approval stands.")
    return _with_position(procedure, Position(state, Stance.APPROVE, now))


def approve_ad_referendum(
    procedure: Procedure, state: str, now: datetime, *, confirm_by: datetime, reason: str = ""
) -> Procedure:
    """`state` approves subject to confirmation from its capital before `confirm_by`;
    `reason` is what the capital is to confirm, when the state says so."""
    now = _check_act(procedure, state, now)
    _consensus_only(procedure, "approve")
    confirm_by = aware(confirm_by, "confirm_by")
    if confirm_by <= now:
        raise InvalidInput("the confirmation deadline must be in the future")
    current = procedure.position(state)
    if (
        current is not None
        and current.stance is Stance.APPROVE_AD_REF
        and current.confirm_by == confirm_by
    ):
        raise RuleViolation(
            f"{state} has already approved this text ad referendum, to be confirmed by the "
            "same deadline."
        )
    return _with_position(
        procedure, Position(state, Stance.APPROVE_AD_REF, now, confirm_by, reason=reason)
    )


def confirm_ad_referendum(procedure: Procedure, state: str, now: datetime) -> Procedure:
    """`state` confirms its ad referendum approval (before its deadline)."""
    now = _check_act(procedure, state, now)
    current = procedure.position(state)
    if current is None or current.stance is not Stance.APPROVE_AD_REF:
        raise RuleViolation(f"{state} has no ad referendum approval to confirm")
    if current.confirmed_at is not None:
        raise RuleViolation(f"{state} has already confirmed")
    # The position keeps the time of the approval; the confirmation is the latest act.
    confirmed = _with_position(procedure, replace(current, confirmed_at=now))
    return replace(confirmed, last_act_at=now)


def object_to(procedure: Procedure, state: str, now: datetime, *, reason: str = "") -> Procedure:
    """`state` objects: consensus fails at once."""
    now = _check_act(procedure, state, now)
    _consensus_only(procedure, "object")
    return _with_position(procedure, Position(state, Stance.OBJECT, now, reason=reason.strip()))


def break_silence(procedure: Procedure, state: str, now: datetime, *, reason: str) -> Procedure:
    """`state` breaks silence with a written reason: the text returns to negotiation."""
    now = _check_act(procedure, state, now)
    if procedure.kind is not ProcedureKind.SILENCE:
        raise RuleViolation("there is no silence to break in a consensus procedure: object")
    if not reason or not reason.strip():
        raise InvalidInput("breaking silence needs a written reason")
    position = Position(state, Stance.BREAK_SILENCE, now, reason=reason.strip())
    return _with_position(procedure, position)


def explain_position(
    procedure: Procedure,
    state: str,
    now: datetime,
    *,
    text: str,
    dissociate_from: Sequence[str] = (),
) -> Procedure:
    """A member joining consensus attaches an explanation and/or dissociations.

    In consensus the state must already have approved (ad referendum counts); in a silence
    procedure any member who has not broken silence may. A later explanation by the same
    state replaces its earlier one.
    """
    now = _check_act(procedure, state, now)
    current = procedure.position(state)
    if procedure.kind is ProcedureKind.CONSENSUS and (
        current is None or current.stance not in (Stance.APPROVE, Stance.APPROVE_AD_REF)
    ):
        raise RuleViolation(f"{state} must join consensus before explaining its position")
    unknown = [n for n in dissociate_from if n not in procedure.paragraphs]
    if unknown:
        raise InvalidInput(f"the text has no paragraph {unknown[0]}")
    if not text.strip() and not dissociate_from:
        raise InvalidInput("write an explanation or name the paragraphs to dissociate from")
    ordered = tuple(n for n in procedure.paragraphs if n in set(dissociate_from))
    earlier = next((e for e in procedure.explanations if e.state == state), None)
    if earlier is not None and (earlier.text, earlier.dissociated_from) == (text.strip(), ordered):
        raise RuleViolation(f"{state} has already attached this explanation of position.")
    explanation = Explanation(state, text.strip(), ordered, now)
    others = [e for e in procedure.explanations if e.state != state]
    explanations = tuple(sorted([*others, explanation], key=lambda e: e.state))
    return replace(procedure, explanations=explanations, last_act_at=now)


def close_procedure(procedure: Procedure, now: datetime) -> Procedure:
    """The chair ends a pending procedure: consensus fails; a silence text is withdrawn."""
    now = aware(now, "now")
    result = evaluate(procedure, now)
    if result.outcome is not Outcome.PENDING:
        raise RuleViolation(f"the procedure is already closed ({result.outcome.value})")
    return replace(procedure, closed_at=now, last_act_at=now)


# --- what a procedure produces ---------------------------------------------------------------


def chair_statement(procedure: Procedure, now: datetime, *, text: str) -> ChairStatement:
    """The chair's statement on a text on which consensus failed (RuleViolation otherwise)."""
    result = evaluate(procedure, now)
    if result.outcome not in (Outcome.FAILED, Outcome.RETURNED):
        raise RuleViolation(
            f"a chair's statement is for when consensus fails; this procedure is "
            f"{result.outcome.value}"
        )
    if not text.strip():
        raise InvalidInput("a chair's statement needs text")
    return ChairStatement(procedure.document_id, procedure.revision, procedure.chair, now, text)


def adoption_record(procedure: Procedure, now: datetime) -> AdoptionRecord:
    """The record of an adopted text; RuleViolation unless `evaluate` says adopted."""
    result = evaluate(procedure, now)
    if result.outcome is not Outcome.ADOPTED:
        raise RuleViolation(f"the text has not been adopted ({result.outcome.value})")
    assert result.decided_at is not None
    return AdoptionRecord(
        document_id=procedure.document_id,
        revision=procedure.revision,
        text_hash=procedure.text_hash,
        procedure=procedure.kind,
        opened_at=procedure.opened_at,
        closed_at=result.decided_at,
        adopted_by=tuple(sorted(procedure.members)),
        explanations=procedure.explanations,
    )

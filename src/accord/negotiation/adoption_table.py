"""What the adoption console shows: where each member state stands, and which acts the
person looking may make now. Read from the domain's replay of the stored acts, so the
table says what the rule says (a silence procedure awaits no act; an ad referendum
approval counts once confirmed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.domain import consensus
from accord.members.models import State, User

# The acts, in the order the console offers them, with their button labels.
ACT_LABELS = {
    "approve": gettext_lazy("Approve"),
    "approve-ad-referendum": gettext_lazy("Approve ad referendum"),
    "confirm-ad-referendum": gettext_lazy("Confirm ad referendum"),
    "object": gettext_lazy("Object"),
    "break-silence": gettext_lazy("Break silence"),
    "explain": gettext_lazy("Explanation of position"),
    "dissociate": gettext_lazy("Dissociate"),
    "close": gettext_lazy("Close the procedure"),
}


@dataclass(frozen=True)
class StateRow:
    code: str
    name: str
    status: str  # approved | ad-ref | confirmed | objected | broke-silence | awaiting | silent
    label: str
    at: datetime | None = None
    confirm_by: datetime | None = None
    reason: str = ""
    explanation: str = ""
    dissociated_from: tuple[str, ...] = ()


def _status(procedure: consensus.Procedure, code: str) -> tuple[str, str]:
    position = procedure.position(code)
    silence = procedure.kind is consensus.ProcedureKind.SILENCE
    if position is None:
        if silence:
            return "silent", _("silent: consents unless it breaks silence")
        return "awaiting", _("awaiting its act")
    stance = position.stance
    if stance is consensus.Stance.APPROVE:
        return "approved", _("approved")
    if stance is consensus.Stance.APPROVE_AD_REF:
        if position.confirmed_at is not None:
            return "confirmed", _("approved ad referendum, confirmed")
        return "ad-ref", _("approved ad referendum, to be confirmed")
    if stance is consensus.Stance.OBJECT:
        return "objected", _("objected")
    return "broke-silence", _("broke silence")


def state_rows(procedure: consensus.Procedure, states: dict[str, State]) -> list[StateRow]:
    """One row per member state taking part, in code order."""
    explanations = {e.state: e for e in procedure.explanations}
    rows = []
    for code in sorted(procedure.members):
        status, label = _status(procedure, code)
        position = procedure.position(code)
        explanation = explanations.get(code)
        state = states.get(code)
        rows.append(
            StateRow(
                code=code,
                name=state.name if state is not None else code,
                status=status,
                label=label,
                at=position.at if position else None,
                confirm_by=position.confirm_by if position else None,
                reason=position.reason if position else "",
                explanation=explanation.text if explanation else "",
                dissociated_from=tuple(explanation.dissociated_from) if explanation else (),
            )
        )
    return rows


def offered_acts(
    user: User,
    procedure: consensus.Procedure,
    evaluation: consensus.Evaluation,
    *,
    presiding: bool,
) -> list[str]:
    """The acts `user` may make now: only those are offered (DESIGN: heads act for their
    state; the chair, or a co-chair of the text's meeting — `presiding` — closes)."""
    if evaluation.outcome is not consensus.Outcome.PENDING:
        return []
    acts: list[str] = []
    code = user.state_id
    if user.is_head and code in procedure.members:
        position = procedure.position(code)
        stance = position.stance if position else None
        if procedure.kind is consensus.ProcedureKind.CONSENSUS:
            if stance is None:
                acts += ["approve", "approve-ad-referendum", "object"]
            elif stance is consensus.Stance.APPROVE_AD_REF and position.confirmed_at is None:  # type: ignore[union-attr]
                acts += ["confirm-ad-referendum", "object"]
            if stance in (consensus.Stance.APPROVE, consensus.Stance.APPROVE_AD_REF):
                acts += ["explain", "dissociate"]
        elif stance is None:
            acts += ["break-silence", "explain", "dissociate"]
    if presiding:
        acts.append("close")
    return acts

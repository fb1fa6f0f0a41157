"""Adoption acts that speak for a state are signed by the person making them (issue 12).

For a state with a root key, an act is accepted only when it comes with a signed act
(`domain.signing.acts`) over a challenge this server issued for this procedure, unused and
unexpired, made by a head on the state's roster in force at the challenge's time, with a key
that is not revoked, over exactly the act requested. Anything else is refused before any
write, so a refused act changes nothing. The signed act is stored verbatim beside the act,
and every bundle carries the signed acts, the rosters and the roots (`acts_section_for`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import consensus, signing
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.members import act_signatures, rosters
from accord.members.models import ActChallenge, KeyRevocation, State, User
from accord.negotiation.models import AdoptionAct, AdoptionProcedure, SignedAct

SPEAKING_ROLE = "head"
signed_from_form = act_signatures.signed_from_form  # where the adoption pages take it


@dataclass(frozen=True)
class CheckedAct:
    """A signed act that passed every check, waiting for its act to be stored."""

    challenge: ActChallenge
    signed: dict[str, Any]
    person: str
    key_fingerprint: str


def subject_of(row: AdoptionProcedure) -> str:
    return f"adoption:{row.pk}"


def issue_adoption_challenge(
    *, actor: User, state: State, row: AdoptionProcedure, now: datetime | None = None
) -> ActChallenge:
    """A challenge for one act on the pending procedure `row` (time inside the procedure)."""
    moment = now or timezone.now()
    evaluation = consensus.evaluate(_procedure(row), moment)
    if evaluation.outcome is not consensus.Outcome.PENDING:
        raise RuleViolation(
            _("The adoption procedure is closed: there is nothing left to sign."),
            code="act-outside-procedure",
        )
    rosters.require_on_roster(actor, state, moment, SPEAKING_ROLE)
    return rosters.issue_challenge(
        actor=actor,
        state=state,
        subject=subject_of(row),
        document_id=row.document.domain_id,
        revision=row.revision.number,
        text_sha256=row.text_sha256,
        now=moment,
    )


def _procedure(row: AdoptionProcedure) -> consensus.Procedure:
    from accord.negotiation.domain_values import procedure_value

    return procedure_value(row)


def check_signed_act(
    *,
    actor: User,
    state: State,
    row: AdoptionProcedure,
    act: str,
    reason: str,
    confirm_by: datetime | None,
    dissociate_from: Sequence[str],
    signed: Any,
    moment: datetime,
) -> CheckedAct | None:
    """The checked signed act, None for a state without a root key; refused otherwise
    (`members.act_signatures` names the refusals).

    Precondition: inside the act's transaction, with the procedure row locked.
    """
    if not rosters.speaks_through_roster(state):
        return None
    rosters.require_on_roster(actor, state, moment, SPEAKING_ROLE)
    if signed is None:
        raise NotPermitted(
            _("An act for %(state)s must be signed by its head with a key on its roster.")
            % {"state": state.code},
            code="act-signature",
        )
    statement, key_fp, signature, signed_at = signing.parse_signed_act(signed)
    challenge = act_signatures.locked_challenge(
        statement.get("nonce"), actor, subject_of(row), moment, _wrong_revision()
    )
    expected = signing.act_statement(
        challenge.signed["challenge"],
        act=act,
        reason=reason,
        dissociated_from=list(dissociate_from),
        confirm_by=confirm_by,
    )
    if statement != expected:
        raise InvalidInput(
            _("The signed act is not the act requested (act, reason, paragraphs or deadline)."),
            code="act-mismatch",
        )
    key = act_signatures.roster_key(actor, state, key_fp, signed_at, (SPEAKING_ROLE,))
    signing.check_act_signature(statement, signature, key)
    act_signatures.require_unrevoked(state, key_fp, signed_at)
    act_signatures.spend(challenge, moment)
    return CheckedAct(challenge, dict(signed), actor.username, key_fp)


def _wrong_revision() -> InvalidInput:
    return InvalidInput(
        _("This act is over a revision that is not the one put to adoption."),
        code="act-revision",
    )


def keep_signed_act(stored: AdoptionAct, checked: CheckedAct | None) -> None:
    """Store the signed act beside the act it made (same transaction)."""
    if checked is not None:
        SignedAct.objects.create(
            act=stored,
            challenge=checked.challenge,
            person=checked.person,
            key_fingerprint=checked.key_fingerprint,
            signed=checked.signed,
        )


def _entry(act: AdoptionAct, signed: dict[int, dict[str, Any]]) -> dict[str, Any]:
    return {
        "state": act.state_id,
        "act": act.act,
        "at": consensus.format_time(act.at),
        "reason": act.reason,
        "confirm_by": consensus.format_time(act.confirm_by) if act.confirm_by else None,
        "dissociated_from": list(act.dissociated_from),
        "signed": signed.get(act.pk),
    }


def acts_section_for(row: AdoptionProcedure) -> dict[str, Any]:
    """The bundle's `signed_acts` section: every act, signed where signed, and the rosters,
    roots and revocations of the states that took part."""
    acts = list(row.acts.order_by("at", "id"))
    signed = {s.act_id: s.signed for s in SignedAct.objects.filter(act__procedure=row)}
    states = sorted(row.member_states)
    roots = [r for state in states for r in rosters.root_values(state)]
    speaking = {r.state for r in roots}
    from accord.negotiation.domain_values import opened_value

    opened = opened_value(row)  # with the rule of procedure it was opened under
    return signing.acts_section(
        procedure={
            "members": states,
            "observers": sorted(row.observer_states),
            "chair": row.chair_state_id,
            "deadline": consensus.format_time(row.deadline) if row.deadline else None,
            "consent": opened.consent.value,
            "absent": sorted(opened.absent),
            "absent_window_seconds": int(opened.absent_window.total_seconds()),
        },
        roots=roots,
        rosters=[r.signed or {} for s in sorted(speaking) for r in rosters.rosters_in_force(s)],
        revocations=[
            r.signed for r in KeyRevocation.objects.filter(state_id__in=speaking).order_by("id")
        ],
        acts=[_entry(a, signed) for a in acts],
    )

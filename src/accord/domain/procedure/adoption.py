"""Putting a text to adoption under a series' rules of procedure.

`consensus` evaluates a procedure; this module opens one as the rules say: the quorum of
members present, the silence-procedure minimum, what consensus means and the window after
which an absent member's silence counts as no objection. A series on the default rules opens
exactly the procedure it opened before rules were data.

`amend_in_silence` says what an amendment proposed while a silence procedure runs does:
where the rules say an amendment breaks silence (OSCE practice), the proposing member breaks
it, the amendment being its reason, and the text returns to negotiation; where they do not,
the amendment is refused and silence runs on.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from accord.domain import consensus
from accord.domain.errors import InvalidInput, RuleViolation
from accord.domain.negotiation import Revision
from accord.domain.procedure.rules import (
    RulesOfProcedure,
    check_quorum,
    check_silence_breaker,
    check_silence_deadline,
)


def open_under_rules(
    revision: Revision,
    rules: RulesOfProcedure,
    *,
    kind: consensus.ProcedureKind,
    members: Collection[str],
    observers: Collection[str] = (),
    chair: str,
    now: datetime,
    deadline: datetime | None = None,
    absent: Collection[str] = (),
    text: Mapping[str, Any] | None = None,
) -> consensus.Procedure:
    """The chair puts `revision` to adoption under `rules` (the domain's refusals, named)."""
    kind = consensus.ProcedureKind(kind)
    absent_set = frozenset(absent)
    if absent_set - frozenset(members):
        raise InvalidInput("absent: an absent state must be a participating member", field="absent")
    if kind is consensus.ProcedureKind.SILENCE:
        if absent_set:
            raise InvalidInput("absent: nobody is absent from a silence procedure", field="absent")
        if deadline is not None:
            check_silence_deadline(rules, now=now, deadline=deadline)
    else:
        check_quorum(rules, present=len(frozenset(members) - absent_set))
        if absent_set and rules.consent is not consensus.Consent.NO_OBJECTION:
            raise InvalidInput(
                "absent: under these rules every member approves, present or not",
                field="absent",
                code="absence_not_counted",
            )
    return consensus.open_procedure(
        revision,
        kind=kind,
        members=members,
        observers=observers,
        chair=chair,
        now=now,
        deadline=deadline,
        consent=rules.consent,
        absent=absent_set,
        absent_window=rules.absent_window,
        text=text,
    )


def amend_in_silence(
    procedure: consensus.Procedure,
    rules: RulesOfProcedure,
    *,
    state: str,
    is_head: bool,
    amendment: str,
    now: datetime,
) -> consensus.Procedure:
    """`state` proposes `amendment` (its code, "A4") while `procedure` is pending.

    Under rules where an amendment breaks silence, the state breaks silence (the domain's
    refusals of breaking silence apply: observers, outsiders, a decided procedure, a
    delegate where only heads break it), with the amendment as its reason. Otherwise
    RuleViolation: the text is put to adoption and no longer negotiated.
    """
    if procedure.kind is not consensus.ProcedureKind.SILENCE:
        raise RuleViolation(
            "the text is put to adoption in session: amendments wait until it returns to "
            "negotiation",
            code="text_in_adoption",
        )
    if not rules.amendment_breaks_silence:
        raise RuleViolation(
            "under these rules of procedure an amendment does not break silence: break "
            "silence with a written reason to return the text to negotiation",
            code="amendment_does_not_break_silence",
        )
    check_silence_breaker(rules, is_head=is_head)
    return consensus.break_silence(
        procedure, state, now, reason=f"{state} proposed amendment {amendment}"
    )

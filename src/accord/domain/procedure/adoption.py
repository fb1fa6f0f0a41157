"""Putting a text to adoption under a series' rules of procedure.

`consensus` evaluates a procedure; this module opens one as the rules say: the quorum of
members present, the silence-procedure minimum, what consensus means and the window after
which an absent member's silence counts as no objection. A series on the default rules opens
exactly the procedure it opened before rules were data.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from accord.domain import consensus
from accord.domain.errors import InvalidInput
from accord.domain.negotiation import Revision
from accord.domain.procedure.rules import RulesOfProcedure, check_quorum, check_silence_deadline


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

"""Rules of procedure (DESIGN §2 rule 9): how a meeting series runs, as data.

Import from here (`from accord.domain import procedure`):

* `rules` — `RulesOfProcedure`, one value per meeting series, and `check_rules`, which
  refuses a set that contradicts itself; the checks one act makes against the rules;
* `adoption` — `open_under_rules`: a text put to adoption as the rules say (quorum, the
  silence minimum, "no objection among those present" with a window for the absent), and
  `amend_in_silence`: whether an amendment breaks a silence procedure;
* `speakers` — the list of speakers: precedence, points of order, rights of reply, time;
* `records` — the summary record: draft, corrections by each state to its own statements,
  the final record;
* `chairmanship` — chair, co-chairs, vice-chairs, facilitators and their powers;
* `follow_up` — commitments under an adopted text and the implementation matrix.
"""

from accord.domain.procedure.adoption import amend_in_silence, open_under_rules
from accord.domain.procedure.chairmanship import Mandate, Office, check_mandate, check_power
from accord.domain.procedure.follow_up import (
    Commitment,
    MatrixRow,
    Status,
    check_commitment,
    matrix,
)
from accord.domain.procedure.records import (
    Correction,
    Entry,
    Stage,
    SummaryRecord,
    approve_final,
    correct,
    issue_draft,
)
from accord.domain.procedure.rules import (
    Power,
    RulesOfProcedure,
    SilenceBreakers,
    check_confirmation,
    check_quorum,
    check_rules,
    check_silence_breaker,
    check_silence_deadline,
    rules_from_dict,
)
from accord.domain.procedure.speakers import (
    POINT_OF_ORDER_TIME,
    Inscription,
    Rank,
    Turn,
    check_inscription,
    order_of_speakers,
    remaining,
    time_limit,
)

__all__ = [
    "POINT_OF_ORDER_TIME",
    "Commitment",
    "Correction",
    "Entry",
    "Inscription",
    "Mandate",
    "MatrixRow",
    "Office",
    "Power",
    "Rank",
    "RulesOfProcedure",
    "SilenceBreakers",
    "Stage",
    "Status",
    "SummaryRecord",
    "Turn",
    "amend_in_silence",
    "approve_final",
    "check_commitment",
    "check_confirmation",
    "check_inscription",
    "check_mandate",
    "check_power",
    "check_quorum",
    "check_rules",
    "check_silence_breaker",
    "check_silence_deadline",
    "correct",
    "issue_draft",
    "matrix",
    "open_under_rules",
    "order_of_speakers",
    "remaining",
    "rules_from_dict",
    "time_limit",
]

"""Adoption by consensus, not majority (DESIGN §2 rule 3): the public face of the procedures.

Import from here (`from accord.domain import consensus`); the modules behind it are an
implementation detail:

* `procedure` — the procedure as a pure state machine and `evaluate`, its outcome at an instant
  (the rules common to both procedures are set out in its docstring);
* `acts` — what members and the chair do, and the records a decided procedure produces;
* `record` — the adoption record and the chair's statement, in canonical JSON;
* `instants` — the one text form of a time, and the timezone-aware check.
"""

from accord.domain.consensus.acts import (
    adoption_record,
    approve,
    approve_ad_referendum,
    break_silence,
    chair_statement,
    close_procedure,
    confirm_ad_referendum,
    explain_position,
    object_to,
)
from accord.domain.consensus.instants import aware, format_time, parse_time
from accord.domain.consensus.procedure import (
    Consent,
    Evaluation,
    Outcome,
    Position,
    Procedure,
    Stance,
    evaluate,
    open_procedure,
)
from accord.domain.consensus.record import (
    CHAIR_STATEMENT_FORMAT,
    CHAIR_STATEMENT_LABEL,
    CHAIR_STATEMENT_NOTICE,
    RECORD_FORMAT,
    AdoptionRecord,
    ChairStatement,
    Explanation,
    ProcedureKind,
    record_from_dict,
)

__all__ = [
    "CHAIR_STATEMENT_FORMAT",
    "CHAIR_STATEMENT_LABEL",
    "CHAIR_STATEMENT_NOTICE",
    "RECORD_FORMAT",
    "AdoptionRecord",
    "ChairStatement",
    "Consent",
    "Evaluation",
    "Explanation",
    "Outcome",
    "Position",
    "Procedure",
    "ProcedureKind",
    "Stance",
    "adoption_record",
    "approve",
    "approve_ad_referendum",
    "aware",
    "break_silence",
    "chair_statement",
    "close_procedure",
    "confirm_ad_referendum",
    "evaluate",
    "explain_position",
    "format_time",
    "object_to",
    "open_procedure",
    "parse_time",
    "record_from_dict",
]

"""Every write of a consultation: creating and closing it, invitations, statements, votes
and the Pol.is import, one module per concept.

Each function is one transaction that checks who acts, applies the rule, saves and records
to the ledger; a refusal raises before anything is saved.
"""

from __future__ import annotations

from .checks import (
    MAX_STATEMENT_LENGTH,
)
from .checks import (
    _clean_text as _clean_text,
)
from .checks import (
    _next_number as _next_number,
)
from .checks import (
    _require_moderator as _require_moderator,
)
from .invitations import (
    invite,
    invite_by_name,
)
from .lifecycle import (
    check_consultation,
    close_consultation,
    create_consultation,
    do_create_consultation,
)
from .polis_import import (
    _parse_upload as _parse_upload,
)
from .polis_import import (
    check_polis_import,
    do_import_polis,
    import_polis,
    read_polis_folder,
)
from .statements import (
    _mark_statements_changed as _mark_statements_changed,
)
from .statements import (
    _may_speak as _may_speak,
)
from .statements import (
    moderate_statement,
    submit_statement,
)
from .votes import (
    MAX_BATCH,
    VOTE_NAMES,
    VOTE_VALUES,
    VoteIn,
    cast_vote,
    cast_votes,
    check_ballot,
    do_cast_votes,
)
from .votes import (
    _may_vote_for_state as _may_vote_for_state,
)
from .votes import (
    _parse_votes as _parse_votes,
)
from .votes import (
    _seat as _seat,
)

__all__ = [
    "MAX_BATCH",
    "MAX_STATEMENT_LENGTH",
    "VOTE_NAMES",
    "VOTE_VALUES",
    "VoteIn",
    "cast_vote",
    "cast_votes",
    "check_ballot",
    "check_consultation",
    "check_polis_import",
    "close_consultation",
    "create_consultation",
    "do_cast_votes",
    "do_create_consultation",
    "do_import_polis",
    "import_polis",
    "invite",
    "invite_by_name",
    "moderate_statement",
    "read_polis_folder",
    "submit_statement",
]

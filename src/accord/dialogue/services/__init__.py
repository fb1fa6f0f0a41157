"""Every write of the dialogue: concerns, meetings, the agenda, the floor, interventions,
documents, bilaterals and calendar feeds, one module per concept.

Each function is one transaction: it checks permission (raising `NotFound` when the actor
may not even see the object, so that a refusal never confirms a hidden object exists),
applies the rule, saves, and ends with `record(...)`, which appends to the ledger and
publishes the event after commit. Input is checked before anything is written, so a
refusal changes nothing. This package's names are the public API: callers import them from
`accord.dialogue.services`, never from its modules.
"""

from __future__ import annotations

from .bilaterals import (
    CheckedRequest,
    accept_bilateral,
    check_acceptance,
    check_bilateral_request,
    decline_bilateral,
    do_accept_bilateral,
    do_request_bilateral,
    request_bilateral,
)
from .bilaterals import (
    _answerable as _answerable,
)
from .bilaterals import (
    _commitments as _commitments,
)
from .bilaterals import (
    _plenary as _plenary,
)
from .calendar import (
    calendar_token_hash,
    issue_calendar_feed,
)
from .checks import (
    LANGUAGES,
    MAX_SLOTS,
)
from .checks import (
    _aware as _aware,
)
from .checks import (
    _member_state as _member_state,
)
from .checks import (
    _own_state as _own_state,
)
from .checks import (
    _states as _states,
)
from .checks import (
    _states_at as _states_at,
)
from .checks import (
    _text as _text,
)
from .checks import (
    _visibility as _visibility,
)
from .concerns import (
    CONCERN_VISIBILITIES,
    co_sponsor_concern,
    move_concern,
    raise_concern,
)
from .concerns import (
    _move as _move,
)
from .floor import (
    _item_of as _item_of,
)
from .floor import (
    give_floor,
    request_floor,
)
from .interventions import (
    CheckedIntervention,
    attach_document,
    check_intervention,
    deliver_intervention,
    do_deliver_intervention,
)
from .meetings import (
    MEETING_VISIBILITIES,
    CheckedMeeting,
    add_agenda_item,
    adopt_agenda,
    check_meeting,
    convene_meeting,
    do_convene_meeting,
)
from .meetings import (
    _may_convene as _may_convene,
)

__all__ = [
    "CONCERN_VISIBILITIES",
    "LANGUAGES",
    "MAX_SLOTS",
    "MEETING_VISIBILITIES",
    "CheckedIntervention",
    "CheckedMeeting",
    "CheckedRequest",
    "accept_bilateral",
    "add_agenda_item",
    "adopt_agenda",
    "attach_document",
    "calendar_token_hash",
    "check_acceptance",
    "check_bilateral_request",
    "check_intervention",
    "check_meeting",
    "co_sponsor_concern",
    "convene_meeting",
    "decline_bilateral",
    "deliver_intervention",
    "do_accept_bilateral",
    "do_convene_meeting",
    "do_deliver_intervention",
    "do_request_bilateral",
    "give_floor",
    "issue_calendar_feed",
    "move_concern",
    "raise_concern",
    "request_bilateral",
    "request_floor",
]

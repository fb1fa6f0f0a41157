"""The dialogue's pages: concerns, meetings (with live fragments), bilaterals and
the calendar, one module per concept. Each view parses, calls one service or selector, and
renders; a refusal comes back as a message on the page it was asked from, and changes nothing.
"""

from __future__ import annotations

from accord.edge.requests import acting_user as _user  # noqa: F401 (the name the module had)
from accord.edge.requests import form_action as _act  # noqa: F401 (the name the module had)
from accord.edge.requests import not_found_as_404 as _visible_or_404  # noqa: F401 (the name the module had)

from .bilaterals import (
    bilateral_accept,
    bilateral_decline,
    bilateral_list,
    bilateral_request,
)
from .calendar_pages import (
    calendar_feed,
    calendar_page,
)
from .concerns import (
    concern_co_sponsor,
    concern_detail,
    concern_list,
    concern_move,
    concern_raise,
)
from .meetings import (
    _meeting_context as _meeting_context,
)
from .meetings import (
    agenda_add,
    agenda_adopt,
    document_attach,
    floor_give,
    floor_request,
    meeting_agenda,
    meeting_calendar,
    meeting_convene,
    meeting_detail,
    meeting_interventions,
    meeting_list,
    meeting_speakers,
    meeting_summary,
    speak,
)
from .page import (
    View,
)
from .page import (
    _int_or_none as _int_or_none,
)
from .page import (
    _local_time as _local_time,
)

__all__ = [
    "View",
    "agenda_add",
    "agenda_adopt",
    "bilateral_accept",
    "bilateral_decline",
    "bilateral_list",
    "bilateral_request",
    "calendar_feed",
    "calendar_page",
    "concern_co_sponsor",
    "concern_detail",
    "concern_list",
    "concern_move",
    "concern_raise",
    "document_attach",
    "floor_give",
    "floor_request",
    "meeting_agenda",
    "meeting_calendar",
    "meeting_convene",
    "meeting_detail",
    "meeting_interventions",
    "meeting_list",
    "meeting_speakers",
    "meeting_summary",
    "speak",
]

"""Meeting series and their rules of procedure: writes and reads.

A meeting in no series, and a document of such a meeting, keeps the default rules
(`RulesOfProcedure()`), which is how Accord ran before rules were data.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.dialogue import selectors as dialogue_selectors
from accord.dialogue.models import Meeting
from accord.domain import events, procedure
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.visibility import Audience, Visibility
from accord.edge.pagination import Page, PageRequest, paginate
from accord.ledger.services import record
from accord.members.models import State, User
from accord.negotiation.models import Document

from .messages import in_users_language
from .models import MeetingSeries, SeriesMeeting

# Rules of procedure are open to every participant: members and observers alike.
RULES_AUDIENCE = Audience(Visibility.PARTICIPANTS)


def _may_set_rules(actor: User) -> None:
    if not (actor.is_secretariat or actor.is_chair):
        raise NotPermitted(_("Only the chair or the secretariat sets rules of procedure."))


def _checked(rules: dict[str, Any]) -> procedure.RulesOfProcedure:
    members = State.objects.filter(left_on__isnull=True, status=State.Status.MEMBER).count()
    with in_users_language():
        return procedure.check_rules(procedure.rules_from_dict(rules), members=members)


@transaction.atomic
def adopt_rules(*, actor: User, code: str, name: str, rules: dict[str, Any]) -> MeetingSeries:
    """Create a series with its rules, or replace a series' rules (refused when they
    contradict themselves, nothing changed)."""
    _may_set_rules(actor)
    value = _checked(rules)
    series = MeetingSeries.objects.select_for_update().filter(code=code).first()
    created = series is None
    if series is None:
        series = MeetingSeries(code=code, created_by=actor)
    elif series.rules == value.to_dict() and series.name == name:
        raise RuleViolation(_("The series already has these rules of procedure."))
    series.name = name
    series.rules = value.to_dict()
    series.save()
    record(
        actor=actor,
        action=events.RULES_ADOPTED if created else events.RULES_AMENDED,
        obj=series,
        audience=RULES_AUDIENCE,
        payload={"series": series.code, "name": series.name, "rules": series.rules},
    )
    return series


@transaction.atomic
def hold_under(*, actor: User, code: str, meeting_id: int) -> SeriesMeeting:
    """The meeting is held under the series' rules."""
    _may_set_rules(actor)
    meeting = dialogue_selectors.get_meeting(actor, meeting_id, for_update=True)
    series = MeetingSeries.objects.filter(code=code).first()
    if series is None:
        raise NotFound(_("No such meeting series."))
    link, _created = SeriesMeeting.objects.update_or_create(
        meeting=meeting, defaults={"series": series}
    )
    record(
        actor=actor,
        action=events.RULES_MEETING_HELD_UNDER,
        obj=meeting,
        audience=meeting.audience,
        payload={"meeting": meeting.public_id, "series": series.code},
    )
    return link


def list_series() -> list[MeetingSeries]:
    """Every series with its rules (open to every signed-in participant)."""
    return list(MeetingSeries.objects.all())


def series_page(page: PageRequest) -> Page[MeetingSeries]:
    """A page of them, by name."""
    return paginate(MeetingSeries.objects.all(), page)


def get_series(code: str) -> MeetingSeries:
    series = MeetingSeries.objects.filter(code=code).first()
    if series is None:
        raise NotFound(_("No such meeting series."))
    return series


def series_of(meeting: Meeting | int | None) -> MeetingSeries | None:
    if meeting is None:
        return None
    pk = meeting if isinstance(meeting, int) else meeting.pk
    link = SeriesMeeting.objects.select_related("series").filter(meeting_id=pk).first()
    return link.series if link is not None else None


def rules_for_meeting(meeting: Meeting | int | None) -> procedure.RulesOfProcedure:
    """The rules the meeting is held under (the default for a meeting in no series)."""
    series = series_of(meeting)
    return series.value if series is not None else procedure.RulesOfProcedure()


def rules_for_document(document: Document) -> procedure.RulesOfProcedure:
    """The rules of the meeting the document is negotiated at."""
    return rules_for_meeting(document.meeting_id)


def check_code(code: str) -> str:
    if not code or len(code) > 40 or not all(c.isalnum() or c == "-" for c in code):
        raise InvalidInput(_("code: letters, digits and hyphens, at most 40."), field="code")
    return code.lower()

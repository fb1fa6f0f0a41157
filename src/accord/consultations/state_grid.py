"""A state consultation read state by state: a grid of states × statements (agree /
disagree / pass / not yet), and each state's code on the opinion map. Only for state
consultations of a handful of states (one state, one voice); an open consultation's
experts stay dots on the map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from accord.consultations.models import Consultation, Participant, Statement, Vote
from accord.members.models import User

MOST_STATES = 15
VOTE_NAMES: dict[int, tuple[str, Any]] = {
    Vote.Value.AGREE: ("agree", gettext_lazy("agrees")),
    Vote.Value.DISAGREE: ("disagree", gettext_lazy("disagrees")),
    Vote.Value.PASS: ("pass", gettext_lazy("passes")),
}
NOT_YET: tuple[str, Any] = ("not-yet", gettext_lazy("not yet"))


@dataclass(frozen=True)
class GridRow:
    code: str
    name: str
    group: str  # the state's opinion group on the map ("A"), "" when not grouped
    cells: list[tuple[str, str]]  # per statement: (css class, label)


@dataclass(frozen=True)
class Grid:
    statements: list[Statement]
    rows: list[GridRow]


def seat_labels(consultation: Consultation) -> dict[int, str]:
    """Seat number -> the state's code, for a state consultation's map."""
    if not consultation.is_state_consultation:
        return {}
    seats = Participant.objects.filter(consultation=consultation, state__isnull=False)
    return dict(seats.values_list("number", "state_id"))


def state_grid(
    user: User, consultation: Consultation, statements: list[Statement], groups: dict[int, str]
) -> Grid | None:
    """States × accepted statements. `statements` are those `user` may see (a selector's
    answer); `groups` is seat number -> group label from the stored analysis."""
    if not consultation.is_state_consultation:
        return None
    seats = list(
        Participant.objects.filter(consultation=consultation, state__isnull=False)
        .select_related("state")
        .order_by("state_id")
    )
    if not seats or len(seats) > MOST_STATES:
        return None
    shown = [s for s in statements if s.status == Statement.Status.ACCEPTED]
    votes = {
        (v.participant_id, v.statement_id): v.value
        for v in Vote.objects.filter(consultation=consultation, statement__in=shown).order_by(
            "cast_at", "id"
        )
    }
    rows = []
    for seat in seats:
        cells = []
        for statement in shown:
            value = votes.get((seat.pk, statement.pk))
            css, label = VOTE_NAMES.get(value, NOT_YET) if value is not None else NOT_YET
            cells.append((css, str(label)))
        assert seat.state is not None
        rows.append(
            GridRow(seat.state_id or "", seat.state.name, groups.get(seat.number, ""), cells)
        )
    return Grid(shown, rows)


def place_labels(points: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    """States that voted alike sit on one dot: one label naming them all ("KAZ, KGZ"),
    written to the left of dots near the right edge so that it stays inside the map."""
    names: dict[tuple[Any, Any], list[str]] = {}
    for p in points:
        if p.get("label"):
            names.setdefault((p["x"], p["y"]), []).append(p["label"])
    seen: set[tuple[Any, Any]] = set()
    for p in points:
        spot = (p["x"], p["y"])
        if not p.get("label") or spot in seen:
            p["label"] = ""
            continue
        seen.add(spot)
        p["label"] = ", ".join(sorted(names[spot]))
        right = p["x"] > size * 0.6
        p["anchor"] = "end" if right else "start"
        p["tx"] = round(p["x"] - 9 if right else p["x"] + 9, 1)
        p["ty"] = round(min(max(p["y"] + 4, 12), size - 4), 1)
    return points

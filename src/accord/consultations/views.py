"""The consultation pages: vote statement after statement, submit, moderate, and the opinion
map (an SVG drawn here, on the server, refreshed by htmx when the analysis is updated)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.consultations import selectors, services
from accord.consultations.models import Consultation, Statement
from accord.consultations.opinion_map import is_stale
from accord.consultations.state_grid import place_labels, seat_labels, state_grid
from accord.domain.errors import DomainError, NotFound
from accord.edge.fields import MAX_NUMBER
from accord.edge.pagination import next_url, page_request
from accord.edge.params import whole_number
from accord.edge.requests import acting_user as _user
from accord.edge.requests import bad_address_as_422
from accord.members.models import User

# Colour-blind-safe (Okabe–Ito) group colours; grey for participants not yet grouped.
GROUP_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"]
UNGROUPED = "#999999"
MAP_SIZE = 320
MAP_MARGIN = 12


def _consultation(request: HttpRequest, consultation_id: int) -> Consultation:
    try:
        return selectors.get_consultation(_user(request), consultation_id)
    except NotFound:
        raise Http404 from None


@login_required
@bad_address_as_422
def consultation_list(request: HttpRequest) -> HttpResponse:
    found = selectors.list_consultations(_user(request), page=page_request(request.GET))
    context = {"consultations": found, "next_url": next_url(request, found.next)}
    return render(request, "consultations/list.html", context)


def _page_context(request: HttpRequest, consultation: Consultation) -> dict[str, Any]:
    user = _user(request)
    moderator = selectors.can_moderate(user, consultation)
    statements = list(selectors.statements_of(user, consultation.pk))
    return {
        "consultation": consultation,
        "next": selectors.next_statement(user, consultation),
        "my_votes": selectors.my_votes(user, consultation),
        "moderator": moderator,
        "pending": [s for s in statements if s.status == Statement.Status.PENDING]
        if moderator
        else [],
        "statement_count": sum(1 for s in statements if s.status == Statement.Status.ACCEPTED),
        **_map_context(user, consultation, statements),
    }


@login_required
def consultation_page(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    return render(request, "consultations/detail.html", _page_context(request, consultation))


def _map_context(
    user: User, consultation: Consultation, statements: list[Statement]
) -> dict[str, Any]:
    """Points scaled into the SVG box, and per-statement bars, from the stored analysis."""
    _, analysis = selectors.get_analysis(user, consultation.pk)
    result = analysis.result if analysis else {}
    raw = result.get("points", [])
    groups = [
        {**g, "fill": GROUP_COLOURS[g["id"] % len(GROUP_COLOURS)]} for g in result.get("groups", [])
    ]
    text = {s.number: s.text for s in statements}

    def listed(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**i, "text": text[i["number"]]} for i in items if i["number"] in text]

    return {
        "analysis": analysis,
        "stale": is_stale(consultation, analysis.at_seq if analysis else None),
        "points": _map_points(consultation, raw),
        "groups": groups,
        "bars": _agreement_bars(result.get("statements", []), groups, text),
        "consensus": listed(result.get("consensus", {}).get("agree", [])),
        "bridging": listed(result.get("bridging", [])),
        "map_size": MAP_SIZE,
        "participant_count": len(raw),
        "grid": state_grid(
            user,
            consultation,
            statements,
            {int(p[0]): chr(ord("A") + int(p[3])) for p in raw if p[3] >= 0},
        ),
    }


def _map_points(consultation: Consultation, raw: list[list[Any]]) -> list[dict[str, Any]]:
    """The stored points, [seat, x, y, group], scaled into the SVG box and labelled."""
    xs = [p[1] for p in raw] or [0.0]
    ys = [p[2] for p in raw] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    inner = MAP_SIZE - 2 * MAP_MARGIN

    def scale(value: float, low: float) -> float:
        return round(MAP_MARGIN + (value - low) / span * inner, 1)

    labels = seat_labels(consultation)
    points = [
        {
            "x": scale(p[1], min(xs)),
            "y": scale(p[2], min(ys)),
            "label": labels.get(int(p[0]), ""),
            "fill": GROUP_COLOURS[p[3] % len(GROUP_COLOURS)] if p[3] >= 0 else UNGROUPED,
        }
        for p in raw
    ]
    place_labels(points, MAP_SIZE)
    return points


def _agreement_bars(
    rows: list[dict[str, Any]], groups: list[dict[str, Any]], text: dict[int, str]
) -> list[dict[str, Any]]:
    """One bar per group for each statement still in the conversation: its share agreeing."""
    return [
        {
            "number": row["number"],
            "text": text[row["number"]],
            "groups": [
                {
                    "label": g["label"],
                    "fill": g["fill"],
                    "rate": rate,
                    "width": round(rate * 100, 1),
                    "percent": round(rate * 100),
                }
                for g, rate in zip(groups, row["agree_by_group"], strict=False)
            ],
        }
        for row in rows
        if not row["moderated_out"] and row["number"] in text
    ]


@login_required
def opinion_map(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    statements = list(selectors.statements_of(_user(request), consultation.pk))
    context = {
        "consultation": consultation,
        **_map_context(_user(request), consultation, statements),
    }
    return render(request, "consultations/_map.html", context)


def _back(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return render(request, "consultations/_voting.html", _page_context(request, consultation))
    return redirect("consultations:detail", consultation_id=consultation.public_id)


@login_required
@require_POST
def vote(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    try:
        services.cast_vote(
            actor=_user(request),
            consultation_id=consultation.pk,
            statement=whole_number(
                request.POST.get("statement"), field="statement", maximum=MAX_NUMBER
            ),
            vote=request.POST.get("vote", ""),
        )
    except (DomainError, ValueError) as error:
        messages.error(request, getattr(error, "message", str(error)))
    return _back(request, consultation)


@login_required
@require_POST
def submit(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    try:
        services.submit_statement(
            actor=_user(request),
            consultation_id=consultation.pk,
            text=request.POST.get("text", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("consultations:detail", consultation_id=consultation.public_id)


@login_required
@require_POST
def moderate(request: HttpRequest, consultation_id: int, number: int) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    try:
        services.moderate_statement(
            actor=_user(request),
            consultation_id=consultation.pk,
            number=number,
            status=request.POST.get("status", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("consultations:detail", consultation_id=consultation.public_id)

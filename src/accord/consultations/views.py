"""The consultation pages: vote statement after statement, submit, moderate, and the opinion
map (an SVG drawn here, on the server, refreshed by htmx when the analysis is updated)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.consultations import selectors, services
from accord.consultations.models import Consultation, Statement
from accord.consultations.opinion_map import is_stale
from accord.consultations.state_grid import place_labels, seat_labels, state_grid
from accord.domain.errors import DomainError, InvalidInput, NotFound
from accord.edge.fields import MAX_NUMBER
from accord.edge.pagination import (
    DEFAULT_SIZE,
    InvalidCursor,
    PageRequest,
    next_url,
    page_request,
)
from accord.edge.params import whole_number
from accord.edge.requests import acting_user as _user
from accord.edge.requests import bad_address_as_422

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


STATEMENT_LISTS = ("pending", "statements")


def _pages(request: HttpRequest) -> dict[str, PageRequest]:
    """The page of each of the consultation page's lists its address asks for: the one
    `?list=` names at `?cursor=` (a cursor names its list), the other at its first page."""
    listing = request.GET.get("list") or None
    page = page_request(request.GET)
    if listing is None and page.cursor is not None:
        raise InvalidCursor()
    if listing is not None and listing not in STATEMENT_LISTS:
        raise InvalidInput(_("list: pending or statements"), field="list")
    first = PageRequest(size=page.size)
    return {name: page if name == listing else first for name in STATEMENT_LISTS}


def _page_context(request: HttpRequest, consultation: Consultation) -> dict[str, Any]:
    user = _user(request)
    pages = _pages(request)
    moderator = selectors.can_moderate(user, consultation)
    pending = selectors.statements_page(
        user, consultation, status=Statement.Status.PENDING, page=pages["pending"]
    )
    return {
        "consultation": consultation,
        "next": selectors.next_statement(user, consultation),
        "vote_count": selectors.vote_count(user, consultation),
        "moderator": moderator,
        "pending": pending,
        "next_pending": next_url(request, pending.next, list="pending"),
        **_map_context(request, consultation, pages["statements"]),
    }


@login_required
@bad_address_as_422
def consultation_page(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    return render(request, "consultations/detail.html", _page_context(request, consultation))


def _map_context(
    request: HttpRequest, consultation: Consultation, page: PageRequest
) -> dict[str, Any]:
    """Points scaled into the SVG box, and per-statement bars for a page of the accepted
    statements (the state grid's columns too), from the stored analysis."""
    user = _user(request)
    _, analysis = selectors.get_analysis(user, consultation.pk)
    result = analysis.result if analysis else {}
    raw = result.get("points", [])
    groups = [
        {**g, "fill": GROUP_COLOURS[g["id"] % len(GROUP_COLOURS)]} for g in result.get("groups", [])
    ]
    shown = selectors.statements_page(
        user, consultation, status=Statement.Status.ACCEPTED, page=page
    )
    # The ranked summaries: their first page each, in their rank.
    consensus = result.get("consensus", {}).get("agree", [])[:DEFAULT_SIZE]
    bridging = result.get("bridging", [])[:DEFAULT_SIZE]
    ranked = {i["number"] for i in consensus + bridging}
    text = selectors.statement_texts(user, consultation, ranked) if ranked else {}

    def listed(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**i, "text": text[i["number"]]} for i in items if i["number"] in text]

    detail = reverse("consultations:detail", args=[consultation.public_id])
    following = next_url(request, shown.next, list="statements")
    return {
        "analysis": analysis,
        "stale": is_stale(consultation, analysis.at_seq if analysis else None),
        "points": _map_points(consultation, raw),
        "groups": groups,
        "bars": _agreement_bars(result.get("statements", []), groups, shown.items),
        "next_statements": following and detail + following[len(request.path) :],
        "consensus": listed(consensus),
        "bridging": listed(bridging),
        "map_size": MAP_SIZE,
        "participant_count": len(raw),
        "grid": state_grid(
            user,
            consultation,
            shown.items,
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
    rows: list[dict[str, Any]], groups: list[dict[str, Any]], statements: list[Statement]
) -> list[dict[str, Any]]:
    """One bar per group for each of `statements` still in the conversation: its share
    agreeing."""
    by_number = {row["number"]: row for row in rows}
    return [
        {
            "number": statement.number,
            "text": statement.text,
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
        for statement in statements
        if (row := by_number.get(statement.number)) is not None and not row["moderated_out"]
    ]


@login_required
@bad_address_as_422
def opinion_map(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    context = {
        "consultation": consultation,
        **_map_context(request, consultation, _pages(request)["statements"]),
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

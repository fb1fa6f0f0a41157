"""The pages of procedure: the chair's console for a sitting (and the speaker's view of it),
the summary record with its corrections, the implementation matrix, the chair's hand-over
page and the rules of procedure. Each view parses, calls one service or selector, renders;
a refusal comes back as a message on the page it was asked from, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.dialogue.models import AgendaItem, FloorRequest
from accord.dialogue.public_refs import from_form
from accord.domain.errors import InvalidInput, NotFound
from accord.edge.pagination import next_url, page_request
from accord.edge.requests import acting_user as _user
from accord.edge.requests import bad_address_as_422
from accord.members.models import ChairTerm
from accord.members.public_ids import RowKey, is_public_id, key_of

from . import chairing, floor, follow_up, informal, records, series
from . import matrix_pdf as matrix_pdf_export
from .models import Commitment, FloorTurn
from .page_acts import act_and_redirect as _act


def _seen(load: Callable[[], Any]) -> Any:
    try:
        return load()
    except NotFound:
        raise Http404(_("Not found.")) from None


# --- the chair's console --------------------------------------------------------------------


def _console_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = _user(request)
    item = from_form("item", request.GET.get("item"))
    view = _seen(lambda: floor.console(user, pk, item))
    return {
        "console": view,
        "meeting": view.meeting,
        "series": series.series_of(view.meeting),
        "turns": FloorTurn.Turn.choices,
        "non_papers": informal.non_papers(user, pk),
        "offices": chairing.offices_at(user, pk),
    }


@login_required
def console(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "proceedings/console.html", _console_context(request, pk))


@login_required
def console_floor(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "proceedings/_floor.html", _console_context(request, pk))


def _back_to_console(pk: int, item: int | None) -> str:
    url = reverse("proceedings:console", args=[pk])
    named = getattr(item, "public_id", None)
    return f"{url}?item={named}" if item and is_public_id(named) else url


def _item(request: HttpRequest) -> int | None:
    """The agenda item the console's hidden field names by public id (a RowKey)."""
    text = (request.POST.get("item") or "").strip()
    return RowKey(key_of(AgendaItem, text), text) if text else None


@login_required
@require_POST
def inscribe(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request)
    return _act(
        request,
        _back_to_console(pk, item),
        lambda: floor.inscribe(
            actor=_user(request), meeting_id=pk, item_id=item or 0,
            turn=request.POST.get("turn", "statement"),
            on_behalf_of=request.POST.get("on_behalf_of", "")[:200],
        ),
        _("You are on the list of speakers."),
    )  # fmt: skip


@login_required
@require_POST
def give(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request)
    chosen_text = (request.POST.get("request") or "").strip()
    chosen = key_of(FloorRequest, chosen_text) if chosen_text else None
    return _act(
        request,
        _back_to_console(pk, item),
        lambda: floor.give_floor(
            actor=_user(request), meeting_id=pk, item_id=item or 0, request_id=chosen
        ),
        _("The floor is given."),
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request)
    return _act(
        request,
        _back_to_console(pk, item),
        lambda: floor.close_list(actor=_user(request), meeting_id=pk, item_id=item or 0),
        _("The list of speakers is closed."),
    )


@login_required
@require_POST
def announce(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        reverse("proceedings:console", args=[pk]),
        lambda: floor.announce(
            actor=_user(request), meeting_id=pk, text=request.POST.get("text", "")[:500]
        ),
        _("The announcement is made."),
    )


# --- the summary record ---------------------------------------------------------------------


@login_required
@bad_address_as_422
def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    from accord.dialogue import selectors as dialogue_selectors

    page = page_request(request.GET)
    meeting = _seen(lambda: dialogue_selectors.get_meeting(user, pk))
    try:
        view = records.get_record(user, pk)
    except NotFound:
        view = None
    entries = view.page_of_entries(page) if view is not None else None
    context = {
        "meeting": meeting,
        "record": view,
        "entries": entries,
        "next_url": next_url(request, entries.next) if entries is not None else None,
        "presides": floor.presides(user, meeting),
    }
    return render(request, "proceedings/record.html", context)


@login_required
def record_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    view = _seen(lambda: records.get_record(_user(request), pk))
    return HttpResponse(records.record_markdown(view), content_type="text/markdown; charset=utf-8")


@login_required
@require_POST
def record_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        reverse("proceedings:record", args=[pk]),
        lambda: records.issue_draft(actor=_user(request), meeting_id=pk),
        _("The draft summary record is issued."),
    )


@login_required
@require_POST
def record_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        reverse("proceedings:record", args=[pk]),
        lambda: records.submit_correction(
            actor=_user(request), meeting_id=pk, ref=request.POST.get("statement", "")[:32],
            text=request.POST.get("text", "")[:50000],
        ),
        _("Your correction is submitted."),
    )  # fmt: skip


@login_required
@require_POST
def record_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        reverse("proceedings:record", args=[pk]),
        lambda: records.approve_record(actor=_user(request), meeting_id=pk),
        _("The summary record is final."),
    )


# --- the implementation matrix --------------------------------------------------------------


@login_required
def matrix_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    matrix = _seen(lambda: follow_up.implementation_matrix(user, pk))
    rows = [
        (paragraph, [(c, c.value().overdue(matrix.today)) for c in commitments])
        for paragraph, commitments in matrix.rows
    ]
    return render(
        request,
        "proceedings/matrix.html",
        {
            "matrix": matrix, "rows": rows, "statuses": Commitment.Status.choices,
            "may_record": user.is_secretariat or user.is_chair,
            "friends": informal.friends_groups(user, pk),
        },
    )  # fmt: skip


@login_required
def matrix_csv(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _seen(lambda: follow_up.implementation_matrix(_user(request), pk))
    response = HttpResponse(follow_up.matrix_csv(matrix), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="implementation-{matrix.document.public_id}.csv"'
    )
    return response


@login_required
def matrix_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _seen(lambda: follow_up.implementation_matrix(_user(request), pk))
    response = HttpResponse(matrix_pdf_export.to_pdf(matrix), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="implementation-{matrix.document.public_id}.pdf"'
    )
    return response


def _day(value: str) -> date | None:
    """The optional date the hand-over takes effect on, from the form (blank: None)."""
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InvalidInput(
            _("takes_effect_on: a date (YYYY-MM-DD)."), field="takes_effect_on"
        ) from None


def _due(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("due: a date (YYYY-MM-DD)."), field="due") from None


@login_required
@require_POST
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    data = request.POST
    return _act(
        request,
        reverse("proceedings:matrix", args=[pk]),
        lambda: follow_up.add_commitment(
            actor=_user(request), document_id=pk, paragraph=data.get("paragraph", "")[:8],
            description=data.get("description", "")[:500],
            lead_states=data.get("lead_states", "").replace(",", " ").split()[:50],
            due=_due(data.get("due", "")),
        ),
        _("The commitment is recorded."),
    )  # fmt: skip


@login_required
@require_POST
def commitment_update(request: HttpRequest, pk: int, commitment_id: int) -> HttpResponse:
    data = request.POST
    return _act(
        request,
        reverse("proceedings:matrix", args=[pk]),
        lambda: follow_up.update_commitment(
            actor=_user(request), document_id=pk, commitment_id=commitment_id,
            status=data.get("status", ""), evidence=data.get("evidence", "")[:5000],
        ),
        _("The commitment is updated."),
    )  # fmt: skip


# --- chairmanship and rules -----------------------------------------------------------------


@login_required
def handover_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    from accord.members.models import State

    return render(
        request,
        "proceedings/handover.html",
        {
            "term": ChairTerm.current(),
            "handovers": chairing.handovers(user),
            "states": State.objects.filter(status=State.Status.MEMBER, left_on__isnull=True),
            "overdue": follow_up.overdue(user),
            "today": timezone.localdate(timezone=UTC),
        },
    )


@login_required
@require_POST
def handover_write(request: HttpRequest) -> HttpResponse:
    return _act(
        request,
        reverse("proceedings:handover"),
        lambda: chairing.hand_over(
            actor=_user(request), incoming=request.POST.get("incoming", "")[:8],
            note=request.POST.get("note", "")[:20000],
            holder=request.POST.get("holder", "").strip()[:150],
            takes_effect_on=_day(request.POST.get("takes_effect_on", "")),
        ),
        _("The chair is handed over; the hand-over note is recorded."),
    )  # fmt: skip


@login_required
def rules_page(request: HttpRequest) -> HttpResponse:
    return render(request, "proceedings/rules.html", {"series": series.list_series()})

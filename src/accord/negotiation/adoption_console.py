"""The adoption console: where each state stands, explicit buttons for the acts the
person may make, and a confirmation page naming the document, the revision and the text
hash acted on (GOV.UK's check-your-answers pattern). A refusal comes back on the
confirmation page, next to the field and in the error summary, with what was typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accord.domain.errors import DomainError, NotFound
from accord.edge.requests import acting_user as _user
from accord.members.models import State, User
from accord.negotiation import selectors, services
from accord.negotiation.adoption_table import ACT_LABELS, offered_acts, state_rows
from accord.negotiation.authentic_texts import HTML_LANG
from accord.negotiation.domain_values import revision_value
from accord.negotiation.permissions import presides
from accord.negotiation.selectors import AdoptionView
from accord.negotiation.signed_acts import signed_from_form

Errors = dict[str, str]


def _adoption(user: User, document_id: int) -> AdoptionView:
    try:
        return selectors.get_adoption(user, document_id)
    except NotFound:
        raise Http404(_("No such document.")) from None


def _context(user: User, adoption: AdoptionView) -> dict[str, Any]:
    procedure = adoption.procedure
    codes = set(adoption.value.members)
    states = {s.code: s for s in State.objects.filter(code__in=codes)}
    revision = revision_value(procedure.revision)
    labels = revision.labels()
    return {
        "document": procedure.document,
        "adoption": adoption,
        "procedure": procedure,
        "silence": procedure.kind == procedure.Kind.SILENCE,
        "rows": state_rows(adoption.value, states),
        "acts": [
            (act, ACT_LABELS[act])
            for act in offered_acts(
                user,
                adoption.value,
                adoption.evaluation,
                presiding=presides(user, procedure.document.meeting_id),
            )
        ],
        "paragraphs": [(labels[p.id], p) for p in revision.paragraphs],
        # The act signs the text's hash, which covers every language version: show them.
        "versions": [
            (HTML_LANG.get(v["language"], v["language"]), v["title"], v["paragraphs"])
            for v in procedure.text.get("versions", ())
        ],
        "now": timezone.now(),
    }


@login_required
def console(request: HttpRequest, document_id: int) -> HttpResponse:
    """The procedure as it stands, and the buttons for the acts offered."""
    user = _user(request)
    adoption = _adoption(user, document_id)
    return render(request, "negotiation/adoption.html", _context(user, adoption))


def _confirm_by(raw: str, errors: Errors) -> datetime | None:
    moment = parse_datetime(raw) if raw else None
    if moment is None:
        errors["confirm_by"] = _("Enter the date and time by which your capital will confirm.")
        return None
    moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    if moment <= timezone.now():
        errors["confirm_by"] = _("The date of confirmation must be in the future.")
    return moment


def _parse(act: str, post: Any, errors: Errors, labels: set[str]) -> dict[str, Any]:
    """The act's own fields, checked before anything is sent to the rule."""
    reason = post.get("reason", "").strip()
    chosen = [p for p in post.getlist("paragraphs") if p in labels]
    if act == "break-silence" and not reason:
        errors["reason"] = _("Write the reason your state breaks silence.")
    if act == "explain" and not reason:
        errors["reason"] = _("Write your state's explanation of position.")
    if act == "dissociate" and not chosen:
        errors["paragraphs"] = _("Choose the paragraphs your state dissociates from.")
    fields: dict[str, Any] = {"reason": reason, "paragraphs": chosen}
    if act == "approve-ad-referendum":
        fields["confirm_by"] = _confirm_by(post.get("confirm_by", ""), errors)
    return fields


def _perform(act: str, user: User, document_id: int, fields: dict[str, Any]) -> None:
    common: dict[str, Any] = {"actor": user, "document_id": document_id}
    chair: dict[str, Any] = dict(common)
    common["signed"] = fields.get("signed")  # the act signed in the browser (issue 12)
    run: dict[str, Callable[[], object]] = {
        "approve": lambda: services.approve(**common),
        "approve-ad-referendum": lambda: services.approve_ad_referendum(
            **common, confirm_by=fields["confirm_by"], reason=fields["reason"]
        ),
        "confirm-ad-referendum": lambda: services.confirm_ad_referendum(**common),
        "object": lambda: services.object_to(**common, reason=fields["reason"]),
        "break-silence": lambda: services.break_silence(**common, reason=fields["reason"]),
        "explain": lambda: services.attach_explanation(**common, text=fields["reason"]),
        "dissociate": lambda: services.dissociate(
            **common, paragraphs=fields["paragraphs"], text=fields["reason"]
        ),
        "close": lambda: services.close_adoption(**chair),
    }
    run[act]()


def _done(act: str, adoption: AdoptionView, fields: dict[str, Any]) -> str:
    names = {
        "revision": f"Rev.{adoption.procedure.revision.number}",
        "title": adoption.procedure.document.title,
        "paragraphs": ", ".join(fields.get("paragraphs", [])),
    }
    if fields.get("confirm_by"):
        names["date"] = formats.date_format(fields["confirm_by"], "DATETIME_FORMAT")
    said = {
        "approve": _("Your state approved %(revision)s of “%(title)s”."),
        "approve-ad-referendum": _(
            "Your state approved %(revision)s of “%(title)s” ad referendum; confirm it by %(date)s."
        ),
        "confirm-ad-referendum": _(
            "Your state confirmed its approval of %(revision)s of “%(title)s”."
        ),
        "object": _("Your state's objection to %(revision)s of “%(title)s” is recorded."),
        "break-silence": _(
            "Your state broke silence on %(revision)s of “%(title)s”: the text returns to "
            "negotiation."
        ),
        "explain": _("Your state's explanation of position on “%(title)s” is recorded."),
        "dissociate": _(
            "Your state's dissociation from %(paragraphs)s of “%(title)s” is recorded."
        ),
        "close": _("You closed the procedure on “%(title)s” without adoption."),
    }
    return said[act] % names


@login_required
def confirm(request: HttpRequest, document_id: int) -> HttpResponse:
    """GET: what is about to be done, on which text. POST: do it, once."""
    user = _user(request)
    adoption = _adoption(user, document_id)
    context = _context(user, adoption)
    source = request.POST if request.method == "POST" else request.GET
    act = source.get("act", "")
    if act not in dict(context["acts"]):
        messages.error(request, _("That act is not open to you on this procedure now."))
        return redirect("negotiation:adoption", document_id)
    errors: Errors = {}
    context.update(
        {
            "act": act,
            "act_label": ACT_LABELS[act],
            "typed": source,
            "chosen": source.getlist("paragraphs"),
            "errors": errors,
        }
    )
    if request.method != "POST":
        return render(request, "negotiation/adoption_confirm.html", context)
    if source.get("text_sha256") != adoption.procedure.text_sha256:
        errors["text"] = _(
            "The text before the states has changed since you opened this page: "
            "check it again before you act."
        )
        return render(request, "negotiation/adoption_confirm.html", context, status=409)
    labels = {label for label, _p in context["paragraphs"]}
    fields = _parse(act, request.POST, errors, labels)
    fields["signed"] = signed_from_form(request.POST, errors)
    if not errors:
        try:
            _perform(act, user, document_id, fields)
        except DomainError as refused:
            errors[refused.field or "act"] = refused.message
    if errors:
        return render(request, "negotiation/adoption_confirm.html", context, status=422)
    messages.success(request, _done(act, adoption, fields))
    return redirect("negotiation:adoption", document_id)

"""The negotiation's panels on the home page (`site.home_panels`): acts a head's state
owes, silence procedures running, amendments a delegation has not answered, and the
chair's documents ready for a revision or for adoption."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.domain import consensus
from accord.members.models import User
from accord.negotiation.domain_values import procedure_value, revision_value
from accord.negotiation.models import AdoptionAct, AdoptionProcedure, Amendment, Document
from accord.negotiation.permissions import visible_documents
from accord.site.home_panels import Panel, Task

LIMIT = 20


def _pending_procedures(user: User) -> list[AdoptionProcedure]:
    return list(
        AdoptionProcedure.objects.filter(
            outcome=AdoptionProcedure.Outcome.PENDING,
            document__in=visible_documents(user),
        )
        .select_related("document", "revision")
        .prefetch_related("acts")
        .order_by("deadline", "opened_at")[:LIMIT]
    )


def _names(procedure: AdoptionProcedure) -> dict[str, str]:
    return {"revision": f"Rev.{procedure.revision.number}", "title": procedure.document.title}


def _console(procedure: AdoptionProcedure) -> str:
    return reverse("negotiation:adoption", args=[procedure.document.public_id])


def acts_awaited(user: User, now: datetime) -> Panel | None:
    """For a head of delegation: consensus procedures awaiting the state's act, and ad
    referendum approvals still to confirm."""
    if not user.is_head or user.state is None or not user.state.is_member:
        return None
    tasks = []
    for procedure in _pending_procedures(user):
        if procedure.kind != AdoptionProcedure.Kind.CONSENSUS:
            continue
        if user.state_id not in procedure.member_states:
            continue
        evaluation = consensus.evaluate(procedure_value(procedure), now)
        if user.state_id not in evaluation.awaiting:
            continue
        ad_ref = [
            a
            for a in procedure.acts.all()
            if a.state_id == user.state_id and a.act == AdoptionAct.Act.APPROVE_AD_REF
        ]
        if ad_ref:
            text = _("Confirm your approval ad referendum of %(revision)s of “%(title)s”.")
            due = ad_ref[-1].confirm_by
        else:
            text = _("Approve or object to %(revision)s of “%(title)s”.")
            due = procedure.deadline
        tasks.append(Task(text % _names(procedure), _console(procedure), due))
    return Panel("acts", _("Your state's act is awaited"), tasks)


def silence_running(user: User, now: datetime) -> Panel | None:
    """For a member's delegation: silence procedures running (they ask no act)."""
    if user.state is None or not user.state.is_member:
        return None
    tasks = [
        Task(
            _(
                "%(revision)s of “%(title)s” is adopted at the deadline unless a member "
                "state breaks silence."
            )
            % _names(p),
            _console(p),
            p.deadline,
        )
        for p in _pending_procedures(user)
        if p.kind == AdoptionProcedure.Kind.SILENCE and user.state_id in p.member_states
    ]
    return Panel("silence", _("Silence procedures running"), tasks, informs=True)


def amendments_to_answer(user: User, now: datetime) -> Panel | None:
    """For a member's delegation: amendments to the current revision it has neither
    proposed, supported nor opposed."""
    if user.state is None or not user.state.is_member:
        return None
    amendments = (
        Amendment.objects.filter(
            document__in=visible_documents(user).filter(status=Document.Status.NEGOTIATION),
            withdrawn_at__isnull=True,
            decision="",
        )
        .exclude(proposer_state_id=user.state_id)
        .exclude(stances__state_id=user.state_id)
        .select_related("document", "proposer_state")
        .order_by("proposed_at")
    )
    tasks = []
    for a in amendments[: LIMIT * 2]:
        if a.against != a.document.current_revision:
            continue
        text = _("Support or oppose %(state)s’s amendment %(code)s to “%(title)s”.") % {
            "state": a.proposer_state.name,
            "code": a.code,
            "title": a.document.title,
        }
        url = reverse("negotiation:document", args=[a.document.public_id]) + f"#amendment-{a.code}"
        tasks.append(Task(text, url))
    return Panel("amendments", _("Amendments to answer"), tasks[:LIMIT])


def chair_documents(user: User, now: datetime) -> Panel | None:
    """For the chair: drafts with amendments waiting for the next revision, and drafts
    without brackets or amendments, ready to be put to adoption."""
    if not user.is_chair:
        return None
    pending = Amendment.objects.filter(withdrawn_at__isnull=True, decision="")
    documents = (
        visible_documents(user)
        .filter(status=Document.Status.NEGOTIATION)
        .exclude(kind=Document.Kind.CHAIRS_STATEMENT)
        .prefetch_related(Prefetch("amendments", queryset=pending, to_attr="open_amendments"))
        .prefetch_related("revisions")
        .order_by("-created_at")[:LIMIT]
    )
    tasks = []
    for document in documents:
        url = reverse("negotiation:document", args=[document.public_id])
        waiting = [a for a in document.open_amendments if a.against == document.current_revision]
        names: dict[str, object] = {
            "title": document.title,
            "next": f"Rev.{document.current_revision + 1}",
        }
        if waiting:
            names["count"] = len(waiting)
            text = (
                ngettext(
                    "Issue %(next)s of “%(title)s”: %(count)d amendment waits.",
                    "Issue %(next)s of “%(title)s”: %(count)d amendments wait.",
                    len(waiting),
                )
                % names
            )
            tasks.append(Task(text, url + "#revision-form"))
            continue
        current = next(
            (r for r in document.revisions.all() if r.number == document.current_revision), None
        )
        if current is not None and revision_value(current).is_adoptable:
            names["revision"] = f"Rev.{document.current_revision}"
            text = _("Put %(revision)s of “%(title)s” to adoption: no bracket remains.") % names
            tasks.append(Task(text, url + "#open-adoption-form"))
    return Panel("chair-documents", _("Revisions to issue and procedures to open"), tasks)

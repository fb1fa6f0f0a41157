"""Adoption under the rules of procedure: what `negotiation.adoption_services` asks here.

Opening reads the rules of the meeting the document is negotiated at (quorum, silence
minimum, what consensus means, the window for the absent) and refuses a text bracketed in
its entirety; the terms are kept beside the procedure row so that replaying its acts gives
the same outcome for ever, whatever the series' rules become later.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from accord.domain import consensus, negotiation, procedure
from accord.domain.errors import RuleViolation
from accord.members.access import encode_states
from accord.negotiation.models import AdoptionProcedure, Document

from .messages import in_users_language
from .models import AdoptionTerms, WholeTextBracket
from .series import rules_for_document, series_of


def open_under_rules(
    document: Document,
    revision: negotiation.Revision,
    *,
    kind: consensus.ProcedureKind,
    members: Collection[str],
    observers: Collection[str],
    chair: str,
    now: datetime,
    deadline: datetime | None,
    absent: Collection[str] = (),
    text: Mapping[str, Any] | None = None,
) -> consensus.Procedure:
    """The procedure the chair opens on `document` as its meeting's rules say."""
    if WholeTextBracket.objects.filter(document=document, lifted_at__isnull=True).exists():
        raise RuleViolation(
            _("The text is bracketed in its entirety: lift the bracket before adoption."),
            code="bracketed_in_entirety",
        )
    series = series_of(document.meeting_id)
    if series is None:  # a meeting in no series: exactly the procedure of before
        return consensus.open_procedure(
            revision, kind=kind, members=members, observers=observers, chair=chair,
            now=now, deadline=deadline, absent=absent, text=text,
        )  # fmt: skip
    rules = series.value
    with in_users_language():
        return procedure.open_under_rules(
            revision, rules, kind=kind, members=members, observers=observers, chair=chair,
            now=now, deadline=deadline, absent=absent, text=text,
        )  # fmt: skip


def keep_terms(row: AdoptionProcedure, value: consensus.Procedure) -> None:
    """Store the rule `value` was opened under. Precondition: inside the opening's
    transaction."""
    if value.consent is consensus.Consent.EVERY_MEMBER_APPROVES:
        return  # the default needs no row: replay without terms is today's rule
    AdoptionTerms.objects.create(
        procedure=row,
        consent=value.consent.value,
        absent=encode_states(value.absent),
        absent_window_seconds=int(value.absent_window.total_seconds()),
        rules=rules_for_document(row.document).to_dict(),
    )


def terms_of(row: AdoptionProcedure) -> dict[str, Any]:
    """The keyword arguments of `consensus.Procedure` the row was opened under."""
    try:
        terms = row.terms  # type: ignore[attr-defined]
    except ObjectDoesNotExist:
        return {}
    return {
        "consent": consensus.Consent(terms.consent),
        "absent": frozenset(c for c in terms.absent.split(",") if c),
        "absent_window": timedelta(seconds=terms.absent_window_seconds),
    }


def check_act(document: Document, act: str, *, now: datetime, confirm_by: datetime | None) -> None:
    """What the rules say about one act before the domain applies it."""
    if act == "approve-ad-referendum" and confirm_by is not None:
        if series_of(document.meeting_id) is None:
            return
        with in_users_language():
            procedure.check_confirmation(
                rules_for_document(document), now=now, confirm_by=confirm_by
            )


def amend_in_silence(
    document: Document,
    value: consensus.Procedure,
    *,
    state: str,
    is_head: bool,
    amendment: str,
    now: datetime,
) -> consensus.Procedure:
    """What the rules of the document's meeting say of `state` proposing `amendment` while
    the text is put to adoption: the procedure with silence broken, or the refusal, in the
    reader's language (a text at no meeting keeps the default: no amendment breaks it)."""
    with in_users_language():
        return procedure.amend_in_silence(
            value, rules_for_document(document), state=state, is_head=is_head,
            amendment=amendment, now=now,
        )  # fmt: skip

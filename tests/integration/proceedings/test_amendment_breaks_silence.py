"""Whether an amendment breaks silence, as the series' rules say (OSCE: it does).

Under the ministerial series' rules an amendment a member's head proposes while the text is
under silence breaks silence by that state: the act is stored as its own, on the ledger,
the procedure ends returned to negotiation and the amendment stands against the revision.
Where the rules say no (a text at no meeting keeps the default), the amendment is refused
with the reason and silence runs on; a delegate where heads alone break silence, an
observer, and an amendment that is itself refused change nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.ledger.models import LedgerEntry
from accord.negotiation import services
from accord.negotiation.models import AdoptionAct, AdoptionProcedure, Amendment
from fixtures.proceedings import counts


def _under_silence(region: Any, document: Any) -> AdoptionProcedure:
    return services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence",
        deadline=timezone.now() + timedelta(hours=73),
    )  # fmt: skip


def _amend(actor: Any, document: Any, text: str = "The participants warmly welcome it.") -> Any:
    return services.propose_amendment(
        actor=actor, document_id=document.pk, against=1, kind="replace-paragraph",
        paragraph_id=2, text=text,
    )  # fmt: skip


def test_under_osce_rules_an_amendment_breaks_silence_by_its_state(
    region, ministerial, text_at_meeting
) -> None:
    document = text_at_meeting()
    procedure = _under_silence(region, document)
    first_seq = LedgerEntry.objects.order_by("-seq").values_list("seq", flat=True)[0]

    amendment = _amend(region.head("KAZ"), document)

    procedure.refresh_from_db()
    document.refresh_from_db()
    assert (procedure.outcome, document.status) == ("returned-to-negotiation", "negotiation")
    assert procedure.outcome_reason == "KAZ broke silence: KAZ proposed amendment A1"
    [act] = AdoptionAct.objects.filter(procedure=procedure)
    assert (act.act, act.state_id, act.by, act.reason) == (
        "break-silence", "KAZ", region.head("KAZ"), "KAZ proposed amendment A1",
    )  # fmt: skip
    assert procedure.decided_at == act.at
    assert (amendment.code, amendment.proposer_state_id, amendment.against) == ("A1", "KAZ", 1)
    written = LedgerEntry.objects.filter(seq__gt=first_seq).order_by("seq")
    assert [(e.action, e.payload.get("state")) for e in written] == [
        ("adoption.break-silence", "KAZ"),
        ("adoption.returned-to-negotiation", None),
        ("amendment.proposed", None),
    ]
    # Silence is broken once: a second amendment is an ordinary one, on a text in negotiation.
    second = _amend(region.head("TJK"), document, "The participants welcome it.")
    assert second.code == "A2"
    assert AdoptionAct.objects.filter(procedure=procedure).count() == 1


def test_where_the_rules_say_no_the_amendment_is_refused_and_silence_runs_on(region) -> None:
    document = services.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement",
        paragraphs=[
            {"kind": "preambular", "text": "Recalling the Tashkent meeting,"},
            {"kind": "operative", "text": "The participants welcome the dialogue."},
        ],
        visibility="participants",
    )  # fmt: skip
    procedure = services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence",
        deadline=timezone.now() + timedelta(hours=73),
    )  # fmt: skip
    before = counts()
    with pytest.raises(RuleViolation, match="an amendment does not break silence") as refused:
        _amend(region.head("KAZ"), document)
    assert refused.value.code == "amendment_does_not_break_silence"
    with translation.override("ru"), pytest.raises(RuleViolation) as in_russian:
        _amend(region.head("KAZ"), document)
    assert in_russian.value.message == (
        "По этим правилам процедуры поправка не нарушает молчание: чтобы вернуть текст на "
        "переговоры, нарушьте молчание с письменным обоснованием."
    )
    assert counts() == before
    settled = services.settle_procedure(
        procedure_id=procedure.pk, now=timezone.now() + timedelta(hours=74)
    )
    assert settled.outcome == "adopted"


def test_a_delegate_an_observer_and_a_refused_amendment_leave_silence_unbroken(
    region, ministerial, text_at_meeting
) -> None:
    document = text_at_meeting()
    procedure = _under_silence(region, document)
    before = counts()
    with pytest.raises(NotPermitted) as refused:
        _amend(region.delegate("KAZ"), document)  # the series: heads alone break silence
    assert refused.value.code == "silence_heads_only"
    assert "Only a head of delegation breaks silence" in refused.value.message
    with pytest.raises(NotPermitted, match="member state"):
        _amend(region.people["mng-head"], document)
    with pytest.raises(InvalidInput):
        services.propose_amendment(
            actor=region.head("KAZ"), document_id=document.pk, against=1,
            kind="replace-paragraph", paragraph_id=99, text="No such paragraph.",
        )  # fmt: skip
    assert counts() == before
    assert Amendment.objects.filter(document=document).count() == 0
    procedure.refresh_from_db()
    assert procedure.outcome == "pending"


def test_under_a_signed_roster_an_unsigned_amendment_does_not_break_silence(
    region, ministerial, text_at_meeting, capitals
) -> None:
    """Breaking silence speaks for the state (issue 12): for a state under its root-signed
    roster only its head's signed act does it. The host (or anyone on the account) cannot
    end a state's silence by filing an amendment in its name; the head breaks silence,
    signed, and the amendment then stands."""
    capitals.accede("KAZ")
    document = text_at_meeting()
    procedure = _under_silence(region, document)
    before = counts(), Amendment.objects.count()
    with pytest.raises(NotPermitted) as refused:
        _amend(region.head("KAZ"), document)
    assert refused.value.code == "act-signature"
    procedure.refresh_from_db()
    assert procedure.outcome == "pending"
    assert (counts(), Amendment.objects.count()) == before

    head = region.head("KAZ")
    reason = "KAZ will propose an amendment to OP1."
    signed = capitals.signed(head, document.pk, "break-silence", reason=reason)
    services.break_silence(actor=head, document_id=document.pk, reason=reason, signed=signed)
    amendment = _amend(head, document)
    procedure.refresh_from_db()
    assert (procedure.outcome, amendment.proposer_state_id) == ("returned-to-negotiation", "KAZ")
    [act] = AdoptionAct.objects.filter(procedure=procedure)
    assert (act.act, act.reason, act.signed.person) == ("break-silence", reason, "kaz-head")

"""A facilitator appointed for a paragraph proposes wording for that paragraph only, where
the rules give facilitators that power; the chair brings it into the next revision."""

from __future__ import annotations

from typing import Any

import pytest

from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.edge.pagination import FIRST_PAGE
from accord.negotiation.domain_values import revision_value
from accord.negotiation.models import Revision
from accord.proceedings import chairing, wordings
from fixtures.proceedings import counts, facilitated


def _texts(document: Any) -> list[str]:
    document.refresh_from_db()
    row = Revision.objects.get(document=document, number=document.current_revision)
    return [p.render() for p in revision_value(row).paragraphs]


def test_a_facilitator_proposes_wording_for_its_paragraph_and_the_chair_brings_it_in(
    region, ministerial, text_at_meeting
) -> None:
    document = facilitated(region, ministerial, text_at_meeting)
    wording = wordings.propose_wording(
        actor=region.head("KGZ"), document_id=document.pk, paragraph="OP1",
        text="The participants warmly welcome the dialogue.",
    )  # fmt: skip
    assert (wording.against, wording.revision) == (1, None)
    with pytest.raises(NotPermitted, match="Only the chair or a co-chair brings"):
        wordings.bring_in(actor=region.head("KGZ"), wording_id=wording.pk)

    brought = wordings.bring_in(actor=region.chair, wording_id=wording.pk)
    assert (brought.revision, brought.amendment) == (2, "A1")
    assert _texts(document) == [
        "Recalling the Tashkent meeting,",
        "The participants warmly welcome the dialogue.",
        "The participants will meet within a year.",
    ]
    with pytest.raises(RuleViolation, match="already in a revision"):
        wordings.bring_in(actor=region.chair, wording_id=wording.pk)


def test_outside_the_paragraph_given_the_facilitator_is_refused_and_nothing_changes(
    region, ministerial, text_at_meeting
) -> None:
    document = facilitated(region, ministerial, text_at_meeting)
    before = counts(), _texts(document)
    with pytest.raises(NotPermitted) as refused:
        wordings.propose_wording(
            actor=region.head("KGZ"), document_id=document.pk, paragraph="OP2",
            text="The participants will meet within six months.",
        )  # fmt: skip
    assert refused.value.code == "outside_mandate"
    assert refused.value.message == "The facilitator acts only on the paragraph or item given."
    with pytest.raises(NotPermitted):  # a delegate with no office at all
        wordings.propose_wording(
            actor=region.head("TJK"), document_id=document.pk, paragraph="OP1", text="Words."
        )
    assert (counts(), _texts(document)) == before
    assert wordings.wordings(region.head("UZB"), document.pk, FIRST_PAGE).items == []


def test_where_the_rules_give_facilitators_no_wording_power_it_is_refused(
    region, ministerial, text_at_meeting
) -> None:
    document = text_at_meeting()
    chairing.appoint(
        actor=region.chair, meeting_id=ministerial.pk, office="facilitator", holder="kgz-head",
        document_id=document.pk, paragraph="OP1",
    )  # fmt: skip
    with pytest.raises(NotPermitted) as refused:
        wordings.propose_wording(
            actor=region.head("KGZ"), document_id=document.pk, paragraph="OP1", text="Words."
        )
    assert refused.value.code == "facilitator_power"


def test_a_revision_that_cannot_be_issued_leaves_the_wording_waiting(
    region, ministerial, text_at_meeting
) -> None:
    from accord.negotiation import services

    document = facilitated(region, ministerial, text_at_meeting)
    wording = wordings.propose_wording(
        actor=region.head("KGZ"), document_id=document.pk, paragraph="OP1", text="New words."
    )
    services.propose_amendment(
        actor=region.head("UZB"), document_id=document.pk, against=1,
        kind="replace-paragraph", paragraph_id=3, text="The participants will meet soon.",
    )  # fmt: skip
    before = counts(), _texts(document)
    with pytest.raises(InvalidInput, match="no decision for amendment A1"):
        wordings.bring_in(actor=region.chair, wording_id=wording.pk)
    wording.refresh_from_db()
    assert wording.revision is None
    assert (counts(), _texts(document)) == before
    brought = wordings.bring_in(
        actor=region.chair, wording_id=wording.pk, decision="bracketed",
        decisions={"A1": "left-out"},
    )  # fmt: skip
    assert (brought.revision, brought.amendment) == (2, "A2")

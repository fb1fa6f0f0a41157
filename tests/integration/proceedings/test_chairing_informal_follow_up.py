"""Facilitators within their paragraph, Friends of the Chair, non-papers and commitments."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from accord.domain.errors import InvalidInput, NotFound, NotPermitted
from accord.proceedings import chairing, follow_up, informal
from fixtures.proceedings import counts


def _facilitator(region: Any, meeting: Any, document: Any, paragraph: str = "OP1") -> Any:
    return chairing.appoint(
        actor=region.chair, meeting_id=meeting.pk, office="facilitator", holder="kgz-head",
        document_id=document.pk, paragraph=paragraph,
    )  # fmt: skip


def test_a_facilitator_acting_outside_the_paragraph_given_is_refused(
    region, ministerial, text_at_meeting
) -> None:
    document = text_at_meeting()
    _facilitator(region, ministerial, document, "OP1")
    before = counts()
    with pytest.raises(NotPermitted, match="acts only on the paragraph or item given") as e:
        informal.convene_friends(
            actor=region.head("KGZ"), document_id=document.pk, paragraph="OP2",
            states=["TJK", "UZB"],
        )  # fmt: skip
    assert e.value.code == "outside_mandate"
    assert counts() == before
    group = informal.convene_friends(
        actor=region.head("KGZ"), document_id=document.pk, paragraph="OP1", states=["TJK", "UZB"]
    )
    assert group.state_codes == ["KGZ", "TJK", "UZB"]


def test_friends_of_the_chair_stay_among_themselves_until_the_chair_brings_back(
    region, ministerial, text_at_meeting
) -> None:
    document = text_at_meeting()
    group = informal.convene_friends(
        actor=region.chair, document_id=document.pk, paragraph="OP2", states=["TJK", "UZB"]
    )
    assert informal.friends_groups(region.head("KGZ"), document.pk) == []
    with pytest.raises(NotFound):
        informal.report_friends(actor=region.head("KGZ"), group_id=group.pk, outcome="x")
    informal.report_friends(actor=region.chair, group_id=group.pk, outcome="Within a year.")
    assert informal.friends_groups(region.head("KGZ"), document.pk) == []
    informal.bring_back(actor=region.chair, group_id=group.pk)
    assert [g.pk for g in informal.friends_groups(region.head("KGZ"), document.pk)] == [group.pk]


def test_a_non_paper_is_never_public(region, ministerial, api) -> None:
    paper = informal.circulate_non_paper(
        actor=region.chair, meeting_id=ministerial.pk, title="Elements", body="Ideas only."
    )
    assert [p.pk for p in informal.non_papers(region.people["mng-head"], ministerial.pk)] == [
        paper.pk
    ]
    assert api(None).get(f"/api/v1/meetings/{ministerial.public_id}/non-papers").status_code == 401


def test_commitments_and_the_implementation_matrix(region, ministerial, text_at_meeting) -> None:
    from accord.negotiation import services

    document = text_at_meeting()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        services.approve(actor=region.head(code), document_id=document.pk)
    before = counts()
    with pytest.raises(InvalidInput, match="operative paragraph"):
        follow_up.add_commitment(
            actor=region.secretariat, document_id=document.pk, paragraph="PP1",
            description="x", lead_states=["KAZ"], due=date(2030, 1, 1),
        )  # fmt: skip
    assert counts() == before
    late = follow_up.add_commitment(
        actor=region.secretariat, document_id=document.pk, paragraph="OP2",
        description="Convene the next meeting", lead_states=["UZB"], due=date(2021, 1, 1),
    )  # fmt: skip
    with pytest.raises(NotPermitted):
        follow_up.update_commitment(
            actor=region.head("TJK"), document_id=document.pk, commitment_id=late.pk,
            status="done",
        )  # fmt: skip
    matrix = follow_up.implementation_matrix(region.head("TJK"), document.pk)
    assert [(p, [c.pk for c in cs]) for p, cs in matrix.rows] == [("OP1", []), ("OP2", [late.pk])]
    assert "Convene the next meeting,UZB,2021-01-01,planned,yes" in follow_up.matrix_csv(matrix)
    assert [c.pk for c in follow_up.overdue(region.head("TJK"))] == [late.pk]
    follow_up.update_commitment(
        actor=region.delegate("UZB"), document_id=document.pk, commitment_id=late.pk,
        status="done", evidence="Held in Almaty.",
    )  # fmt: skip
    assert follow_up.overdue(region.head("TJK")) == []

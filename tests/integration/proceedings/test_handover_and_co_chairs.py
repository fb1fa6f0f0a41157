"""The hand-over changes who holds the chair, on the ledger; co-chairs both hold the chair's
powers at their meeting, and a vice-chair does not."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.ledger.models import LedgerEntry
from accord.members.models import ChairTerm, User
from accord.proceedings import chairing, floor, informal
from fixtures.proceedings import counts
from page_clients import signed_in


def _fresh(user: Any) -> Any:
    return User.objects.get(pk=user.pk)  # `is_chair` is cached on the instance


def test_the_hand_over_passes_the_chair_to_the_incoming_head_at_once(region) -> None:
    today = timezone.localdate(timezone=UTC)
    outgoing = ChairTerm.current()
    assert outgoing.state_id == "KAZ"
    old_end = outgoing.ends_on
    row = chairing.hand_over(actor=region.chair, incoming="UZB", note="Files are on the shelf.")

    term = ChairTerm.current()
    assert (term.state_id, term.holder, term.starts_on, term.ends_on) == (
        "UZB", region.head("UZB"), today, old_end,
    )  # fmt: skip
    outgoing.refresh_from_db()
    assert outgoing.ends_on == today - timedelta(days=1)
    assert row.term == term
    assert _fresh(region.head("UZB")).is_chair
    assert not _fresh(region.chair).is_chair
    written = list(LedgerEntry.objects.order_by("-seq")[:2])[::-1]
    assert [(e.action, e.visibility) for e in written] == [
        ("chair.handed-over", "members"), ("chair.appointed", "public"),
    ]  # fmt: skip
    assert written[0].payload == {
        "outgoing": "KAZ", "incoming": "UZB", "note": "Files are on the shelf.",
        "starts_on": today.isoformat(), "ends_on": old_end.isoformat(),
    }  # fmt: skip
    assert written[1].payload == {
        "state": "UZB", "starts_on": today.isoformat(), "ends_on": old_end.isoformat(),
        "handed_over_by": "KAZ",
    }  # fmt: skip
    # The former chair may no longer hand over, nor act as chair.
    with pytest.raises(NotPermitted, match="Only the chair hands over"):
        chairing.hand_over(actor=_fresh(region.chair), incoming="TJK", note="Again.")


def test_a_hand_over_that_cannot_stand_changes_nothing(region) -> None:
    today = timezone.localdate(timezone=UTC)
    before = counts(), list(ChairTerm.objects.values_list("state_id", "starts_on", "ends_on"))
    attempts = [
        (NotPermitted, {"actor": region.head("KAZ"), "incoming": "UZB"}),  # not the holder
        (InvalidInput, {"incoming": "KAZ"}),  # to its own state
        (InvalidInput, {"incoming": "MNG"}),  # an observer
        (InvalidInput, {"incoming": "UZB", "holder": "uzb-delegate"}),  # not a head
        (InvalidInput, {"incoming": "UZB", "takes_effect_on": today - timedelta(days=1)}),
        (InvalidInput, {"incoming": "UZB", "ends_on": today}),
    ]
    for error, arguments in attempts:
        with pytest.raises(error):
            chairing.hand_over(**{"actor": region.chair, "note": "Note.", **arguments})
    ChairTerm.objects.create(
        state=region.head("TJK").state, holder=region.head("TJK"),
        starts_on=today + timedelta(days=400), ends_on=today + timedelta(days=500),
    )  # fmt: skip
    with pytest.raises(RuleViolation, match="overlaps"):
        chairing.hand_over(
            actor=region.chair, incoming="UZB", note="Note.", ends_on=today + timedelta(days=450)
        )
    ChairTerm.objects.filter(state_id="TJK").delete()
    assert (
        counts(),
        list(ChairTerm.objects.values_list("state_id", "starts_on", "ends_on")),
    ) == before


def test_co_chairs_both_hold_the_chairs_powers_at_their_meeting(
    region, ministerial, items, text_at_meeting
) -> None:
    document = text_at_meeting()
    for office, holder in (("co-chair", "kgz-head"), ("vice-chair", "tjk-head")):
        chairing.appoint(actor=region.chair, meeting_id=ministerial.pk, office=office,
                         holder=holder)  # fmt: skip
    co_chair, vice_chair = region.head("KGZ"), region.head("TJK")
    floor.inscribe(actor=region.head("UZB"), meeting_id=ministerial.pk, item_id=items[0].pk)
    given = floor.give_floor(actor=co_chair, meeting_id=ministerial.pk, item_id=items[0].pk)
    assert given.state_id == "UZB"
    floor.announce(actor=co_chair, meeting_id=ministerial.pk, text="We resume at three.")
    floor.announce(actor=region.chair, meeting_id=ministerial.pk, text="Coffee is served.")
    paper = informal.circulate_non_paper(
        actor=co_chair, meeting_id=ministerial.pk, title="Elements", body="Ideas only."
    )
    assert paper.circulated_by == co_chair
    informal.bracket_entirely(actor=co_chair, document_id=document.pk)
    informal.bracket_entirely(actor=region.chair, document_id=document.pk, lift=True)
    group = informal.convene_friends(
        actor=region.chair, document_id=document.pk, paragraph="OP2", states=["TJK", "UZB"]
    )
    informal.report_friends(actor=co_chair, group_id=group.pk, outcome="Within a year.")
    assert informal.bring_back(actor=co_chair, group_id=group.pk).brought_back_at is not None

    before = counts()
    refusals = [
        lambda: floor.announce(actor=vice_chair, meeting_id=ministerial.pk, text="No."),
        lambda: informal.circulate_non_paper(
            actor=vice_chair, meeting_id=ministerial.pk, title="T", body="B"
        ),
        lambda: informal.bracket_entirely(actor=vice_chair, document_id=document.pk),
    ]
    for attempt in refusals:
        with pytest.raises(NotPermitted):
            attempt()
    assert counts() == before


def test_the_hand_over_through_the_api_names_the_incoming_term(region, api) -> None:
    today = timezone.localdate(timezone=UTC)
    end = today + timedelta(days=90)
    answer = api(region.chair).post(
        "/api/v1/chair-terms/handover",
        {"incoming": "TJK", "note": "Over to you.", "ends_on": end.isoformat()},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["incoming"], body["holder"], body["starts_on"], body["ends_on"]) == (
        "TJK", "tjk-head", today.isoformat(), end.isoformat(),
    )  # fmt: skip
    listed = api(region.head("UZB")).get("/api/v1/chair-terms").json()
    assert (listed["chair_state"], listed["ends_on"]) == ("TJK", end.isoformat())


def test_a_co_chair_issues_the_revision_and_puts_the_text_to_adoption(
    region, ministerial, text_at_meeting
) -> None:
    """A co-chair shares the chair at its meeting for the text as well: the next revision,
    opening adoption and closing it. A vice-chair, a co-chair whose office ended and a
    co-chair of this meeting acting on a text of no meeting are refused, changing nothing."""
    from accord.negotiation import services
    from accord.negotiation.models import Document
    from accord.proceedings.models import ChairOffice

    document = text_at_meeting()
    for office, holder in (("co-chair", "kgz-head"), ("vice-chair", "tjk-head")):
        chairing.appoint(actor=region.chair, meeting_id=ministerial.pk, office=office,
                         holder=holder)  # fmt: skip
    co_chair, vice_chair = region.head("KGZ"), region.head("TJK")
    elsewhere = services.create_draft(
        actor=region.chair, kind="joint-statement", title="Elsewhere",
        paragraphs=[{"kind": "operative", "text": "The participants meet again."}],
        visibility="participants",
    )  # fmt: skip
    services.propose_amendment(
        actor=region.head("UZB"), document_id=document.pk, against=1, kind="replace-paragraph",
        paragraph_id=3, text="The participants will meet within six months.",
    )  # fmt: skip

    for person, shown in ((co_chair, True), (vice_chair, False)):
        page = signed_in(person).get(f"/documents/{document.public_id}/").content.decode()
        assert ('id="revision-form"' in page, 'id="open-adoption-form"' in page) == (shown,) * 2

    before = counts()
    refusals = [
        lambda: services.issue_revision(
            actor=vice_chair, document_id=document.pk, decisions={"A1": "agreed"}
        ),
        lambda: services.open_adoption(actor=vice_chair, document_id=document.pk, kind="consensus"),
        lambda: services.issue_revision(actor=co_chair, document_id=elsewhere.pk, decisions={}),
        lambda: services.open_adoption(actor=co_chair, document_id=elsewhere.pk, kind="consensus"),
    ]
    for attempt in refusals:
        with pytest.raises(NotPermitted, match="Only the chair or a co-chair"):
            attempt()
    assert counts() == before

    revision = services.issue_revision(
        actor=co_chair, document_id=document.pk, decisions={"A1": "agreed"}
    )
    assert revision.number == 2
    procedure = services.open_adoption(actor=co_chair, document_id=document.pk, kind="consensus")
    assert procedure.revision.number == 2
    written = LedgerEntry.objects.order_by("-seq").values_list("actor_state", flat=True)[:2]
    assert set(written) == {"KGZ"}  # on the ledger in the co-chair's name

    ChairOffice.objects.filter(holder=co_chair).update(ended_at=timezone.now())
    with pytest.raises(NotPermitted, match="Only the chair or a co-chair"):
        services.close_adoption(actor=_fresh(co_chair), document_id=document.pk)
    chairing.appoint(actor=region.chair, meeting_id=ministerial.pk, office="co-chair",
                     holder="kgz-head")  # fmt: skip
    closed = services.close_adoption(actor=_fresh(co_chair), document_id=document.pk)
    assert closed.by_id == co_chair.pk
    assert Document.objects.get(pk=document.pk).current_revision == 2

"""Bilaterals on the sidelines: who may ask whom, when, and no double-booking."""

from __future__ import annotations

import pytest
from dialogue_fixtures import at, counts

from accord.dialogue import selectors, services
from accord.dialogue.models import Bilateral, Meeting
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation


def _ask(region, plenary, by="KGZ", to="UZB", slots=None, subject="Water"):
    return services.request_bilateral(
        actor=region.head(by),
        meeting_id=plenary.pk,
        counterpart=to,
        subject=subject,
        slots=slots or [(at(12), at(13)), (at(13), at(14))],
    )


def test_a_state_asks_another_and_the_other_accepts_one_slot(region, plenary):
    bilateral = _ask(region, plenary)
    assert (bilateral.status, bilateral.audience_states, bilateral.visibility) == (
        "requested",
        ",KGZ,UZB,",
        "restricted",
    )
    second = bilateral.slots.order_by("starts_at")[1]
    services.accept_bilateral(
        actor=region.delegate("UZB"), bilateral_id=bilateral.pk, slot_id=second.pk
    )
    bilateral.refresh_from_db()
    session = bilateral.session
    assert (bilateral.status, session.starts_at, session.ends_at) == ("accepted", at(13), at(14))
    assert (session.kind, session.visibility, session.audience_states) == (
        "bilateral",
        "restricted",
        ",KGZ,UZB,",
    )
    assert session.sidelines_of_id == plenary.pk
    said = services.deliver_intervention(
        actor=region.head("KGZ"),
        meeting_id=session.pk,
        kind="statement",
        text="Thank you.",
        language="ru",
    )
    assert said.audience_states == ",KGZ,UZB,"


def test_an_observer_at_the_meeting_may_be_asked(region, plenary):
    assert _ask(region, plenary, to="MNG").counterpart_id == "MNG"


@pytest.mark.parametrize(
    ("to", "slots", "error", "named"),
    [
        ("KGZ", None, InvalidInput, "with itself"),
        ("kgz", None, InvalidInput, "with itself"),
        ("XYZ", None, InvalidInput, "XYZ is not at this meeting"),
        ("UZB", [(at(7), at(8, 30))], InvalidInput, "outside the meeting"),
        ("UZB", [(at(18, 30), at(19, 30))], InvalidInput, "outside the meeting"),
        ("UZB", [(at(13), at(14, day=11))], InvalidInput, "outside the meeting"),
        ("UZB", [(at(13), at(12))], InvalidInput, "end after it starts"),
        ("UZB", [(at(11), at(12, 30))], RuleViolation, "plenary sitting 'Morning'"),
        ("UZB", [(at(12), at(13)), (at(14, 30), at(15, 30))], RuleViolation, "slots[2]"),
        ("UZB", [], InvalidInput, "at least one"),
    ],
)
def test_bad_bilateral_requests_are_refused_and_change_nothing(
    region, plenary, to, slots, error, named
):
    before = counts()
    with pytest.raises(error) as refused:
        services.request_bilateral(
            actor=region.head("KGZ"),
            meeting_id=plenary.pk,
            counterpart=to,
            subject="x",
            slots=[(at(12), at(13))] if slots is None else slots,
        )
    assert named in refused.value.message
    assert counts() == before


def test_a_state_not_at_the_meeting_is_refused(region, plenary):
    small = services.convene_meeting(
        actor=region.chair,
        title="Working group",
        kind="working_group",
        starts_at=at(8),
        ends_at=at(19),
        venue="Almaty",
        participants=["KAZ", "KGZ"],
        sittings=[("Sitting", at(9), at(11))],
    )
    before = counts()
    with pytest.raises(InvalidInput, match="UZB is not at this meeting"):
        services.request_bilateral(
            actor=region.head("KGZ"),
            meeting_id=small.pk,
            counterpart="UZB",
            subject="x",
            slots=[(at(12), at(13))],
        )
    with pytest.raises(NotPermitted):
        services.request_bilateral(
            actor=region.head("TJK"),
            meeting_id=small.pk,
            counterpart="KAZ",
            subject="x",
            slots=[(at(12), at(13))],
        )
    with pytest.raises(NotPermitted):
        services.request_bilateral(
            actor=region.secretariat,
            meeting_id=small.pk,
            counterpart="KAZ",
            subject="x",
            slots=[(at(12), at(13))],
        )
    assert counts() == before


def test_no_delegation_is_double_booked(region, plenary):
    first = _ask(region, plenary, by="KGZ", to="UZB", slots=[(at(12), at(13))])
    services.accept_bilateral(
        actor=region.head("UZB"), bilateral_id=first.pk, slot_id=first.slots.get().pk
    )
    # KGZ itself cannot propose a time it is already booked.
    before = counts()
    with pytest.raises(RuleViolation, match="already booked"):
        _ask(region, plenary, by="KGZ", to="TJK", slots=[(at(12, 30), at(13, 30))])
    assert counts() == before
    # TJK may ask UZB for that time (TJK cannot know UZB is busy) but UZB cannot accept it.
    clash = _ask(region, plenary, by="TJK", to="UZB", slots=[(at(12, 30), at(13, 30))])
    before = counts()
    with pytest.raises(RuleViolation, match="already booked"):
        services.accept_bilateral(
            actor=region.head("UZB"), bilateral_id=clash.pk, slot_id=clash.slots.get().pk
        )
    assert counts() == before
    # And when the requester got booked in the meantime, the accepter learns only that.
    late = _ask(region, plenary, by="TJK", to="KAZ", slots=[(at(13, 30), at(14, 30))])
    busy = _ask(region, plenary, by="TJK", to="KGZ", slots=[(at(14), at(14, 45))])
    services.accept_bilateral(
        actor=region.head("KGZ"), bilateral_id=busy.pk, slot_id=busy.slots.get().pk
    )
    before = counts()
    with pytest.raises(RuleViolation) as refused:
        services.accept_bilateral(
            actor=region.head("KAZ"), bilateral_id=late.pk, slot_id=late.slots.get().pk
        )
    assert refused.value.message == "the requesting delegation is no longer free at that time"
    assert counts() == before


def test_a_bilateral_cannot_collide_with_another_meetings_plenary(region, plenary):
    services.convene_meeting(
        actor=region.chair,
        title="Parallel group",
        kind="working_group",
        starts_at=at(12),
        ends_at=at(14),
        venue="Astana",
        participants=["KGZ", "KAZ"],
        sittings=[("Group sitting", at(12), at(13))],
    )
    before = counts()
    with pytest.raises(RuleViolation, match="Group sitting"):
        _ask(region, plenary, by="KGZ", to="UZB", slots=[(at(12, 30), at(13, 30))])
    assert counts() == before
    assert _ask(region, plenary, by="KGZ", to="UZB", slots=[(at(13), at(14))]).pk


def test_only_the_state_asked_answers_and_only_once(region, plenary):
    bilateral = _ask(region, plenary)
    slot = bilateral.slots.first()
    before = counts()
    with pytest.raises(NotPermitted):
        services.accept_bilateral(
            actor=region.head("KGZ"), bilateral_id=bilateral.pk, slot_id=slot.pk
        )
    for outsider in (region.head("TJK"), region.secretariat, region.chair, region.observer):
        with pytest.raises(NotFound, match="no such bilateral"):
            services.accept_bilateral(actor=outsider, bilateral_id=bilateral.pk, slot_id=slot.pk)
    with pytest.raises(InvalidInput, match="not one of the proposed slots"):
        services.accept_bilateral(
            actor=region.head("UZB"), bilateral_id=bilateral.pk, slot_id=slot.pk + 99
        )
    assert counts() == before
    services.decline_bilateral(actor=region.head("UZB"), bilateral_id=bilateral.pk, reason="Busy")
    with pytest.raises(RuleViolation, match="already declined"):
        services.accept_bilateral(
            actor=region.head("UZB"), bilateral_id=bilateral.pk, slot_id=slot.pk
        )
    assert Bilateral.objects.get(pk=bilateral.pk).decline_reason == "Busy"
    assert Meeting.objects.filter(kind="bilateral").count() == 0


def test_only_the_two_states_see_a_bilateral(region, plenary):
    bilateral = _ask(region, plenary)
    services.accept_bilateral(
        actor=region.head("UZB"), bilateral_id=bilateral.pk, slot_id=bilateral.slots.first().pk
    )
    bilateral.refresh_from_db()
    for user in (region.head("KGZ"), region.delegate("UZB")):
        assert [b.pk for b in selectors.list_bilaterals(user)] == [bilateral.pk]
        assert bilateral.session_id in {m.pk for m in selectors.list_meetings(user)}
    for user in (
        region.head("TJK"),
        region.head("KAZ"),
        region.chair,
        region.secretariat,
        region.observer,
        region.people["uno-head"],
    ):
        assert list(selectors.list_bilaterals(user)) == []
        assert bilateral.session_id not in {m.pk for m in selectors.list_meetings(user)}
        with pytest.raises(NotFound):
            selectors.get_meeting(user, bilateral.session_id)

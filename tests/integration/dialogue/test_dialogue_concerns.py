"""Raising, co-sponsoring and moving concerns through their lifecycle."""

from __future__ import annotations

import pytest
from dialogue_fixtures import counts

from accord.dialogue import selectors, services
from accord.dialogue.models import Concern
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.ledger.models import LedgerEntry


def _raise(user, **overrides):
    fields = {
        "title": "Drug trafficking across the Pamir",
        "summary": "Routes, seizures and what the border services need.",
        "category": "crime",
    }
    fields.update(overrides)
    return services.raise_concern(actor=user, **fields)


def test_a_member_raises_a_concern_recorded_on_the_ledger(region):
    concern = _raise(region.delegate("KGZ"), affected_states=["TJK", "KAZ"])
    assert concern.status == "raised"
    assert concern.raised_by_state_id == "KGZ"
    assert sorted(s.code for s in concern.affected_states.all()) == ["KAZ", "TJK"]
    assert concern.visibility == "members"
    last = LedgerEntry.objects.order_by("-seq").first()
    assert (last.action, last.object_id, last.actor_state) == (
        "concern.raised",
        concern.public_id,
        "KGZ",
    )


@pytest.mark.parametrize("who", ["mng-head", "uno-delegate", "secretariat"])
def test_only_member_states_raise_concerns(region, who):
    before = counts()
    with pytest.raises(NotPermitted):
        _raise(region.people[who])
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"category": "piracy"}, "category"),
        ({"title": "  "}, "title"),
        ({"summary": ""}, "summary"),
        ({"visibility": "secret"}, "visibility"),
        ({"affected_states": ["XXX"]}, "XXX"),
        ({"restricted_to": ["UZB"]}, "restricted_to"),
    ],
)
def test_bad_concern_input_is_refused_and_changes_nothing(region, overrides, named):
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        _raise(region.head("KAZ"), **overrides)
    assert named in refused.value.message
    assert counts() == before


def test_a_restricted_concern_is_seen_by_its_states_only(region):
    concern = _raise(region.head("KAZ"), visibility="restricted", restricted_to=["UZB"])
    assert concern.audience_states == ",KAZ,UZB,"
    for user in (region.head("KAZ"), region.delegate("UZB")):
        assert selectors.get_concern(user, concern.pk).pk == concern.pk
    for user in (region.head("TJK"), region.secretariat, region.head("KGZ"), region.observer):
        with pytest.raises(NotFound):
            selectors.get_concern(user, concern.pk)


def test_co_sponsoring_adds_the_state_once(region):
    concern = _raise(region.head("KGZ"), visibility="participants")
    services.co_sponsor_concern(actor=region.delegate("UZB"), concern_id=concern.pk)
    services.co_sponsor_concern(actor=region.head("TJK"), concern_id=concern.pk)
    assert sorted(s.code for s in concern.co_sponsors.all()) == ["TJK", "UZB"]
    assert LedgerEntry.objects.filter(action="concern.co_sponsored").count() == 2
    before = counts()
    with pytest.raises(RuleViolation, match="already co-sponsors"):
        services.co_sponsor_concern(actor=region.head("UZB"), concern_id=concern.pk)
    with pytest.raises(RuleViolation, match="raised"):
        services.co_sponsor_concern(actor=region.head("KGZ"), concern_id=concern.pk)
    with pytest.raises(NotPermitted):
        services.co_sponsor_concern(actor=region.observer, concern_id=concern.pk)
    assert counts() == before


def test_a_state_that_cannot_see_a_concern_cannot_co_sponsor_it(region):
    concern = _raise(region.head("KAZ"), visibility="restricted", restricted_to=["UZB"])
    before = counts()
    with pytest.raises(NotFound, match="no such concern"):
        services.co_sponsor_concern(actor=region.head("TJK"), concern_id=concern.pk)
    assert counts() == before


def test_the_chair_takes_a_concern_through_its_whole_lifecycle(region):
    concern = _raise(region.head("UZB"))
    path = [
        "on_agenda",
        "under_dialogue",
        "no_consensus",
        "on_agenda",
        "under_dialogue",
        "outcome_adopted",
        "follow_up",
        "closed",
    ]
    for step in path:
        services.move_concern(actor=region.chair, concern_id=concern.pk, to=step)
    concern.refresh_from_db()
    assert concern.status == "closed"
    moves = LedgerEntry.objects.filter(action="concern.moved", object_id=concern.public_id)
    assert [(m.payload["from"], m.payload["to"]) for m in moves] == list(
        zip(["raised", *path[:-1]], path, strict=True)
    )


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ([], "under_dialogue"),
        ([], "outcome_adopted"),
        (["on_agenda"], "chairs_statement"),
        (["on_agenda", "under_dialogue"], "follow_up"),
        (["on_agenda", "under_dialogue", "chairs_statement", "closed"], "raised"),
        (["on_agenda", "under_dialogue", "outcome_adopted", "follow_up"], "on_agenda"),
    ],
)
def test_transitions_out_of_order_are_refused(region, start, target):
    concern = _raise(region.head("UZB"))
    for step in start:
        services.move_concern(actor=region.chair, concern_id=concern.pk, to=step)
    before = counts()
    with pytest.raises(RuleViolation, match=f"to {target}"):
        services.move_concern(actor=region.chair, concern_id=concern.pk, to=target)
    assert counts() == before
    concern.refresh_from_db()
    assert concern.status == (start[-1] if start else "raised")


def test_an_unknown_status_is_bad_input(region):
    concern = _raise(region.head("UZB"))
    before = counts()
    with pytest.raises(InvalidInput, match="to: one of"):
        services.move_concern(actor=region.chair, concern_id=concern.pk, to="adopted")
    assert counts() == before


def test_only_the_chair_records_outcomes(region):
    concern = _raise(region.head("UZB"), visibility="participants")
    services.move_concern(actor=region.secretariat, concern_id=concern.pk, to="on_agenda")
    services.move_concern(actor=region.chair, concern_id=concern.pk, to="under_dialogue")
    before = counts()
    for user in (region.secretariat, region.head("UZB"), region.head("KAZ"), region.observer):
        with pytest.raises(NotPermitted):
            services.move_concern(actor=user, concern_id=concern.pk, to="outcome_adopted")
    assert counts() == before
    assert Concern.objects.get(pk=concern.pk).status == "under_dialogue"


def test_the_raising_state_may_withdraw_its_concern_only_while_raised(region):
    withdrawn = _raise(region.delegate("UZB"))
    services.move_concern(actor=region.head("UZB"), concern_id=withdrawn.pk, to="closed")
    assert Concern.objects.get(pk=withdrawn.pk).status == "closed"
    other = _raise(region.delegate("UZB"))
    before = counts()
    with pytest.raises(NotPermitted):
        services.move_concern(actor=region.head("KGZ"), concern_id=other.pk, to="closed")
    with pytest.raises(NotPermitted):
        services.move_concern(actor=region.head("UZB"), concern_id=other.pk, to="on_agenda")
    assert counts() == before


def test_list_filters_by_status_category_and_member(region):
    a = _raise(region.head("KAZ"), category="cyber")
    b = _raise(region.head("UZB"), category="crime", affected_states=["KAZ"])
    c = _raise(region.head("KGZ"), category="crime")
    services.co_sponsor_concern(actor=region.head("KAZ"), concern_id=c.pk)
    services.move_concern(actor=region.chair, concern_id=b.pk, to="on_agenda")
    viewer = region.head("TJK")
    assert [x.pk for x in selectors.list_concerns(viewer, category="crime")] == [c.pk, b.pk]
    assert [x.pk for x in selectors.list_concerns(viewer, status="on_agenda")] == [b.pk]
    assert sorted(x.pk for x in selectors.list_concerns(viewer, member="kaz")) == sorted(
        [a.pk, b.pk, c.pk]
    )

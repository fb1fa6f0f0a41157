"""Convening meetings, the agenda, the list of speakers and interventions."""

from __future__ import annotations

import pytest
from dialogue_fixtures import at, counts

from accord.dialogue import selectors, services
from accord.dialogue.models import Concern, FloorRequest, Intervention
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation


def _convene(user, **overrides):
    fields = {
        "title": "Senior officials",
        "kind": "senior_officials",
        "starts_at": at(9, day=20),
        "ends_at": at(17, day=20),
        "venue": "Bishkek",
        "participants": ["KAZ", "KGZ"],
    }
    fields.update(overrides)
    return services.convene_meeting(actor=user, **fields)


def _open(region, plenary, concern_visibility="participants"):
    concern = services.raise_concern(
        actor=region.head("KGZ"),
        title="Water",
        summary="Shared rivers.",
        category="climate",
        visibility=concern_visibility,
    )
    item = services.add_agenda_item(
        actor=region.chair, meeting_id=plenary.pk, concern_id=concern.pk
    )
    services.adopt_agenda(actor=region.chair, meeting_id=plenary.pk)
    return concern, item


def _speak(region, plenary, item, user, **overrides):
    request = services.request_floor(actor=user, meeting_id=plenary.pk, item_id=item.pk)
    services.give_floor(actor=region.chair, meeting_id=plenary.pk, request_id=request.pk)
    fields = {"kind": "statement", "text": "We support the proposal.", "language": "en"}
    fields.update(overrides)
    return services.deliver_intervention(
        actor=user, meeting_id=plenary.pk, item_id=item.pk, **fields
    )


def test_the_chair_and_the_secretariat_convene_meetings(region):
    assert _convene(region.chair).convened_by == region.chair
    assert _convene(region.secretariat, visibility="members").visibility == "members"
    before = counts()
    for user in (region.head("KGZ"), region.delegate("UZB"), region.observer):
        with pytest.raises(NotPermitted):
            _convene(user)
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"ends_at": at(8, day=20)}, "ends before it starts"),
        ({"ends_at": at(9, day=20)}, "ends before it starts"),
        ({"kind": "picnic"}, "kind"),
        ({"kind": "bilateral"}, "/bilaterals"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"participants": []}, "participants"),
        ({"participants": ["KAZ", "MNG"]}, "MNG"),
        ({"observers": ["UZB"]}, "UZB"),
        ({"venue": "", "online_url": ""}, "venue"),
        ({"visibility": "delegation"}, "visibility"),
        ({"sittings": [("Late", at(16, day=20), at(18, day=20))]}, "outside the meeting"),
        (
            {
                "sittings": [
                    ("A", at(9, day=20), at(12, day=20)),
                    ("B", at(11, day=20), at(13, day=20)),
                ]
            },
            "overlaps",
        ),
    ],
)
def test_bad_meeting_input_is_refused_and_changes_nothing(region, overrides, named):
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        _convene(region.chair, **overrides)
    assert named in refused.value.message
    assert counts() == before


def test_the_secretariat_cannot_convene_a_meeting_it_could_not_see(region):
    before = counts()
    with pytest.raises(InvalidInput, match="restricted"):
        _convene(region.secretariat, visibility="restricted")
    assert counts() == before


def test_putting_a_concern_on_the_agenda_moves_it_on(region, plenary):
    concern, item = _open(region, plenary)
    assert (item.number, item.title) == (1, "Water")
    assert Concern.objects.get(pk=concern.pk).status == "on_agenda"
    assert selectors.get_meeting(region.head("UZB"), plenary.pk).agenda_adopted


def test_an_agenda_item_on_a_concern_the_chair_may_not_see_is_refused_as_absent(region, plenary):
    hidden = services.raise_concern(
        actor=region.head("UZB"),
        title="Border",
        summary="Enclaves.",
        category="borders",
        visibility="restricted",
        restricted_to=["TJK"],
    )
    before = counts()
    with pytest.raises(NotFound, match="no such concern"):
        services.add_agenda_item(actor=region.chair, meeting_id=plenary.pk, concern_id=hidden.pk)
    assert counts() == before


def test_a_concern_narrower_than_the_meeting_stays_off_its_agenda(region, plenary):
    members_only = services.raise_concern(
        actor=region.head("KAZ"),
        title="Exercises",
        summary="Notice.",
        category="other",
    )
    before = counts()
    with pytest.raises(RuleViolation, match="not visible to everyone at this meeting"):
        services.add_agenda_item(
            actor=region.chair, meeting_id=plenary.pk, concern_id=members_only.pk
        )
    assert counts() == before


def test_only_the_chair_adopts_the_agenda_and_amends_it_afterwards(region, plenary):
    services.add_agenda_item(actor=region.secretariat, meeting_id=plenary.pk, title="Opening")
    before = counts()
    with pytest.raises(NotPermitted):
        services.adopt_agenda(actor=region.secretariat, meeting_id=plenary.pk)
    assert counts() == before
    services.adopt_agenda(actor=region.chair, meeting_id=plenary.pk)
    with pytest.raises(RuleViolation, match="already adopted"):
        services.adopt_agenda(actor=region.chair, meeting_id=plenary.pk)
    with pytest.raises(NotPermitted, match="only the chair may amend"):
        services.add_agenda_item(actor=region.secretariat, meeting_id=plenary.pk, title="AOB")
    services.add_agenda_item(actor=region.chair, meeting_id=plenary.pk, title="AOB")
    assert [i.title for i in selectors.agenda(region.head("TJK"), plenary.pk)] == ["Opening", "AOB"]


def test_the_floor_goes_from_request_to_speech(region, plenary):
    _, item = _open(region, plenary)
    spoken = _speak(
        region, plenary, item, region.delegate("UZB"), language="ru", text="Поддерживаем."
    )
    assert (spoken.state_id, spoken.language, spoken.visibility) == ("UZB", "ru", "participants")
    assert FloorRequest.objects.get(state_id="UZB").status == "spoke"
    observer = _speak(region, plenary, item, region.observer, kind="question", text="When?")
    assert observer.state_id == "MNG"


def test_a_delegation_without_the_floor_cannot_speak(region, plenary):
    _, item = _open(region, plenary)
    services.request_floor(actor=region.head("KGZ"), meeting_id=plenary.pk, item_id=item.pk)
    before = counts()
    with pytest.raises(RuleViolation, match="floor"):
        services.deliver_intervention(
            actor=region.head("KGZ"),
            meeting_id=plenary.pk,
            item_id=item.pk,
            kind="statement",
            text="Hello",
            language="en",
        )
    with pytest.raises(RuleViolation, match="already on the list"):
        services.request_floor(actor=region.delegate("KGZ"), meeting_id=plenary.pk, item_id=item.pk)
    assert counts() == before


def test_only_the_chair_gives_the_floor(region, plenary):
    _, item = _open(region, plenary)
    request = services.request_floor(
        actor=region.head("KGZ"), meeting_id=plenary.pk, item_id=item.pk
    )
    before = counts()
    with pytest.raises(NotPermitted):
        services.give_floor(actor=region.head("KAZ"), meeting_id=plenary.pk, request_id=request.pk)
    assert counts() == before


def test_a_right_of_reply_names_the_intervention_it_answers(region, plenary):
    _, item = _open(region, plenary)
    first = _speak(region, plenary, item, region.head("KGZ"))
    before = counts()
    with pytest.raises(InvalidInput, match="in_reply_to"):
        _speak(region, plenary, item, region.head("UZB"), kind="reply")
    # The refused reply left UZB's place on the list; nothing else changed but that request.
    after = counts()
    assert after["Intervention"] == before["Intervention"]
    assert after["LedgerEntry"] == before["LedgerEntry"] + 2  # floor requested and given
    with pytest.raises(NotFound):
        services.deliver_intervention(
            actor=region.head("UZB"),
            meeting_id=plenary.pk,
            item_id=item.pk,
            kind="reply",
            text="No.",
            language="en",
            in_reply_to=first.pk + 999,
        )
    reply = services.deliver_intervention(
        actor=region.head("UZB"),
        meeting_id=plenary.pk,
        item_id=item.pk,
        kind="reply",
        text="We see it differently.",
        language="en",
        in_reply_to=first.pk,
    )
    assert reply.in_reply_to_id == first.pk


def test_a_reply_without_a_target_changes_nothing_at_all(region, plenary):
    services.add_agenda_item(actor=region.chair, meeting_id=plenary.pk, title="General")
    before = counts()
    with pytest.raises(InvalidInput, match="names the intervention it answers"):
        services.deliver_intervention(
            actor=region.chair,
            meeting_id=plenary.pk,
            kind="reply",
            text="x",
            language="en",
            as_chair=True,
        )
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "error", "named"),
    [
        ({"language": "fr"}, InvalidInput, "language"),
        ({"kind": "speech"}, InvalidInput, "kind"),
        ({"text": " "}, InvalidInput, "text"),
        ({"visibility": "public"}, InvalidInput, "no further"),
        ({"in_reply_to": 1}, InvalidInput, "only a right of reply"),
    ],
)
def test_bad_intervention_input_changes_nothing(region, plenary, overrides, error, named):
    _, item = _open(region, plenary)
    request = services.request_floor(
        actor=region.head("KGZ"), meeting_id=plenary.pk, item_id=item.pk
    )
    services.give_floor(actor=region.chair, meeting_id=plenary.pk, request_id=request.pk)
    before = counts()
    fields = {"kind": "statement", "text": "Yes.", "language": "en"}
    fields.update(overrides)
    with pytest.raises(error) as refused:
        services.deliver_intervention(
            actor=region.head("KGZ"), meeting_id=plenary.pk, item_id=item.pk, **fields
        )
    assert named in refused.value.message
    assert counts() == before


def test_who_may_speak(region, plenary):
    services.add_agenda_item(actor=region.chair, meeting_id=plenary.pk, title="General")
    services.adopt_agenda(actor=region.chair, meeting_id=plenary.pk)
    item = plenary.agenda_items.get()
    before = counts()
    with pytest.raises(NotPermitted):
        services.deliver_intervention(
            actor=region.secretariat,
            meeting_id=plenary.pk,
            item_id=item.pk,
            kind="statement",
            text="x",
            language="en",
        )
    with pytest.raises(NotPermitted):
        services.deliver_intervention(
            actor=region.head("KAZ"),
            meeting_id=plenary.pk,
            item_id=item.pk,
            kind="statement",
            text="x",
            language="en",
            as_chair=True,
        )
    assert counts() == before
    briefing = services.deliver_intervention(
        actor=region.secretariat,
        meeting_id=plenary.pk,
        item_id=item.pk,
        kind="briefing",
        text="Logistics.",
        language="en",
    )
    chair = services.deliver_intervention(
        actor=region.chair,
        meeting_id=plenary.pk,
        item_id=item.pk,
        kind="statement",
        text="I open the meeting.",
        language="zh-hans",
        as_chair=True,
    )
    assert (briefing.state_id, chair.as_chair) == (None, True)


def test_a_restricted_intervention_reaches_the_states_at_the_meeting_only(region, plenary):
    _, item = _open(region, plenary)
    secret = _speak(region, plenary, item, region.head("KGZ"), visibility="restricted")
    assert secret.audience_states == ",KAZ,KGZ,MNG,TJK,UNO,UZB,"
    assert list(selectors.list_interventions(region.secretariat, plenary.pk)) == []
    assert [i.pk for i in selectors.list_interventions(region.observer, plenary.pk)] == [secret.pk]


def test_documents_and_the_summary_record(region, plenary):
    _, item = _open(region, plenary)
    _speak(region, plenary, item, region.head("KGZ"), text="Water is security.")
    doc = services.attach_document(
        actor=region.secretariat, meeting_id=plenary.pk, title="Agenda", language="en", body="1."
    )
    before = counts()
    with pytest.raises(InvalidInput, match="body"):
        services.attach_document(
            actor=region.head("KGZ"), meeting_id=plenary.pk, title="x", language="en"
        )
    elsewhere = _convene(region.chair, participants=["KAZ"])
    with pytest.raises(NotPermitted):
        services.attach_document(
            actor=region.people["uno-head"],
            meeting_id=elsewhere.pk,
            title="x",
            language="en",
            body="x",
        )
    assert counts()["MeetingDocument"] == before["MeetingDocument"]
    assert [d.pk for d in selectors.list_documents(region.observer, plenary.pk)] == [doc.pk]
    record = selectors.summary_record(region.head("TJK"), plenary.pk)
    assert [(i.number if i else None, [x.text for x in spoken]) for i, spoken in record.items] == [
        (1, ["Water is security."])
    ]


def test_interventions_are_listed_in_the_order_given(region, plenary):
    _, item = _open(region, plenary)
    a = _speak(region, plenary, item, region.head("KGZ"))
    b = _speak(region, plenary, item, region.head("UZB"))
    assert [i.pk for i in selectors.list_interventions(region.head("TJK"), plenary.pk)] == [
        a.pk,
        b.pk,
    ]
    assert Intervention.objects.count() == 2

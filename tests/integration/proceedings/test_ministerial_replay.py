"""A full ministerial meeting replayed under its series' rules of procedure: the agenda, the
list of speakers with precedence and time limits, a point of order, a right of reply, a
draft summary record corrected by the state that spoke and made final, and the outcome text
adopted with one absent member's silence counted after its window."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accord.dialogue import services as dialogue
from accord.negotiation import services as negotiation
from accord.proceedings import floor, records


def _give_and_speak(region, meeting, item, text, *, kind="statement", reply_to=None):
    given = floor.give_floor(actor=region.chair, meeting_id=meeting.pk, item_id=item.pk)
    # The countdown the speaker's page shows while it has the floor.
    given.ends_at = floor.console(region.head("KGZ"), meeting.pk).ends_at
    speaker = next(p for p in region.people.values() if p.state_id == given.state_id and p.is_head)
    said = dialogue.deliver_intervention(
        actor=speaker, meeting_id=meeting.pk, kind=kind, text=text, language="en",
        item_id=item.pk, in_reply_to=reply_to.pk if reply_to else None,
    )  # fmt: skip
    return given, said


def test_a_ministerial_meeting_from_agenda_to_final_record_and_adopted_text(
    region, ministerial, items, text_at_meeting
) -> None:
    item = items[0]
    meeting = ministerial
    # The list of speakers: a delegate first, then a head, then a group statement.
    floor.inscribe(actor=region.delegate("KGZ"), meeting_id=meeting.pk, item_id=item.pk)
    floor.inscribe(actor=region.head("TJK"), meeting_id=meeting.pk, item_id=item.pk)
    floor.inscribe(
        actor=region.head("UZB"), meeting_id=meeting.pk, item_id=item.pk,
        on_behalf_of="the Central Asian states",
    )  # fmt: skip
    order = [p.inscription.state for p in floor.console(region.chair, meeting.pk).queue]
    assert order == ["UZB", "TJK", "KGZ"]  # group, head, delegate
    given, uzb = _give_and_speak(region, meeting, item, "Uzbekistan, for the group, welcomes.")
    assert given.ends_at == given.given_at + timedelta(minutes=5)  # the statement's limit
    # A point of order goes to the front of the list.
    floor.inscribe(
        actor=region.delegate("KAZ"), meeting_id=meeting.pk, item_id=item.pk,
        turn="point-of-order",
    )  # fmt: skip
    assert floor.console(region.chair, meeting.pk).queue[0].inscription.state == "KAZ"
    point, _said = _give_and_speak(region, meeting, item, "On a point of order: time.")
    assert point.state_id == "KAZ"
    assert point.ends_at == point.given_at + timedelta(minutes=2)
    _tjk, tjk = _give_and_speak(region, meeting, item, "Tajikistan notes the border question.")
    _kgz, kgz = _give_and_speak(region, meeting, item, "Kyrgyzstan supports the dialogue.")
    # The list is closed; a right of reply comes at the end, with its own limit.
    floor.close_list(actor=region.chair, meeting_id=meeting.pk, item_id=item.pk)
    floor.inscribe(actor=region.head("UZB"), meeting_id=meeting.pk, item_id=item.pk, turn="reply")
    reply_floor, reply = _give_and_speak(
        region, meeting, item, "Uzbekistan answers on the border.", kind="reply", reply_to=tjk
    )
    assert reply_floor.ends_at == reply_floor.given_at + timedelta(minutes=3)
    # The draft record, corrected by Kyrgyzstan for its own statement, then final.
    issued = timezone.now()
    records.issue_draft(actor=region.secretariat, meeting_id=meeting.pk, now=issued)
    records.submit_correction(
        actor=region.head("KGZ"), meeting_id=meeting.pk, ref=kgz.public_id,
        text="Kyrgyzstan fully supports the dialogue.", now=issued + timedelta(days=1),
    )  # fmt: skip
    final = records.approve_record(
        actor=region.chair, meeting_id=meeting.pk, now=issued + timedelta(days=7)
    )
    assert [(e["state"], e["kind"], e["text"]) for e in final.entries] == [
        ("UZB", "statement", "Uzbekistan, for the group, welcomes."),
        ("KAZ", "statement", "On a point of order: time."),
        ("TJK", "statement", "Tajikistan notes the border question."),
        ("KGZ", "statement", "Kyrgyzstan fully supports the dialogue."),
        ("UZB", "reply", "Uzbekistan answers on the border."),
    ]
    assert uzb.pk and reply.in_reply_to_id == tjk.pk
    # The outcome: adopted with TJK absent, its silence counted after the 24-hour window.
    document = text_at_meeting()
    negotiation.open_adoption(
        actor=region.chair, document_id=document.pk, kind="consensus", absent=["TJK"]
    )
    opened = document.procedures.get().opened_at
    for code in ("KAZ", "KGZ", "UZB"):
        negotiation.approve(actor=region.head(code), document_id=document.pk, now=opened)
    row = negotiation.settle_procedure(
        procedure_id=document.procedures.get().pk, now=opened + timedelta(hours=24)
    )
    assert (row.outcome, row.decided_at, row.outcome_reason) == (
        "adopted", opened + timedelta(hours=24), "no member objected",
    )  # fmt: skip

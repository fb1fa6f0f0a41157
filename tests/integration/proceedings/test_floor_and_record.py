"""The list of speakers under the rules, and the summary record's corrections."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.dialogue import services as dialogue
from accord.domain.errors import NotPermitted, RuleViolation
from accord.proceedings import floor, records
from fixtures.proceedings import counts


def _queue(region: Any, meeting: Any, item: Any) -> list[tuple[str, str]]:
    view = floor.console(region.chair, meeting.pk, item.pk)
    return [(p.inscription.state, p.inscription.turn.value) for p in view.queue]


def test_precedence_points_of_order_first_heads_before_delegates_members_before_observers(
    region, ministerial, items
) -> None:
    item = items[0]
    floor.inscribe(actor=region.people["mng-head"], meeting_id=ministerial.pk, item_id=item.pk)
    floor.inscribe(actor=region.delegate("KGZ"), meeting_id=ministerial.pk, item_id=item.pk)
    floor.inscribe(actor=region.head("TJK"), meeting_id=ministerial.pk, item_id=item.pk)
    floor.inscribe(
        actor=region.head("UZB"), meeting_id=ministerial.pk, item_id=item.pk,
        on_behalf_of="the Central Asian states",
    )  # fmt: skip
    floor.inscribe(
        actor=region.delegate("KAZ"), meeting_id=ministerial.pk, item_id=item.pk,
        turn="point-of-order",
    )  # fmt: skip
    assert _queue(region, ministerial, item) == [
        ("KAZ", "point-of-order"), ("UZB", "statement"), ("TJK", "statement"),
        ("KGZ", "statement"), ("MNG", "statement"),
    ]  # fmt: skip
    given = floor.give_floor(actor=region.chair, meeting_id=ministerial.pk, item_id=item.pk)
    assert given.state_id == "KAZ"
    view = floor.console(region.head("TJK"), ministerial.pk)
    assert view.holder is not None and view.holder.limit == timedelta(minutes=2)
    floor.give_floor(actor=region.chair, meeting_id=ministerial.pk, item_id=item.pk)
    view = floor.console(region.head("TJK"), ministerial.pk)
    assert view.holder is not None and view.holder.inscription.state == "UZB"
    assert view.ends_at == view.holder.request.given_at + timedelta(minutes=5)


def test_an_observers_point_of_order_is_refused_where_the_rules_forbid(
    region, ministerial, items
) -> None:
    before = counts()
    with pytest.raises(NotPermitted, match="do not let observers raise points of order") as e:
        floor.inscribe(
            actor=region.people["mng-head"], meeting_id=ministerial.pk, item_id=items[0].pk,
            turn="point-of-order",
        )  # fmt: skip
    assert e.value.code == "observer_point_of_order"
    assert counts() == before


def test_rights_of_reply_are_limited_and_a_closed_list_takes_no_statement(
    region, ministerial, items
) -> None:
    item = items[0]
    floor.close_list(actor=region.chair, meeting_id=ministerial.pk, item_id=item.pk)
    before = counts()
    with pytest.raises(RuleViolation, match="closed the list"):
        floor.inscribe(actor=region.head("TJK"), meeting_id=ministerial.pk, item_id=item.pk)
    assert counts() == before
    floor.inscribe(
        actor=region.head("TJK"), meeting_id=ministerial.pk, item_id=item.pk, turn="reply"
    )
    before = counts()
    with pytest.raises(RuleViolation, match="rights of reply the rules give"):
        floor.inscribe(
            actor=region.delegate("TJK"), meeting_id=ministerial.pk, item_id=item.pk, turn="reply"
        )
    assert counts() == before


def test_only_the_chair_or_a_co_chair_gives_the_floor(region, ministerial, items) -> None:
    from accord.proceedings import chairing

    floor.inscribe(actor=region.head("TJK"), meeting_id=ministerial.pk, item_id=items[0].pk)
    before = counts()
    with pytest.raises(NotPermitted):
        floor.give_floor(actor=region.head("UZB"), meeting_id=ministerial.pk, item_id=items[0].pk)
    assert counts() == before
    chairing.appoint(
        actor=region.chair, meeting_id=ministerial.pk, office="co-chair", holder="uzb-head"
    )
    given = floor.give_floor(
        actor=region.head("UZB"), meeting_id=ministerial.pk, item_id=items[0].pk
    )
    assert given.state_id == "TJK"


def _speak(region: Any, meeting: Any, item: Any, code: str, text: str) -> Any:
    floor.inscribe(actor=region.head(code), meeting_id=meeting.pk, item_id=item.pk)
    floor.give_floor(actor=region.chair, meeting_id=meeting.pk, item_id=item.pk)
    return dialogue.deliver_intervention(
        actor=region.head(code), meeting_id=meeting.pk, kind="statement", text=text,
        language="en", item_id=item.pk,
    )  # fmt: skip


def test_a_draft_record_is_corrected_by_its_own_states_and_approved_final(
    region, ministerial, items
) -> None:
    kgz = _speak(region, ministerial, items[0], "KGZ", "Kyrgyzstan welcomes the talks.")
    tjk = _speak(region, ministerial, items[0], "TJK", "Tajikistan notes the border.")
    issued = timezone.now()
    records.issue_draft(actor=region.secretariat, meeting_id=ministerial.pk, now=issued)
    before = counts()
    with pytest.raises(NotPermitted, match="corrects only its own interventions"):
        records.submit_correction(
            actor=region.head("KGZ"), meeting_id=ministerial.pk, ref=tjk.public_id,
            text="Tajikistan agrees.", now=issued + timedelta(hours=1),
        )  # fmt: skip
    assert counts() == before
    records.submit_correction(
        actor=region.delegate("KGZ"), meeting_id=ministerial.pk, ref=kgz.public_id,
        text="Kyrgyzstan warmly welcomes the talks.", now=issued + timedelta(hours=1),
    )  # fmt: skip
    with pytest.raises(RuleViolation, match="still open"):
        records.approve_record(
            actor=region.chair, meeting_id=ministerial.pk, now=issued + timedelta(days=1)
        )
    final = records.approve_record(
        actor=region.chair, meeting_id=ministerial.pk, now=issued + timedelta(days=7)
    )
    assert final.stage == "final" and len(final.final_sha256) == 64
    assert [e["text"] for e in final.entries] == [
        "Kyrgyzstan warmly welcomes the talks.", "Tajikistan notes the border.",
    ]  # fmt: skip
    before = counts()
    with pytest.raises(RuleViolation, match="is final: it no longer changes"):
        records.submit_correction(
            actor=region.head("TJK"), meeting_id=ministerial.pk, ref=tjk.public_id,
            text="Tajikistan changed.", now=issued + timedelta(days=8),
        )  # fmt: skip
    assert counts() == before
    markdown = records.record_markdown(records.get_record(region.head("UZB"), ministerial.pk))
    assert "Kyrgyzstan warmly welcomes the talks." in markdown
    assert final.final_sha256 in markdown


def test_only_the_secretariat_issues_the_draft(region, ministerial, items) -> None:
    _speak(region, ministerial, items[0], "KGZ", "Kyrgyzstan welcomes the talks.")
    before = counts()
    with pytest.raises(NotPermitted):
        records.issue_draft(actor=region.chair, meeting_id=ministerial.pk)
    assert counts() == before

"""Each cause queues its alert for the right people, in the transaction of its ledger
entry: the floor given, a bilateral request, a revision issued, a document adopted, a
notification received."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from accord.alerts.models import Alert
from accord.dialogue import services as dialogue
from accord.negotiation import services as negotiation
from accord.notifications import services as notifications
from fixtures.alerts import settle_verifications, verified_email

MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")


def at(hour: int) -> datetime:
    return datetime(2030, 5, 10, hour, tzinfo=UTC)


def _everyone_reachable(region: Any) -> None:
    for code in MEMBERS:
        verified_email(region.head(code), f"head@{code.lower()}.example.org")
        verified_email(region.delegate(code), f"duty@{code.lower()}.example.org")
    verified_email(region.observer, "head@mng.example.org")
    settle_verifications()


def _recipients(trigger: str) -> list[str]:
    return sorted(
        a.person.username for a in Alert.objects.filter(trigger=trigger).select_related("person")
    )


def _plenary(region: Any) -> Any:
    return dialogue.convene_meeting(
        actor=region.secretariat,
        title="Ministerial meeting",
        kind="ministerial",
        starts_at=at(8),
        ends_at=at(19),
        venue="Astana",
        participants=list(MEMBERS),
        observers=["MNG"],
        sittings=[("Morning", at(9), at(12)), ("Afternoon", at(15), at(18))],
    )


def test_the_floor_given_alerts_the_delegate_who_asked(region):
    _everyone_reachable(region)
    plenary = _plenary(region)
    item = dialogue.add_agenda_item(actor=region.chair, meeting_id=plenary.pk, title="Water")
    dialogue.adopt_agenda(actor=region.chair, meeting_id=plenary.pk)
    request = dialogue.request_floor(
        actor=region.delegate("KGZ"), meeting_id=plenary.pk, item_id=item.pk
    )
    dialogue.give_floor(actor=region.chair, meeting_id=plenary.pk, request_id=request.pk)
    assert _recipients("floor_given") == ["kgz-delegate"]
    [alert] = Alert.objects.filter(trigger="floor_given")
    assert alert.facts["title"] == "Ministerial meeting"


def test_a_bilateral_request_alerts_only_the_state_asked(region):
    _everyone_reachable(region)
    plenary = _plenary(region)
    dialogue.request_bilateral(
        actor=region.head("KGZ"),
        meeting_id=plenary.pk,
        counterpart="UZB",
        subject="Shared rivers",
        slots=[(at(12), at(13))],
    )
    assert _recipients("bilateral_requested") == ["uzb-delegate", "uzb-head"]
    # Summary channels: the subject of a restricted request does not travel.
    facts = [a.facts for a in Alert.objects.filter(trigger="bilateral_requested")]
    assert facts == [{"trigger": "bilateral_requested", "state": "KGZ"}] * 2


def test_a_revision_and_an_adoption_alert_every_member_but_not_observers(
    region, draft: Any, keys: Any
):
    _everyone_reachable(region)
    document = draft(visibility="members")
    negotiation.issue_revision(actor=region.chair, document_id=document.pk, decisions={})
    officers = sorted(f"{c.lower()}-{r}" for c in MEMBERS for r in ("delegate", "head"))
    assert _recipients("revision_issued") == officers
    negotiation.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in MEMBERS:
        negotiation.approve(actor=region.head(code), document_id=document.pk)
    assert _recipients("document_adopted") == officers
    assert "mng-head" not in _recipients("document_adopted")


def test_a_notification_alerts_the_recipients_duty_officers(region, exercise: Any):
    _everyone_reachable(region)
    notifications.send_notification(
        actor=region.delegate("KAZ"),
        type_key="exercise_notice",
        content=exercise(),
        recipients=["TJK"],
    )
    assert _recipients("notification_received") == ["tjk-delegate"]

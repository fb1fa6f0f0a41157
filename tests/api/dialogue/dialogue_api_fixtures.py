"""A region with something of every kind of secret, for the API tests of the dialogue.

- a restricted concern of KAZ and UZB ("SECRETCONCERN"),
- a restricted meeting of KAZ, KGZ and UZB with an intervention ("SECRETMEETING"),
- a bilateral KGZ–UZB on the sidelines of the plenary, accepted, with what was said in it
  ("SECRETBILATERAL"),
- and open material: a plenary with an agenda, an intervention and a document.

TJK is the third state: at the plenary, party to none of the secrets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from accord.dialogue import services


def at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2030, 5, day, hour, minute, tzinfo=UTC)


# Which states may see each secret.
SECRETS = {
    "SECRETCONCERN": {"KAZ", "UZB"},
    "SECRETMEETING": {"KAZ", "KGZ", "UZB"},
    "SECRETBILATERAL": {"KGZ", "UZB"},
}


@dataclass
class World:
    plenary: Any
    item: Any
    open_intervention: Any
    secret_concern: Any
    secret_meeting: Any
    secret_meeting_intervention: Any
    bilateral: Any
    bilateral_intervention: Any


def build(region: Any) -> World:
    chair = region.chair
    plenary = services.convene_meeting(
        actor=region.secretariat,
        title="Ministerial meeting",
        kind="ministerial",
        starts_at=at(8),
        ends_at=at(19),
        time_zone="Asia/Almaty",
        venue="Astana",
        participants=["KAZ", "KGZ", "TJK", "UZB"],
        observers=["MNG", "UNO"],
        sittings=[("Morning", at(9), at(12)), ("Afternoon", at(15), at(18))],
    )
    open_concern = services.raise_concern(
        actor=region.head("KGZ"),
        title="Glaciers OPENWORD",
        summary="Melting.",
        category="climate",
        visibility="participants",
    )
    item = services.add_agenda_item(actor=chair, meeting_id=plenary.pk, concern_id=open_concern.pk)
    services.adopt_agenda(actor=chair, meeting_id=plenary.pk)
    floor = services.request_floor(actor=region.head("TJK"), meeting_id=plenary.pk, item_id=item.pk)
    services.give_floor(actor=chair, meeting_id=plenary.pk, request_id=floor.pk)
    open_intervention = services.deliver_intervention(
        actor=region.head("TJK"),
        meeting_id=plenary.pk,
        item_id=item.pk,
        kind="statement",
        text="Glaciers OPENWORD feed our rivers.",
        language="en",
    )
    services.attach_document(
        actor=region.secretariat, meeting_id=plenary.pk, title="Agenda", language="en", body="1."
    )
    secret_concern = services.raise_concern(
        actor=region.head("KAZ"),
        title="SECRETCONCERN water releases",
        summary="Between us.",
        category="borders",
        visibility="restricted",
        restricted_to=["UZB"],
    )
    secret_meeting = services.convene_meeting(
        actor=chair,
        title="SECRETMEETING trilateral",
        kind="consultation",
        starts_at=at(9, day=12),
        ends_at=at(11, day=12),
        venue="Tashkent",
        participants=["KAZ", "KGZ", "UZB"],
        visibility="restricted",
    )
    secret_meeting_intervention = services.deliver_intervention(
        actor=region.head("KGZ"),
        meeting_id=secret_meeting.pk,
        kind="statement",
        text="SECRETMEETING position.",
        language="ru",
    )
    bilateral = services.request_bilateral(
        actor=region.head("KGZ"),
        meeting_id=plenary.pk,
        counterpart="UZB",
        subject="SECRETBILATERAL border",
        slots=[(at(12, 30), at(13, 30))],
    )
    services.accept_bilateral(
        actor=region.delegate("UZB"), bilateral_id=bilateral.pk, slot_id=bilateral.slots.get().pk
    )
    bilateral.refresh_from_db()
    bilateral_intervention = services.deliver_intervention(
        actor=region.head("UZB"),
        meeting_id=bilateral.session_id,
        kind="statement",
        text="SECRETBILATERAL offer.",
        language="zh-hans",
    )
    return World(
        plenary=plenary,
        item=item,
        open_intervention=open_intervention,
        secret_concern=secret_concern,
        secret_meeting=secret_meeting,
        secret_meeting_intervention=secret_meeting_intervention,
        bilateral=bilateral,
        bilateral_intervention=bilateral_intervention,
    )

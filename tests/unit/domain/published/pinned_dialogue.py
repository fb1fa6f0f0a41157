"""The dialogue's events and the bytes each one is on the stream (`GET /api/v1/events`) and
on the ledger: a change to either is a change to the public contract, caught here."""

# The pinned bytes stay on one line each, as the stream writes them.
# ruff: noqa: E501

from __future__ import annotations

from accord.domain import published
from accord.domain.visibility import Audience, Visibility

MEMBERS = Audience(Visibility.MEMBERS)
KAZ_UZB = Audience(Visibility.RESTRICTED, states=frozenset({"KAZ", "UZB"}))
KAZ_ONLY = Audience(Visibility.DELEGATION, owner_state="KAZ")

# (event, object type, object id, the stream's bytes, the ledger's payload as JSON)
PINNED: list[tuple[published.Published, str, str, str, str]] = [
    (
        published.ConcernRaised(
            audience=KAZ_UZB,
            title="Water releases",
            category="borders",
            state="KAZ",
            affected_states=("TJK", "UZB"),
        ),
        "dialogue.concern",
        "cnc_1",
        'id: 41\ndata: {"data":{"affected_states":["TJK","UZB"],"category":"borders","state":"KAZ","title":"Water releases"},"kind":"concern.raised","object_id":"cnc_1","object_type":"dialogue.concern"}\n\n',
        '{"title": "Water releases", "category": "borders", "state": "KAZ", "affected_states": ["TJK", "UZB"]}',
    ),
    (
        published.ConcernCoSponsored(audience=MEMBERS, concern="cnc_1", state="UZB"),
        "dialogue.concern",
        "cnc_1",
        'id: 41\ndata: {"data":{"concern":"cnc_1","state":"UZB"},"kind":"concern.co_sponsored","object_id":"cnc_1","object_type":"dialogue.concern"}\n\n',
        '{"concern": "cnc_1", "state": "UZB"}',
    ),
    (
        published.ConcernMoved(
            audience=MEMBERS, concern="cnc_1", from_="raised", to="on_agenda", note="Item 3."
        ),
        "dialogue.concern",
        "cnc_1",
        'id: 41\ndata: {"data":{"concern":"cnc_1","from":"raised","note":"Item 3.","to":"on_agenda"},"kind":"concern.moved","object_id":"cnc_1","object_type":"dialogue.concern"}\n\n',
        '{"concern": "cnc_1", "from": "raised", "to": "on_agenda", "note": "Item 3."}',
    ),
    (
        published.MeetingConvened(
            audience=MEMBERS,
            title="Ministerial meeting",
            kind="ministerial",
            starts_at="2030-05-10T08:00:00+00:00",
            ends_at="2030-05-10T19:00:00+00:00",
            participants=("KAZ", "KGZ"),
            observers=("MNG",),
        ),
        "dialogue.meeting",
        "mtg_1",
        'id: 41\ndata: {"data":{"ends_at":"2030-05-10T19:00:00+00:00","kind":"ministerial","observers":["MNG"],"participants":["KAZ","KGZ"],"starts_at":"2030-05-10T08:00:00+00:00","title":"Ministerial meeting"},"kind":"meeting.convened","object_id":"mtg_1","object_type":"dialogue.meeting"}\n\n',
        '{"title": "Ministerial meeting", "kind": "ministerial", "starts_at": "2030-05-10T08:00:00+00:00", "ends_at": "2030-05-10T19:00:00+00:00", "participants": ["KAZ", "KGZ"], "observers": ["MNG"]}',
    ),
    (
        published.AgendaItemAdded(
            audience=MEMBERS, meeting="mtg_1", number=2, title="Glaciers", concern=None
        ),
        "dialogue.agendaitem",
        "itm_1",
        'id: 41\ndata: {"data":{"concern":null,"meeting":"mtg_1","number":2,"title":"Glaciers"},"kind":"agenda.item_added","object_id":"itm_1","object_type":"dialogue.agendaitem"}\n\n',
        '{"meeting": "mtg_1", "number": 2, "title": "Glaciers", "concern": null}',
    ),
    (
        published.AgendaAdopted(audience=MEMBERS, meeting="mtg_1", items=3),
        "dialogue.meeting",
        "mtg_1",
        'id: 41\ndata: {"data":{"items":3,"meeting":"mtg_1"},"kind":"agenda.adopted","object_id":"mtg_1","object_type":"dialogue.meeting"}\n\n',
        '{"meeting": "mtg_1", "items": 3}',
    ),
    (
        published.FloorRequested(audience=MEMBERS, meeting="mtg_1", item="itm_1", state="TJK"),
        "dialogue.floorrequest",
        "flr_1",
        'id: 41\ndata: {"data":{"item":"itm_1","meeting":"mtg_1","state":"TJK"},"kind":"floor.requested","object_id":"flr_1","object_type":"dialogue.floorrequest"}\n\n',
        '{"meeting": "mtg_1", "item": "itm_1", "state": "TJK"}',
    ),
    (
        published.FloorGiven(audience=MEMBERS, meeting="mtg_1", item="itm_1", state="TJK"),
        "dialogue.floorrequest",
        "flr_1",
        'id: 41\ndata: {"data":{"item":"itm_1","meeting":"mtg_1","state":"TJK"},"kind":"floor.given","object_id":"flr_1","object_type":"dialogue.floorrequest"}\n\n',
        '{"meeting": "mtg_1", "item": "itm_1", "state": "TJK"}',
    ),
    (
        published.InterventionDelivered(
            audience=MEMBERS,
            meeting="mtg_1",
            item="itm_1",
            kind="statement",
            state="TJK",
            as_chair=False,
            in_reply_to=None,
            language="ru",
            text="Ледники питают наши реки.",
        ),
        "dialogue.intervention",
        "int_1",
        'id: 41\ndata: {"data":{"intervention":"int_1","kind":"statement","meeting":"mtg_1","state":"TJK"},"kind":"intervention.delivered","object_id":"int_1","object_type":"dialogue.intervention"}\n\n',
        '{"meeting": "mtg_1", "item": "itm_1", "kind": "statement", "state": "TJK", "as_chair": false, "in_reply_to": null, "language": "ru", "text": "Ледники питают наши реки."}',
    ),
    (
        published.DocumentAttached(
            audience=MEMBERS, meeting="mtg_1", title="Agenda", language="en"
        ),
        "dialogue.meetingdocument",
        "doc_1",
        'id: 41\ndata: {"data":{"language":"en","meeting":"mtg_1","title":"Agenda"},"kind":"document.attached","object_id":"doc_1","object_type":"dialogue.meetingdocument"}\n\n',
        '{"meeting": "mtg_1", "title": "Agenda", "language": "en"}',
    ),
    (
        published.BilateralRequested(
            audience=KAZ_UZB,
            meeting="mtg_1",
            requester="KAZ",
            counterpart="UZB",
            subject="Border",
            slots=(("2030-05-10T12:30:00+00:00", "2030-05-10T13:30:00+00:00"),),
        ),
        "dialogue.bilateral",
        "bil_1",
        'id: 41\ndata: {"data":{"counterpart":"UZB","meeting":"mtg_1","requester":"KAZ","slots":[["2030-05-10T12:30:00+00:00","2030-05-10T13:30:00+00:00"]],"subject":"Border"},"kind":"bilateral.requested","object_id":"bil_1","object_type":"dialogue.bilateral"}\n\n',
        '{"meeting": "mtg_1", "requester": "KAZ", "counterpart": "UZB", "subject": "Border", "slots": [["2030-05-10T12:30:00+00:00", "2030-05-10T13:30:00+00:00"]]}',
    ),
    (
        published.BilateralAccepted(
            audience=KAZ_UZB,
            meeting="mtg_1",
            session="mtg_2",
            starts_at="2030-05-10T12:30:00+00:00",
            ends_at="2030-05-10T13:30:00+00:00",
        ),
        "dialogue.bilateral",
        "bil_1",
        'id: 41\ndata: {"data":{"ends_at":"2030-05-10T13:30:00+00:00","meeting":"mtg_1","session":"mtg_2","starts_at":"2030-05-10T12:30:00+00:00"},"kind":"bilateral.accepted","object_id":"bil_1","object_type":"dialogue.bilateral"}\n\n',
        '{"meeting": "mtg_1", "session": "mtg_2", "starts_at": "2030-05-10T12:30:00+00:00", "ends_at": "2030-05-10T13:30:00+00:00"}',
    ),
    (
        published.BilateralDeclined(audience=KAZ_UZB, meeting="mtg_1", reason="Not now."),
        "dialogue.bilateral",
        "bil_1",
        'id: 41\ndata: {"data":{"meeting":"mtg_1","reason":"Not now."},"kind":"bilateral.declined","object_id":"bil_1","object_type":"dialogue.bilateral"}\n\n',
        '{"meeting": "mtg_1", "reason": "Not now."}',
    ),
    (
        published.CalendarFeedIssued(audience=KAZ_ONLY, user="kaz-head"),
        "members.user",
        "7",
        'id: 41\ndata: {"data":{"user":"kaz-head"},"kind":"calendar.feed_issued","object_id":"7","object_type":"members.user"}\n\n',
        '{"user": "kaz-head"}',
    ),
]

"""Issue 11, "sequential ids reveal hidden objects": played as the attacker.

A third state that lists concerns must not learn from a gap that a hidden one exists, nor
find one by counting. Every object that can be hidden is named outside the database by an
opaque public id (`con_` and 26 base32 letters of 128 random bits); its database key never
reaches a URL, an answer, an event or an export.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from accord.dialogue import services as dialogue
from accord.dialogue.models import Bilateral
from accord.ledger.models import LedgerEntry
from accord.members.public_ids import PublicIdField, is_public_id, new_public_id

PATTERN = re.compile(r"^[a-z]{2,5}_[a-z2-7]{26}$")
# Every name under which an answer, an event or an export refers to an object with a
# public id (DESIGN §5 keeps the names; their values are public ids now).
REFERENCES = {
    "id", "meeting", "concern", "item", "in_reply_to", "session", "sidelines_of", "based_on",
    "meeting_id", "document_id", "consultation_id", "consultation", "notification", "reply_id",
    "intervention", "document", "message",
}  # fmt: skip
# Numbered within their document: a paragraph, a revision's canonical content.
LOCAL = {"paragraphs", "content", "segments"}
DETAIL_PATHS = {
    "concern": "/api/v1/concerns/{}",
    "meeting": "/api/v1/meetings/{}",
    "bilateral": "/api/v1/bilaterals/{}",
    "document": "/api/v1/documents/{}",
    "consultation": "/api/v1/consultations/{}",
    "notification": "/api/v1/notifications/{}",
    "hotline": "/api/v1/hotline/messages/{}",
}
PAGE_PATHS = {
    "concern": "/concerns/{}/",
    "meeting": "/meetings/{}/",
    "document": "/documents/{}/",
    "consultation": "/consultations/{}/",
    "notification": "/notifications/{}/",
}


def test_a_public_id_is_a_prefix_and_128_random_bits():
    made = {new_public_id("con") for _ in range(1000)}
    assert len(made) == 1000
    assert all(PATTERN.match(i) and i.startswith("con_") for i in made)
    # 26 base32 letters carry 130 bits; the last letter holds the 128th bit and two zeros.
    assert {i[-1] for i in made} <= set("aeimquy4")
    with pytest.raises(ValueError):
        PublicIdField("Concern")


def test_ids_are_not_sequential(region, api):
    for n in range(20):
        dialogue.raise_concern(
            actor=region.head("KAZ"), title=f"Concern {n}", summary="x.", category="other"
        )
    listed = api(region.head("KGZ")).get("/api/v1/concerns").json()["items"]
    made = [c["id"] for c in sorted(listed, key=lambda c: c["raised_at"])]
    assert len(made) == 20 and all(PATTERN.match(i) for i in made)
    # Sorted ids in the order of creation would happen once in 20! runs.
    assert made != sorted(made)
    assert len({i[:8] for i in made}) == 20


def test_enumerating_by_integer_finds_nothing(region, api, world):
    client = api(region.head("KAZ"))  # KAZ may see every secret of the world
    absent = "zzz_" + "a" * 26
    for kind, path in DETAIL_PATHS.items():
        obj = world.secret(kind).obj
        assert client.get(path.format(obj.public_id)).status_code == 200, kind
        by_key = client.get(path.format(obj.pk))
        nothing = client.get(path.format(absent))
        assert (by_key.status_code, by_key.json()) == (nothing.status_code, nothing.json()), kind
        assert by_key.status_code == 404
    page_client = _page_client(region.delegate("KAZ"))
    for kind, path in PAGE_PATHS.items():
        obj = world.secret(kind).obj
        assert page_client.get(path.format(obj.public_id)).status_code == 200, kind
        assert page_client.get(path.format(obj.pk)).status_code == 404, kind
        assert page_client.get(path.format(f"{obj.public_id[:4]}{'a' * 26}")).status_code == 404


def test_a_third_state_probing_a_bilateral_gets_what_a_nonexistent_id_gets(region, api, world):
    bilateral = world.secret("bilateral").obj
    outsider = api(region.head("TJK"))
    absent = new_public_id("bil")
    before = (LedgerEntry.objects.count(), Bilateral.objects.get(pk=bilateral.pk).status)
    slot = {"slot": bilateral.slots.first().public_id}
    for method, suffix, body in [
        ("get", "", None),
        ("post", "/accept", slot),
        ("post", "/decline", {"reason": "No."}),
    ]:
        answers = []
        for target in (bilateral.public_id, absent):
            path = f"/api/v1/bilaterals/{target}{suffix}"
            if method == "get":
                answers.append(outsider.get(path))
            else:
                answers.append(
                    outsider.post(path, json.dumps(body), content_type="application/json")
                )
        hidden, nothing = answers
        assert hidden.status_code == nothing.status_code == 404, suffix
        assert hidden.content == nothing.content, suffix
    listed = outsider.get(f"/api/v1/bilaterals?meeting={bilateral.meeting.public_id}")
    assert bilateral.public_id not in listed.content.decode()
    after = (LedgerEntry.objects.count(), Bilateral.objects.get(pk=bilateral.pk).status)
    assert after == before


@pytest.mark.parametrize(
    "bad", [5, "5", "mtg_", "MTG_" + "A" * 26, "mtg_" + "1" * 26, "mtg_" + "a" * 27, None, []]
)
def test_a_malformed_reference_is_422_and_changes_nothing(region, api, world, bad):
    client = api(region.head("KAZ"))
    before = LedgerEntry.objects.count()
    answer = client.post(
        "/api/v1/bilaterals",
        json.dumps({"meeting": bad, "counterpart": "KGZ", "subject": "Water", "slots": []}),
        content_type="application/json",
    )
    assert answer.status_code == 422, answer.content
    body = answer.json()
    assert body["code"] == "invalid_input"
    assert [e["field"] for e in body["errors"]] == ["meeting"]
    assert LedgerEntry.objects.count() == before


def test_a_malformed_reference_in_a_query_is_422(region, api):
    client = api(region.head("KAZ"))
    answer = client.get("/api/v1/bilaterals?meeting=12")
    assert answer.status_code == 422
    assert answer.json()["errors"][0] == {
        "field": "meeting",
        "message": "Give a public id, such as mtg_ followed by 26 letters and digits.",
    }


def _integers_under_references(value: Any, where: str = "") -> list[str]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in LOCAL:
                continue
            if key in REFERENCES and isinstance(item, int) and not isinstance(item, bool):
                found.append(f"{where}.{key}={item}")
            elif key in REFERENCES and isinstance(item, str) and item.isdigit():
                found.append(f"{where}.{key}={item!r}")
            found += _integers_under_references(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _integers_under_references(item, f"{where}[{index}]")
    return found


def test_no_answer_event_or_export_carries_a_database_key(region, api, world):
    client = api(region.head("KAZ"))
    plenary, secrets = world.plenary.public_id, world.secrets
    meeting, document = secrets["meeting"].obj.public_id, secrets["document"].obj.public_id
    paths = [
        "/api/v1/concerns", "/api/v1/meetings", "/api/v1/bilaterals", "/api/v1/documents",
        "/api/v1/consultations", "/api/v1/notifications", "/api/v1/hotline/messages",
        "/api/v1/duty", "/api/v1/search?q=SECRETWALK",
        f"/api/v1/meetings/{plenary}/agenda", f"/api/v1/meetings/{meeting}/interventions",
        f"/api/v1/meetings/{meeting}/documents", f"/api/v1/meetings/{meeting}/summary",
        f"/api/v1/meetings/{plenary}/speakers", f"/api/v1/documents/{document}",
        f"/api/v1/documents/{document}/amendments", "/api/v1/notifications/export?format=json",
        *(path.format(secrets[kind].obj.public_id) for kind, path in DETAIL_PATHS.items()),
    ]  # fmt: skip
    for path in paths:
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert _integers_under_references(answer.json(), path) == []
    # The ledger's object references and the events' payloads (what the stream replays).
    named = {m._meta.label_lower for m in _models_with_public_ids()}
    for entry in LedgerEntry.objects.all():
        if entry.object_type in named:
            assert is_public_id(entry.object_id), (entry.action, entry.object_id)
        assert _integers_under_references(entry.payload, entry.action) == []
    # Calendars: the UIDs are public ids.
    ics = client.get(f"/api/v1/meetings/{plenary}/calendar.ics").content.decode()
    uids = re.findall(r"^UID:(\S+)@", ics, re.M)
    assert uids and all(is_public_id(uid) for uid in uids)
    notices = client.get("/api/v1/notifications/export?format=ics").content.decode()
    assert all(is_public_id(uid) for uid in re.findall(r"^UID:(\S+)@", notices, re.M))


def test_pages_link_by_public_id_only(region, world):
    client = _page_client(region.delegate("KAZ"))
    keys = {str(world.secret(kind).obj.pk) for kind in PAGE_PATHS}
    for path in ["/concerns/", "/meetings/", "/documents/", "/notifications/"]:
        html = client.get(path).content.decode()
        links = re.findall(r'href="(/(?:concerns|meetings|documents|notifications)/[^"/]+)/', html)
        assert links, path
        assert not [link for link in links if link.rsplit("/", 1)[-1] in keys], path


def _models_with_public_ids() -> list[Any]:
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if any(isinstance(field, PublicIdField) for field in model._meta.fields)
    ]


def _page_client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_every_model_that_can_be_hidden_has_a_public_id():
    names = {model.__name__ for model in _models_with_public_ids()}
    assert names >= {
        "Concern", "Meeting", "Sitting", "AgendaItem", "FloorRequest", "Intervention",
        "MeetingDocument", "Bilateral", "ProposedSlot", "Document", "Consultation",
        "Notification", "HotlineMessage", "Mediation", "Channel", "Alert", "Announcement",
        "NonPaper", "Commitment", "ChairOffice", "FriendsGroup",
    }  # fmt: skip


def _send(client: Any, path: str, body: dict[str, Any]) -> Any:
    answer = client.post(path, json.dumps(body), content_type="application/json")
    assert answer.status_code in (200, 201), (path, answer.content)
    return answer.json()


def test_the_proceedings_versions_and_register_answers_carry_no_database_key(
    region, api, ministerial, items, text_at_meeting
):
    chair, kgz, secretariat = api(region.chair), api(region.head("KGZ")), api(region.secretariat)
    meeting, item, document = ministerial.public_id, items[0].public_id, text_at_meeting()
    doc, at = document.public_id, f"/api/v1/meetings/{ministerial.public_id}"
    made = {
        "flr": _send(kgz, f"{at}/floor/inscriptions", {"item": item})["queue"][0],
        "ann": _send(chair, f"{at}/announcements", {"text": "The meeting resumes."}),
        "np": _send(chair, f"{at}/non-papers", {"title": "Elements", "body": "Possible."}),
        "off": _send(
            chair, f"{at}/offices",
            {"office": "facilitator", "holder": region.head("KGZ").username, "document": doc,
             "paragraph": "OP1"},
        ),
        "fotc": _send(
            chair, f"/api/v1/documents/{doc}/friends",
            {"paragraph": "OP2", "states": ["KGZ", "TJK"]},
        ),
    }  # fmt: skip
    assert all(answer["id"].startswith(f"{prefix}_") for prefix, answer in made.items())
    assert (made["off"]["meeting"], made["off"]["document"]) == (meeting, doc)
    register = _send(
        secretariat, "/api/v1/register",
        {"document": doc, "symbol": "RSD/MIN/2021/DOC/3", "original_language": "en",
         "distribution": "general"},
    )  # fmt: skip
    assert register["document"] == doc
    answers = [*made.values(), register]
    for path in [
        "/api/v1/rules", f"{at}/floor?item={item}", f"{at}/offices", f"{at}/non-papers",
        f"/api/v1/documents/{doc}/friends", "/api/v1/register",
        f"/api/v1/documents/{doc}/revisions/1/concordance",
    ]:  # fmt: skip
        answer = chair.get(path)
        assert answer.status_code == 200, (path, answer.content)
        answers.append(answer.json())
    assert _integers_under_references(answers) == []
    rules = next(
        a["items"] for a in answers if "items" in a and a["items"] and "rules" in a["items"][0]
    )
    assert rules[0]["meetings"] == [meeting]
    # The ledger's entries (and so the events the stream replays) name them the same way.
    for entry in LedgerEntry.objects.all():
        assert _integers_under_references(entry.payload, entry.action) == []
    # A reference that is a database key is refused, and nothing is changed.
    before = LedgerEntry.objects.count()
    refused = chair.post(
        f"{at}/floor/close", json.dumps({"item": items[0].pk}), content_type="application/json"
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["item"]
    assert LedgerEntry.objects.count() == before


def test_downloads_are_named_by_public_id_never_by_database_key(region, adopted):
    """A file's name travels further than its answer (saved, mailed, attached): the bundle,
    its public copy and the implementation matrix carried the document's row key in it."""
    client = _page_client(region.delegate("KAZ"))
    doc = adopted.public_id
    downloads = {
        f"/documents/{doc}/bundle.json": f"document-{doc}-bundle.json",
        f"/public/documents/{doc}/bundle.json": f"document-{doc}-bundle.json",
        f"/documents/{doc}/implementation.csv": f"implementation-{doc}.csv",
        f"/documents/{doc}/implementation.pdf": f"implementation-{doc}.pdf",
    }
    for path, name in downloads.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Disposition"] == f'attachment; filename="{name}"', path

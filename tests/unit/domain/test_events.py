"""The event catalogue (issue 16): one kind per name, and what the stream shows of each."""

from __future__ import annotations

import json

from accord.domain import events


def test_every_kind_is_in_the_catalogue_under_its_own_name():
    kinds = [value for value in vars(events).values() if isinstance(value, events.EventKind)]
    assert len(kinds) == len(events.KINDS) > 100  # every constant is registered, once
    assert all(events.KINDS[kind.name] is kind for kind in kinds)
    assert events.named("concern.raised") is events.CONCERN_RAISED


def test_a_kind_streams_its_whole_payload_unless_it_names_what_the_stream_keeps():
    payload = {"title": "Afghanistan", "state": "KAZ"}
    assert events.CONCERN_RAISED.stream_data(payload, "cnc_1") == payload
    spoken = {"meeting": "mtg_1", "kind": "statement", "state": "KAZ", "text": "We hold…"}
    assert events.INTERVENTION_DELIVERED.stream_data(spoken, "int_9") == {
        "meeting": "mtg_1",
        "kind": "statement",
        "state": "KAZ",
        "intervention": "int_9",
    }
    sent = {"from": "KAZ", "to": "UZB", "body_sha256": "ab" * 32}
    assert events.HOTLINE_MESSAGE_SENT.stream_data(sent, "hot_3") == {
        "from": "KAZ",
        "to": "UZB",
        "message": "hot_3",
    }


def test_a_kind_no_longer_in_the_catalogue_streams_as_every_kind_did_before():
    old = events.named("meeting.adjourned")
    assert old not in events.KINDS.values()
    assert old.stream_data({"a": 1}, "x") == {"a": 1}


def test_the_stream_text_is_one_line_of_json_with_sorted_keys_after_the_id():
    text = events.stream_text(
        seq=12, kind="concern.raised", object_type="dialogue.concern", object_id="c", data={}
    )
    assert text == (
        'id: 12\ndata: {"data":{},"kind":"concern.raised","object_id":"c",'
        '"object_type":"dialogue.concern"}\n\n'
    )
    assert json.loads(text.split("data: ", 1)[1])["kind"] == "concern.raised"
    reordered = events.stream_text(
        seq=1, kind="k", object_type="t", object_id="o", data={"b": 1, "a": {"d": 2, "c": 3}}
    )
    assert '"data":{"a":{"c":3,"d":2},"b":1}' in reordered


def test_the_adoption_tables_name_every_act_and_outcome_of_the_domain():
    from accord.domain import consensus

    assert set(events.ADOPTION_BY_OUTCOME) == {
        outcome.value for outcome in consensus.Outcome if outcome is not consensus.Outcome.PENDING
    }
    assert all(kind.name == f"adoption.{act}" for act, kind in events.ADOPTION_BY_ACT.items())

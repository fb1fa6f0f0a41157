"""Every audience survives the ledger export and the event bus unchanged (not only public).

The ledger carries an entry's audience inside the hashed body, the event bus inside each
event's JSON (through Redis between workers); a restricted or delegation audience that came
back widened, narrowed or emptied would show an event or an entry to the wrong states.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.domain.ledger import Entry, EntryBody, canonical_digest, next_entry, verify_chain
from accord.domain.visibility import PUBLIC, Audience, Visibility
from accord.events.bus import Event

AUDIENCES = [
    PUBLIC,
    Audience(Visibility.PARTICIPANTS),
    Audience(Visibility.MEMBERS),
    Audience(Visibility.RESTRICTED, states=frozenset({"KGZ", "KAZ"})),
    Audience(Visibility.RESTRICTED, owner_state="KAZ", states=frozenset({"KAZ", "TJK", "MNG"})),
    Audience(Visibility.RESTRICTED),
    Audience(Visibility.DELEGATION, owner_state="KAZ"),
    Audience(Visibility.DELEGATION),
]
IDS = [f"{a.visibility.value}-{a.owner_state}-{'+'.join(sorted(a.states))}" for a in AUDIENCES]


def as_ledger_tuple(audience: Audience) -> tuple[str, str | None, tuple[str, ...]]:
    return (audience.visibility.value, audience.owner_state, tuple(sorted(audience.states)))


def from_ledger_tuple(audience: tuple[str, str | None, tuple[str, ...]]) -> Audience:
    visibility, owner, states = audience
    return Audience(Visibility(visibility), owner, frozenset(states))


@pytest.mark.parametrize("audience", AUDIENCES, ids=IDS)
def test_an_audience_round_trips_through_its_dict_and_json(audience: Audience) -> None:
    data = audience.as_dict()
    assert data == {
        "visibility": audience.visibility.value,
        "owner_state": audience.owner_state,
        "states": sorted(audience.states),
    }
    assert Audience.from_dict(json.loads(json.dumps(data))) == audience


@pytest.mark.parametrize("audience", AUDIENCES, ids=IDS)
def test_an_audience_round_trips_through_the_event_bus(audience: Audience) -> None:
    event = Event(7, "bilateral.requested", "dialogue.bilateral", "12", audience, {"n": 1})
    again = Event.from_json(event.to_json())
    assert again == event
    assert again.audience.states == audience.states  # a frozenset, whatever the JSON order


@pytest.mark.parametrize("audience", AUDIENCES, ids=IDS)
def test_an_audience_round_trips_through_the_ledger_export(audience: Audience) -> None:
    body = EntryBody(
        actor="person-1",
        actor_state="KAZ",
        action="bilateral.requested",
        object_type="dialogue.bilateral",
        object_id="12",
        payload_digest=canonical_digest({"n": 1}),
        audience=as_ledger_tuple(audience),
    )
    entry = next_entry(None, body, datetime(2021, 3, 22, 9, tzinfo=UTC))
    line = json.loads(json.dumps(entry.to_json()))
    assert line["body"]["audience"] == audience.as_dict()
    parsed = Entry.from_json(line)
    assert parsed == entry
    assert parsed.body is not None and from_ledger_tuple(parsed.body.audience) == audience
    assert verify_chain([parsed]).ok


def test_the_ledger_reads_restricted_states_in_any_order_as_one_audience() -> None:
    line = next_entry(
        None,
        EntryBody(
            "p", "KAZ", "a", "o", "1", canonical_digest({}), ("restricted", None, ("A", "B"))
        ),
        datetime(2021, 3, 22, 9, tzinfo=UTC),
    ).to_json()
    line["body"]["audience"]["states"] = ["B", "A"]
    assert Entry.from_json(line).body.audience == ("restricted", None, ("A", "B"))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"visibility": "restricted", "states": "KAZ"}, Audience(Visibility.RESTRICTED)),
        ({"visibility": "restricted", "states": None}, Audience(Visibility.RESTRICTED)),
        ({"visibility": "delegation", "owner_state": ""}, Audience(Visibility.DELEGATION)),
        (
            {"visibility": "members", "owner_state": None, "states": []},
            Audience(Visibility.MEMBERS),
        ),
    ],
)
def test_an_audience_from_elsewhere_never_grows_from_a_malformed_field(
    data: dict[str, object], expected: Audience
) -> None:
    assert Audience.from_dict(data) == expected


def test_an_unknown_visibility_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="'secret'"):
        Audience.from_dict({"visibility": "secret"})


@given(
    st.sampled_from(list(Visibility)),
    st.none() | st.sampled_from(["KAZ", "KGZ"]),
    st.frozensets(st.text(min_size=1, max_size=4)),
)
def test_any_audience_round_trips_through_both(
    visibility: Visibility, owner: str | None, states: frozenset[str]
) -> None:
    audience = Audience(visibility, owner, states)
    event = Event(1, "k", "t", "1", audience)
    assert Event.from_json(event.to_json()).audience == audience
    body = EntryBody("p", None, "a", "o", "1", canonical_digest({}), as_ledger_tuple(audience))
    parsed = Entry.from_json(
        json.loads(json.dumps(next_entry(None, body, datetime.now(UTC)).to_json()))
    )
    assert parsed.body is not None and from_ledger_tuple(parsed.body.audience) == audience

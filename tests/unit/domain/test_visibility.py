"""Rule 5 (DESIGN §2) as `can_see`: every visibility level against every kind of viewer."""

from __future__ import annotations

import pytest

from accord.domain.visibility import (
    ANONYMOUS,
    PUBLIC,
    Audience,
    StateStatus,
    Viewer,
    Visibility,
    can_see,
)

VIEWERS = {
    "anonymous": ANONYMOUS,
    "signed_in_without_state": Viewer(),
    "secretariat": Viewer(is_secretariat=True),
    "member_kaz": Viewer(state="KAZ", state_status=StateStatus.MEMBER),
    "member_kgz": Viewer(state="KGZ", state_status=StateStatus.MEMBER),
    "member_tjk": Viewer(state="TJK", state_status=StateStatus.MEMBER),
    "observer_mng": Viewer(state="MNG", state_status=StateStatus.OBSERVER),
    "partner_uno": Viewer(state="UNO", state_status=StateStatus.DIALOGUE_PARTNER),
    # A state's session that was never authenticated sees what the public sees.
    "unauthenticated_kaz": Viewer(
        state="KAZ", state_status=StateStatus.MEMBER, is_authenticated=False
    ),
}

AUDIENCES = {
    "public": PUBLIC,
    "participants": Audience(Visibility.PARTICIPANTS),
    "members": Audience(Visibility.MEMBERS),
    "restricted_kaz_kgz": Audience(Visibility.RESTRICTED, states=frozenset({"KAZ", "KGZ"})),
    "restricted_to_observer": Audience(Visibility.RESTRICTED, states=frozenset({"MNG", "TJK"})),
    "delegation_kaz": Audience(Visibility.DELEGATION, owner_state="KAZ"),
    "delegation_without_owner": Audience(Visibility.DELEGATION),
}

# Who sees each audience; everyone else must not.
SEES = {
    "public": set(VIEWERS),
    "participants": {
        "secretariat",
        "member_kaz",
        "member_kgz",
        "member_tjk",
        "observer_mng",
        "partner_uno",
    },
    "members": {"secretariat", "member_kaz", "member_kgz", "member_tjk"},
    "restricted_kaz_kgz": {"member_kaz", "member_kgz"},
    "restricted_to_observer": {"observer_mng", "member_tjk"},
    "delegation_kaz": {"member_kaz"},
    "delegation_without_owner": set(),
}

CASES = [
    (audience, viewer, viewer in SEES[audience]) for audience in AUDIENCES for viewer in VIEWERS
]


@pytest.mark.parametrize(("audience", "viewer", "expected"), CASES)
def test_can_see_every_level_for_every_viewer(audience, viewer, expected):
    assert can_see(VIEWERS[viewer], AUDIENCES[audience]) is expected


def test_the_levels_are_ordered_from_widest_to_narrowest():
    assert [v.value for v in Visibility] == [
        "public",
        "participants",
        "members",
        "restricted",
        "delegation",
    ]


def test_the_secretariat_never_reads_a_delegation_or_a_restricted_exchange():
    secretariat = VIEWERS["secretariat"]
    assert not can_see(secretariat, AUDIENCES["delegation_kaz"])
    assert not can_see(secretariat, AUDIENCES["restricted_kaz_kgz"])


def test_a_restricted_audience_ignores_its_owner_state():
    audience = Audience(Visibility.RESTRICTED, owner_state="KAZ", states=frozenset({"KGZ"}))
    assert not can_see(VIEWERS["member_kaz"], audience)
    assert can_see(VIEWERS["member_kgz"], audience)


def test_viewer_member_flag_follows_the_state_status():
    assert VIEWERS["member_kaz"].is_member
    assert not VIEWERS["observer_mng"].is_member
    assert not VIEWERS["partner_uno"].is_member
    assert not VIEWERS["secretariat"].is_member


@pytest.mark.parametrize("audience", list(AUDIENCES.values()), ids=list(AUDIENCES))
def test_an_audience_round_trips_through_its_dict(audience):
    assert Audience.from_dict(audience.as_dict()) == audience


def test_audience_dict_lists_states_sorted():
    audience = Audience(Visibility.RESTRICTED, states=frozenset({"UZB", "KAZ", "KGZ"}))
    assert audience.as_dict() == {
        "visibility": "restricted",
        "owner_state": None,
        "states": ["KAZ", "KGZ", "UZB"],
    }


def test_an_unknown_visibility_in_a_dict_is_refused():
    with pytest.raises(ValueError):
        Audience.from_dict({"visibility": "secret"})

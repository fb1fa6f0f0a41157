"""A state consultation for a handful of states: a states × statements grid next to the
opinion map, the states named on the map with the numbers, and "consensus" reserved for
what every group agrees with, with the rule used."""

from __future__ import annotations

from typing import Any

import pytest

from page_clients import signed_in

pytestmark = pytest.mark.django_db

STATEMENTS = [
    "Water sharing needs a regional agreement.",
    "Border demarcation should go to arbitration.",
    "Drug trafficking calls for joint border operations.",
]
# KAZ and KGZ against TJK and UZB on statement 2; all agree on 3; UZB has not voted on 1.
VOTES = {"KAZ": "ada", "KGZ": "ada", "TJK": "aaa", "UZB": "-aa"}
WORD = {"a": "agree", "d": "disagree", "p": "pass"}


@pytest.fixture(autouse=True)
def _sync_analysis(settings: Any) -> None:
    from accord.consultations import recompute

    settings.ACCORD_ANALYSIS_MODE = "sync"
    recompute.forget_models()


@pytest.fixture
def consultation(region, django_capture_on_commit_callbacks):
    from accord.consultations import services

    made = services.create_consultation(
        actor=region.secretariat, title="Positions on the region", kind="state",
        visibility="members", statements=STATEMENTS,
    )  # fmt: skip
    for code, votes in VOTES.items():
        with django_capture_on_commit_callbacks(execute=True):  # the analysis runs on commit
            services.cast_votes(
                actor=region.head(code), consultation_id=made.pk,
                votes=[services.VoteIn(n, WORD[v]) for n, v in enumerate(votes, 1) if v != "-"],
            )  # fmt: skip
    return made


def test_the_grid_shows_each_states_vote_and_who_has_not_voted(region, consultation) -> None:
    page = signed_in(region.delegate("KGZ")).get(f"/consultations/{consultation.public_id}/")
    text = page.content.decode()
    row = text[text.index('id="grid-UZB"') : text.index("</tr>", text.index('id="grid-UZB"'))]
    assert "Uzbekistan" in row
    assert [c.split("<")[0] for c in row.split('class="vote-')[1:]] == [
        'not-yet">not yet',
        'agree">agrees',
        'agree">agrees',
    ]
    kaz = text[text.index('id="grid-KAZ"') : text.index("</tr>", text.index('id="grid-KAZ"'))]
    assert 'class="vote-disagree">disagrees' in kaz


def test_the_map_names_the_states_and_says_how_many(region, consultation) -> None:
    text = (
        signed_in(region.delegate("KGZ")).get(f"/consultations/{consultation.public_id}/").content.decode()
    )
    labels = [part.split("<")[0] for part in text.split('fill="#0b0c0c">')[1:]]
    # KAZ and KGZ voted alike: one dot, one label naming both.
    assert sorted(labels) == ["KAZ, KGZ", "TJK", "UZB"]
    assert "4 participants placed on the map" in text


def test_consensus_is_what_every_group_agrees_with_and_says_its_rule(region, consultation) -> None:
    text = (
        signed_in(region.delegate("KGZ")).get(f"/consultations/{consultation.public_id}/").content.decode()
    )
    section = text[
        text.index('id="consensus"') : text.index("</section>", text.index('id="consensus"'))
    ]
    assert "Consensus: every group agrees" in section
    assert "Rule: in each opinion group, more than half agree" in section
    assert "Border demarcation should go to arbitration." not in section
    assert "Drug trafficking calls for joint border operations." in section

"""The demo's consultations: the member states map their positions on a regional security
concern, and an open expert consultation on the region's security with synthetic votes.

An illustrative exercise: the votes below are invented, not a record of real positions.
"""

from __future__ import annotations

import os
from pathlib import Path

from accord.consultations import services
from accord.consultations.demo_experts import synthetic_export
from accord.members import services as members
from accord.site.demo import DemoScenario

STATE_STATEMENTS = [
    "Terrorism, separatism and extremism from Afghanistan threaten every state of the region.",
    "An inclusive political settlement in Afghanistan is the condition of regional security.",
    "The region needs a binding instrument against an arms race in outer space.",
    "Information security needs common rules of state behaviour agreed at the United Nations.",
    "Drug trafficking routes through Central Asia call for joint border operations.",
    "Biosafety laboratories abroad should be open to confidence-building visits.",
    "Climate change and water scarcity are security concerns, not only development issues.",
    "Unilateral sanctions undermine regional security and should be avoided.",
]

# Each member state's vote (a = agree, d = disagree, p = pass) on the statements above.
STATE_VOTES = {
    "CHN": "aaaaappa",
    "RUS": "aaaaaapa",
    "KAZ": "aaapaaap",
    "KGZ": "aapaaaap",
    "TJK": "aapaaaap",
    "UZB": "aaapaaap",
    "PAK": "aaaaadpa",
    "IND": "adaaaddd",
}
VOTE_OF = {"a": "agree", "d": "disagree", "p": "pass"}

POLIS_CONVERSATION = "london.youth.policing"


def polis_data_dir() -> Path | None:
    """The shared Pol.is conversations: `ACCORD_POLIS_DATA`, else `<repo>/../shared/data/polis`
    (present in a development checkout only; an installed package does without)."""
    configured = os.environ.get("ACCORD_POLIS_DATA")
    candidates = [Path(configured)] if configured else []
    candidates.append(Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis")
    return next((p for p in candidates if (p / POLIS_CONVERSATION).is_dir()), None)


def load(scenario: DemoScenario) -> None:
    secretariat = scenario.person("secretariat")
    consultation = services.create_consultation(
        actor=secretariat,
        title="Positions on the security concerns of the region",
        question="Where do the member states' positions meet? Vote on each statement.",
        kind="state",
        visibility="members",
        statements=STATE_STATEMENTS,
    )
    # Russia's head delegates the state's vote: its delegate casts it, once, for the state.
    members.name_vote_delegate(
        actor=scenario.person("rus-head"), delegate=scenario.person("rus-delegate")
    )
    for code, votes in STATE_VOTES.items():
        voter = scenario.person("rus-delegate" if code == "RUS" else f"{code.lower()}-head")
        services.cast_votes(
            actor=voter,
            consultation_id=consultation.pk,
            votes=[services.VoteIn(n, VOTE_OF[v]) for n, v in enumerate(votes, start=1)],
        )
    services.submit_statement(
        actor=scenario.person("kgz-delegate"),
        consultation_id=consultation.pk,
        text="Transboundary rivers need a regional early-warning system for floods.",
    )
    _load_expert_consultation(scenario)


def _load_expert_consultation(scenario: DemoScenario) -> None:
    """The open consultation tells the demo's one story: experts on the region's security.
    Its statements are seeded and its votes synthetic (`demo_experts`), and it says so."""
    secretariat = scenario.person("secretariat")
    consultation = services.create_consultation(
        actor=secretariat,
        title="Track 2: experts on the security of the region (synthetic votes)",
        question="Where do the experts' views on the region's security meet? The statements "
        "were seeded by the secretariat; the votes are synthetic, made by the demo to show "
        "the opinion map, and are nobody's views.",
        kind="open",
        visibility="participants",
    )
    services.import_polis(
        actor=secretariat, consultation_id=consultation.pk, files=synthetic_export()
    )
    # The delegates of the member states are invited too, so that a demo visitor can vote.
    for username, person in sorted(scenario.people.items()):
        if username.endswith("-delegate") and person.state is not None and person.state.is_member:
            services.invite(actor=secretariat, consultation_id=consultation.pk, user=person)

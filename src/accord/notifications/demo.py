"""The demo's confidence-building notifications and a hotline exchange.

Illustrative only: invented notices in different states of acknowledgement, so that the
duty officer view, the boards and the hotline have something to show.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from accord.domain import signing
from accord.members.demo_rosters import person_key
from accord.members.models import User
from accord.notifications import hotline, services, signed_acts
from accord.notifications.models import Notification
from accord.site.demo import DemoScenario


def load(scenario: DemoScenario) -> None:
    now = scenario.now
    person = scenario.person
    day = timedelta(days=1)
    exercise = services.send_notification(
        actor=person("rus-delegate"),
        type_key="exercise_notice",
        content={
            "exercise_name": "Peace Mission (illustrative)",
            "starts_on": (now + 10 * day).date().isoformat(),
            "ends_on": (now + 24 * day).date().isoformat(),
            "area": [
                {"lat": 54.9, "lon": 61.4},
                {"lat": 55.1, "lon": 61.9},
                {"lat": 54.7, "lon": 62.0},
            ],
            "forces": {"personnel": 4000, "battle_tanks": 120, "combat_aircraft": 30},
            "purpose": "Joint counter-terrorism command-post and field training.",
        },
        now=now - day,
    )
    for code in ("chn", "kaz", "kgz", "tjk"):
        _acknowledge(scenario, person(f"{code}-delegate"), exercise, now - day / 2)
    launch = services.send_notification(
        actor=person("chn-delegate"),
        type_key="launch_notice",
        content={
            "launch_kind": "space_launch_vehicle",
            "window_opens": (now + 3 * day).replace(microsecond=0).isoformat(),
            "window_closes": (now + 3 * day + timedelta(hours=4))
            .replace(microsecond=0)
            .isoformat(),
            "launch_site": {"lat": 40.96, "lon": 100.28},
            "purpose": "Launch of an Earth observation satellite.",
        },
        now=now - 2 * day,
    )
    for code in ("rus", "kaz", "pak"):
        _acknowledge(scenario, person(f"{code}-delegate"), launch, now - 2 * day)
    unanswered = services.send_notification(
        actor=person("ind-delegate"),
        type_key="explanation_request",
        content={
            "activity": "Unannounced air activity along the border (illustrative)",
            "observed_from": (now - 5 * day).date().isoformat(),
            "observed_until": (now - 4 * day).date().isoformat(),
            "questions": "What was the purpose of the flights, and are more planned?",
        },
        recipients=["PAK"],
        now=now - 3 * day,
    )
    _acknowledge(scenario, person("pak-delegate"), unanswered, now - 3 * day)
    answered = services.send_notification(
        actor=person("tjk-delegate"),
        type_key="explanation_request",
        content={
            "activity": "Troop movement near the border (illustrative)",
            "observed_from": (now - 2 * day).date().isoformat(),
            "observed_until": (now - 2 * day).date().isoformat(),
            "questions": "What is the purpose and expected duration?",
        },
        recipients=["KGZ"],
        now=now - 2 * day,
    )
    services.reply(
        actor=person("kgz-delegate"),
        notification_id=answered.pk,
        content={"explanation": "A scheduled rotation of border units; it ended the same day."},
        now=now - day,
    )
    services.send_notification(
        actor=person("uzb-delegate"),
        type_key="information_exchange",
        content={
            "subject": "Annual calendar of planned exercises",
            "body": "Our calendar of planned exercises for the coming year is attached in "
            "summary: two command-post exercises and one field exercise.",
        },
        now=now - timedelta(hours=3),
    )
    services.flag_overdue(now=now)
    _hotline(scenario)


def _hotline(scenario: DemoScenario) -> None:
    now, person = scenario.now, scenario.person
    first = _send(
        scenario,
        actor=person("rus-delegate"),
        to_state="CHN",
        body="Please confirm the launch window of your notice; our tracking radars will be active.",
        now=now - timedelta(hours=5),
    )
    hotline.give_receipt(
        actor=person("chn-delegate"),
        message_id=first.pk,
        receipt="read",
        now=now - timedelta(hours=4, minutes=50),
    )
    answer = _send(
        scenario,
        actor=person("chn-delegate"),
        to_state="RUS",
        body="Confirmed: the window is unchanged. Thank you for the notice.",
        now=now - timedelta(hours=4, minutes=30),
    )
    hotline.give_receipt(
        actor=person("rus-delegate"),
        message_id=answer.pk,
        receipt="delivered",
        now=now - timedelta(hours=4, minutes=29),
    )
    _send(
        scenario,
        actor=person("ind-delegate"),
        to_state="PAK",
        body="Our request for explanation is past its reply deadline. Can you reply today?",
        now=now - timedelta(minutes=20),
    )
    scenario.notes.append(
        "Notifications: an exercise notice half acknowledged, an overdue launch notice, "
        "an unanswered request for explanation (IND→PAK), a hotline exchange (RUS↔CHN)."
    )


def _acknowledge(
    scenario: DemoScenario, actor: User, notification: Notification, when: Any
) -> None:
    """The acknowledgement, signed with the person's key from the demo's key folder (issue 12)."""
    issued = signed_acts.issue_acknowledgement_challenge(
        actor=actor, notification=notification, now=when
    )
    statement = signing.state_act_statement(issued.signed["challenge"])
    signed = signing.sign_act(statement, person_key(actor.username, scenario.keys_dir))
    services.acknowledge(actor=actor, notification_id=notification.pk, now=when, signed=signed)


def _send(scenario: DemoScenario, *, actor: User, to_state: str, body: str, now: Any) -> Any:
    """A hotline message, signed with the sender's key from the demo's key folder."""
    issued = signed_acts.issue_hotline_challenge(actor=actor, to_state=to_state, now=now)
    statement = signing.state_act_statement(
        issued.signed["challenge"], message_sha256=signed_acts.message_digest(body.strip())
    )
    signed = signing.sign_act(statement, person_key(actor.username, scenario.keys_dir))
    return hotline.send_hotline_message(
        actor=actor, to_state=to_state, body=body, now=now, signed=signed
    )

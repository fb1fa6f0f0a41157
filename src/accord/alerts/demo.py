"""The demo's contact channels: every duty officer and head has a verified example.org
address in their own language and time zone. Loaded last, so the scenario's history
alerts nobody; what happens once the demo runs does (printed with `console://`)."""

from __future__ import annotations

from accord.alerts import services
from accord.alerts.models import Alert
from accord.members.models import User
from accord.site.demo import DemoScenario

LANGUAGES = {"CHN": "zh-hans", "RUS": "ru", "KAZ": "ru", "KGZ": "ru", "TJK": "ru", "UZB": "ru"}
TIME_ZONES = {
    "CHN": "Asia/Shanghai",
    "RUS": "Europe/Moscow",
    "KAZ": "Asia/Almaty",
    "KGZ": "Asia/Bishkek",
    "TJK": "Asia/Dushanbe",
    "UZB": "Asia/Tashkent",
    "PAK": "Asia/Karachi",
    "IND": "Asia/Kolkata",
    "IRN": "Asia/Tehran",
    "MNG": "Asia/Ulaanbaatar",
    "AFG": "Asia/Kabul",
}


def load(scenario: DemoScenario) -> None:
    people = User.objects.filter(state__isnull=False, is_active=True).exclude(
        role=User.Role.PARTICIPANT
    )
    count = 0
    for person in people.order_by("username"):
        if not (person.is_duty_officer or person.is_head):
            continue
        code = person.state_id or ""
        channel, _ = services.add_channel(
            actor=person,
            kind="email",
            address=f"{person.username}@example.org",
            language=LANGUAGES.get(code, "en"),
            time_zone=TIME_ZONES.get(code, "UTC"),
            now=scenario.now,
        )
        mailed = Alert.objects.get(channel=channel, trigger="verification").facts["code"]
        services.verify_email(actor=person, channel_id=channel.public_id, code=mailed)
        count += 1
    scenario.notes.append(
        f"Alerts: {count} duty officers and heads have verified e-mail contacts "
        "(<sign-in>@example.org); each alert mail is printed here unless ACCORD_EMAIL_URL "
        "points at an SMTP server."
    )

"""The demo's states, delegations, people, chair and signing keys.

Built from public reporting of the Guilin talks (22–23 March 2021) and the Tashkent
meeting (15 July 2021). An illustrative exercise, not a record of real positions.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from accord.members import demo_rosters, services
from accord.members.models import User
from accord.site.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DemoScenario

STATES = [
    ("CHN", "China", "中国", "Китай", "member"),
    ("RUS", "Russian Federation", "俄罗斯联邦", "Российская Федерация", "member"),
    ("KAZ", "Kazakhstan", "哈萨克斯坦", "Казахстан", "member"),
    ("KGZ", "Kyrgyzstan", "吉尔吉斯斯坦", "Кыргызстан", "member"),
    ("TJK", "Tajikistan", "塔吉克斯坦", "Таджикистан", "member"),
    ("UZB", "Uzbekistan", "乌兹别克斯坦", "Узбекистан", "member"),
    ("PAK", "Pakistan", "巴基斯坦", "Пакистан", "member"),
    ("IND", "India", "印度", "Индия", "member"),
    ("IRN", "Iran", "伊朗", "Иран", "observer"),
    ("MNG", "Mongolia", "蒙古国", "Монголия", "observer"),
    ("AFG", "Afghanistan", "阿富汗", "Афганистан", "observer"),
    ("UNO", "United Nations", "联合国", "Организация Объединённых Наций", "dialogue_partner"),
]
CHAIR_STATE = "CHN"


def load(scenario: DemoScenario) -> None:
    secretariat = services.add_person(
        actor=None,
        username="secretariat",
        password=DEMO_PASSWORD,
        role="secretariat",
        state_code=None,
        full_name="Secretariat Officer",
    )
    admin = User.objects.create_superuser("admin", password=DEMO_PASSWORD, role="secretariat")
    scenario.people.update({"secretariat": secretariat, "admin": admin})
    for code, name_en, name_zh, name_ru, status in STATES:
        services.admit_state(
            actor=secretariat,
            code=code,
            name_en=name_en,
            name_zh=name_zh,
            name_ru=name_ru,
            status=status,
            joined_on=date(2001, 6, 15) if status == "member" else date(2012, 6, 7),
        )
        lower = code.lower()
        head = services.add_person(
            actor=secretariat,
            username=f"{lower}-head",
            password=DEMO_PASSWORD,
            role="head",
            state_code=code,
            full_name=f"Head {name_en}",
        )
        _enrol_demo_second_factor(head)
        delegate = services.add_person(
            actor=secretariat,
            username=f"{lower}-delegate",
            password=DEMO_PASSWORD,
            role="delegate",
            state_code=code,
            full_name=f"Delegate {name_en}",
            is_duty_officer=True,
        )
        scenario.people.update({head.username: head, delegate.username: delegate})
        if status == "member":
            _register_demo_key(scenario, secretariat, code)
    chair = services.add_person(
        actor=secretariat,
        username="chair",
        password=DEMO_PASSWORD,
        role="head",
        state_code=CHAIR_STATE,
        full_name="Chair of the Dialogue",
    )
    _enrol_demo_second_factor(chair)
    scenario.people["chair"] = chair
    for code, *_names, status in STATES:  # each capital's root key and roster (issue 12)
        if status == "member":
            lower = code.lower()
            names = [f"{lower}-head", f"{lower}-delegate"] + (
                ["chair"] if code == CHAIR_STATE else []
            )
            people = [scenario.people[n] for n in names]
            demo_rosters.enrol_state(scenario.keys_dir, secretariat, code, people, scenario.now)
    today = scenario.now.date()
    services.appoint_chair(
        actor=secretariat,
        holder=chair,
        starts_on=today - timedelta(days=120),
        ends_on=today + timedelta(days=245),
    )


def _enrol_demo_second_factor(user: User) -> None:
    user.totp_secret = DEMO_TOTP_SECRET
    user.totp_confirmed_at = user.date_joined
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])


def _register_demo_key(scenario: DemoScenario, secretariat: User, code: str) -> None:
    """Make the state's key pair as its ministry would, on "its own machine": the private
    half goes to a file in the demo's key folder, and only the public half is registered."""
    private = Ed25519PrivateKey.generate()
    scenario.keys_dir.mkdir(parents=True, exist_ok=True)
    path = scenario.keys_dir / f"{code.lower()}.pem"
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    services.register_signing_key(
        actor=secretariat,
        state_code=code,
        public_key=public.decode(),
        valid_from=scenario.now - timedelta(days=365),
    )

"""Shared fixtures: a small region built once per test that asks for it.

Four member states (KAZ, KGZ, TJK, UZB), an observer (MNG) and a dialogue partner (UNO);
each state has a head and a delegate; the secretariat; and the chair — the head of KAZ's
chair holder, a separate person from `kaz-head` so that the chair's own state keeps its
own voice. TJK plays the "third state" in confidentiality tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

# Shared fixtures, one module a concept (tests/fixtures/); a folder's conftest holds only
# what is its own.
pytest_plugins = [
    "fixtures.alerts",
    "fixtures.browser",
    "fixtures.events",
    "fixtures.language",
    "fixtures.mediator",
    "fixtures.negotiation",
    "fixtures.notifications",
    "fixtures.openapi",
    "fixtures.proceedings",
    "fixtures.rosters",
]

# Argon2 is deliberately slow; fixture users are many. One test checks the real hasher.
os.environ.setdefault("ACCORD_FAST_PASSWORD_HASHER", "1")

PASSWORD = "correct horse battery staple"

REGION_STATES = [
    ("KAZ", "Kazakhstan", "哈萨克斯坦", "Казахстан", "member"),
    ("KGZ", "Kyrgyzstan", "吉尔吉斯斯坦", "Кыргызстан", "member"),
    ("TJK", "Tajikistan", "塔吉克斯坦", "Таджикистан", "member"),
    ("UZB", "Uzbekistan", "乌兹别克斯坦", "Узбекистан", "member"),
    ("MNG", "Mongolia", "蒙古国", "Монголия", "observer"),
    ("UNO", "United Nations", "联合国", "Организация Объединённых Наций", "dialogue_partner"),
]


@dataclass
class Region:
    states: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)

    def head(self, code: str) -> Any:
        return self.people[f"{code.lower()}-head"]

    def delegate(self, code: str) -> Any:
        return self.people[f"{code.lower()}-delegate"]

    @property
    def chair(self) -> Any:
        return self.people["chair"]

    @property
    def secretariat(self) -> Any:
        return self.people["secretariat"]

    @property
    def observer(self) -> Any:
        return self.people["mng-head"]

    def everyone(self) -> list[Any]:
        return list(self.people.values())


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _silence_without_channels(settings: Any) -> None:
    """The test regions enrol no alert channels, so most tests open silence procedures with
    the channel rule off; tests/integration/alerts turns it on and tests the rule itself."""
    settings.ACCORD_SILENCE_NEEDS_CHANNELS = False


@pytest.fixture(autouse=True)
def _in_process_broker(settings: Any) -> Iterator[None]:
    """Each test gets a fresh in-process broker unless it sets REDIS_URL itself."""
    from accord.events.bus import reset_broker

    settings.REDIS_URL = None
    reset_broker()
    yield
    reset_broker()


@pytest.fixture
def region(db: Any) -> Region:
    from accord.members import services

    built = Region()
    secretariat = services.add_person(
        actor=None,
        username="secretariat",
        password=PASSWORD,
        role="secretariat",
        state_code=None,
        full_name="Sec Officer",
    )
    built.people["secretariat"] = secretariat
    for code, en, zh, ru, status in REGION_STATES:
        built.states[code] = services.admit_state(
            actor=secretariat,
            code=code,
            name_en=en,
            name_zh=zh,
            name_ru=ru,
            status=status,
            joined_on=date(2001, 6, 15),
        )
        for role in ("head", "delegate"):
            username = f"{code.lower()}-{role}"
            built.people[username] = services.add_person(
                actor=secretariat,
                username=username,
                password=PASSWORD,
                role=role,
                state_code=code,
                full_name=f"{role.title()} {en}",
                is_duty_officer=role == "delegate",
            )
    chair = services.add_person(
        actor=secretariat,
        username="chair",
        password=PASSWORD,
        role="head",
        state_code="KAZ",
        full_name="Chair Person",
    )
    built.people["chair"] = chair
    from django.utils import timezone

    today = timezone.localdate()
    services.appoint_chair(
        actor=secretariat,
        holder=chair,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
    )
    return built


@pytest.fixture
def api(region: Region, openapi_checked: None) -> Callable[..., Any]:
    """`api(user)` → a Django test client that sends that user's bearer token; each answer
    it receives is checked against the OpenAPI document (`fixtures/openapi.py`)."""
    from django.test import Client

    from accord.members import services

    def client_for(user: Any | None) -> Client:
        if user is None:
            return Client()
        _, raw = services.issue_api_token(user=user, label="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return client_for


def ledger_count() -> int:
    from accord.ledger.models import LedgerEntry

    return LedgerEntry.objects.count()


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@pytest.fixture
def assert_queries() -> Callable[[int], Any]:
    """`with assert_queries(n): …` fails when the block sends more than `n` queries to the
    database, and lists them. Transaction control (BEGIN, COMMIT, savepoints) is not
    counted: it is not a query, and how often the driver sends it is the backend's own."""
    import contextlib

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    @contextlib.contextmanager
    def at_most(budget: int) -> Iterator[list[str]]:
        sent: list[str] = []
        with CaptureQueriesContext(connection) as captured:
            yield sent
        sent.extend(
            q["sql"]
            for q in captured.captured_queries
            if not q["sql"].upper().startswith(TRANSACTION_CONTROL)
        )
        listing = "\n".join(f"  {n}. {sql[:300]}" for n, sql in enumerate(sent, 1))
        assert len(sent) <= budget, f"{len(sent)} queries, budget {budget}:\n{listing}"

    return at_most

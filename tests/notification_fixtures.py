"""Notification fixtures: content that fits each type, and a snapshot of what a write changes."""

from __future__ import annotations

from typing import Any

import pytest


def exercise_content(**changes: Any) -> dict[str, Any]:
    content: dict[str, Any] = {
        "exercise_name": "Peace Mission 2021",
        "starts_on": "2021-09-11",
        "ends_on": "2021-09-25",
        "area": [
            {"lat": 54.9, "lon": 61.4},
            {"lat": 55.1, "lon": 61.9},
            {"lat": 54.7, "lon": 62.0},
        ],
        "forces": {"personnel": 4000, "battle_tanks": 120},
        "purpose": "Counter-terrorism command-post and field training.",
    }
    content.update(changes)
    return content


def request_content() -> dict[str, Any]:
    return {
        "activity": "Troop concentration near the border",
        "observed_from": "2021-07-01",
        "observed_until": "2021-07-03",
        "questions": "What is the purpose and expected duration?",
    }


def snapshot() -> dict[str, Any]:
    """Every row this app writes, and the ledger: equal before and after a refused action."""
    from accord.ledger.models import LedgerEntry
    from accord.notifications.models import Delivery, HotlineMessage, Notification

    return {
        "notifications": list(Notification.objects.order_by("pk").values()),
        "deliveries": list(Delivery.objects.order_by("pk").values()),
        "hotline": list(HotlineMessage.objects.order_by("pk").values()),
        "ledger": LedgerEntry.objects.count(),
    }


@pytest.fixture
def exercise():
    return exercise_content


@pytest.fixture
def request_for_explanation():
    return request_content


@pytest.fixture
def changes():
    """`changes()` → a snapshot of every row this app writes, and the ledger's length."""
    return snapshot

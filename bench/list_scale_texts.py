"""The document and consultation of `list_scale_child.py`: a draft with as many amendments
to its Rev.1 as the size, and a state consultation with as many statements (nine in ten
accepted, one in ten awaiting moderation), made the ordinary way and grown by bulk insert."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

PARAGRAPHS = [
    {"kind": "preambular", "text": "Recalling the Tashkent meeting of 15 July 2021,"},
    {"kind": "operative", "text": "The participants welcome the dialogue."},
]


def seed_texts(people: dict[str, Any], members: tuple[str, ...]) -> dict[str, Any]:
    """The chair (KAZ's, appointed by the secretariat), its draft, and a consultation."""
    from django.utils import timezone

    from accord.consultations import services as consultations
    from accord.members import services as members_services
    from accord.negotiation import services as negotiation

    secretariat = people["secretariat"]
    chair = members_services.add_person(
        actor=secretariat, username="chair", password="bench-password-1", role="head",
        state_code="KAZ", full_name="Bench Chair",
    )  # fmt: skip
    today = timezone.localdate()
    members_services.appoint_chair(
        actor=secretariat, holder=chair, starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
    )  # fmt: skip
    document = negotiation.create_draft(
        actor=chair, kind="joint-statement", title="Joint statement on water",
        paragraphs=PARAGRAPHS, visibility="participants",
    )  # fmt: skip
    consultation = consultations.create_consultation(
        actor=secretariat, title="Positions on the region", kind="state", visibility="members",
        statements=["Water sharing needs a regional agreement."],
    )  # fmt: skip
    return {"document": document, "consultation": consultation}


def grow_amendments(
    people: dict[str, Any], document: Any, to: int, rng: random.Random, words: Any
) -> None:
    from accord.negotiation.models import Amendment

    have = Amendment.objects.filter(document=document).count()
    members = ("KAZ", "KGZ", "TJK", "UZB")
    rows = [
        Amendment(
            document=document,
            code=f"A{n + 1}",
            against=1,
            proposer_state_id=members[n % 4],
            proposed_by=people[f"{members[n % 4].lower()}-delegate"],
            kind="insert-paragraph",
            paragraph_kind="operative",
            text=words(rng, 30),
        )
        for n in range(have, to)
    ]
    Amendment.objects.bulk_create(rows, batch_size=2000)


def grow_statements(
    people: dict[str, Any], consultation: Any, to: int, rng: random.Random, words: Any
) -> None:
    from accord.consultations.models import Statement

    have = Statement.objects.filter(consultation=consultation).count()
    rows = [
        Statement(
            consultation=consultation,
            number=n + 1,
            text=words(rng, 20),
            author=people["secretariat"],
            status="pending" if n % 10 == 9 else "accepted",
        )
        for n in range(have, to)
    ]
    Statement.objects.bulk_create(rows, batch_size=2000)

"""A plenary meeting of the region, with sittings that leave room on its sidelines.

KAZ, KGZ, TJK and UZB take part, MNG and UNO are invited observers; the plenary sits
09:00–12:00 and 15:00–18:00 UTC on 10 May 2030, so 12:00–15:00 is free for bilaterals.
"""

from __future__ import annotations

from typing import Any

import pytest
from dialogue_fixtures import at


@pytest.fixture
def plenary(region: Any) -> Any:
    from accord.dialogue import services

    return services.convene_meeting(
        actor=region.secretariat,
        title="Ministerial meeting",
        kind="ministerial",
        starts_at=at(8),
        ends_at=at(19),
        time_zone="Asia/Almaty",
        venue="Astana",
        participants=["KAZ", "KGZ", "TJK", "UZB"],
        observers=["MNG", "UNO"],
        sittings=[("Morning", at(9), at(12)), ("Afternoon", at(15), at(18))],
    )

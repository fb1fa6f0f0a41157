"""The demo's register (#19): the adopted Tashkent statement under its symbol, so that its
paragraphs are offered as agreed language "from RSD/MIN/2021/DOC/3", and the draft in
negotiation, of limited distribution until its derestriction date."""

from __future__ import annotations

from datetime import timedelta

from accord.negotiation.models import Document
from accord.registry import services
from accord.site.demo import DemoScenario

ENTRIES = (
    # (title, symbol, original language, distribution, derestricted after days)
    ("Joint statement of the Tashkent meeting", "RSD/MIN/2021/DOC/3", "ru", "general", None),
    ("Joint statement on security in the region (draft)", "RSD/MIN/2021/DOC/4", "en",
     "limited", 365),
)  # fmt: skip


def load(scenario: DemoScenario) -> None:
    secretariat = scenario.person("secretariat")
    for title, symbol, original, distribution, days in ENTRIES:
        document = Document.objects.filter(title=title).first()
        if document is None:
            continue
        services.register_document(
            actor=secretariat, document_id=document.pk, symbol=symbol,
            original_language=original, distribution=distribution,
            derestriction_on=None if days is None else (scenario.now + timedelta(days=days)).date(),
            now=scenario.now,
        )  # fmt: skip

"""The demo's joint statements in Chinese and Russian beside English (an illustrative
translation, labelled as such: `negotiation.demo_texts.TRANSLATION_NOTE`).

Called by `negotiation.demo` while its documents are still in negotiation: a version cannot
be added once a text is adopted. The draft in negotiation gets its versions for Rev.1 only,
so its current revision shows as incomplete (rule 8: the chair's revision is incomplete
until every version is updated); the adopted statement was verified in every language before
it was put to adoption.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from accord.languages import services
from accord.members import demo_rosters
from accord.site.demo import DemoScenario

# Named on their states' rosters by the members' demo (`members.demo_rosters.REVIEWERS`).
REVIEWERS = {
    language: person for person, languages in demo_rosters.REVIEWERS.items()
    for language in languages
}  # fmt: skip
TITLES = {
    "Joint statement on security in the region (draft)": (
        "关于地区安全的联合声明（草案）",
        "Совместное заявление о безопасности в регионе (проект)",
    ),
    "Joint statement of the Tashkent meeting": (
        "塔什干会议联合声明",
        "Совместное заявление Ташкентской встречи",
    ),
}


def add_versions(
    scenario: DemoScenario,
    *,
    document_id: int,
    title: str,
    number: int,
    rows: Sequence[tuple[str, str, str, str]],
    now: datetime,
) -> None:
    """The Chinese and Russian versions of revision `number` from (kind, en, zh, ru) rows."""
    services.set_languages(
        actor=scenario.person("chair"), document_id=document_id, working_language="en",
        languages=["en", "zh", "ru"],
    )  # fmt: skip
    zh_title, ru_title = TITLES[title]
    for index, language, version_title in ((2, "zh", zh_title), (3, "ru", ru_title)):
        services.submit_version(
            actor=scenario.person("secretariat"), document_id=document_id, number=number,
            language=language, title=version_title, paragraphs=[row[index] for row in rows],
            now=now,
        )  # fmt: skip


def verify_all(scenario: DemoScenario, *, document_id: int, number: int, now: datetime) -> None:
    """Each language's reviewer verifies its version of revision `number`."""
    for language, username in REVIEWERS.items():
        services.verify_version(
            actor=scenario.person(username), document_id=document_id, number=number,
            language=language, now=now,
        )  # fmt: skip

"""The demo's joint statements in three languages: the adopted one verified in each and
signed over every version, the draft's current revision still waiting for its versions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone

from accord.domain import signing
from accord.languages import selectors
from accord.members import demo as members_demo
from accord.negotiation import demo as negotiation_demo
from accord.negotiation import demo_texts
from accord.negotiation import selectors as negotiation
from accord.negotiation.models import Document
from accord.site.demo import DemoScenario


def test_the_english_column_is_the_demo_s_own_text() -> None:
    assert [(k, en) for k, en, _, _ in demo_texts.IN_NEGOTIATION] == negotiation_demo.IN_NEGOTIATION
    assert [(k, en) for k, en, _, _ in demo_texts.ADOPTED] == negotiation_demo.ADOPTED


def test_the_demo_statements_are_in_three_languages(db: Any, tmp_path: Path) -> None:
    scenario = DemoScenario(keys_dir=tmp_path, now=timezone.now())
    members_demo.load(scenario)
    negotiation_demo.load(scenario)
    adopted = Document.objects.get(title="Joint statement of the Tashkent meeting")
    chair = scenario.person("chair")
    view = selectors.get_versions(chair, adopted.pk)
    assert (view.row.number, list(view.versions)) == (2, ["en", "zh", "ru"])
    assert view.readiness.ready and view.readiness.findings == ()
    bundle = negotiation.get_bundle(chair, adopted.pk)
    assert [v["language"] for v in bundle["text"]["versions"]] == ["zh", "ru"]
    assert signing.verify_bundle(bundle, require_signatures=True).ok
    draft = Document.objects.get(title="Joint statement on security in the region (draft)")
    draft_view = selectors.get_versions(chair, draft.pk)
    assert draft_view.readiness.missing == ("zh", "ru")  # Rev.2 waits for its versions
    assert selectors.get_versions(chair, draft.pk, 1).readiness.findings == ()


def test_the_demo_register_names_both_statements_and_offers_agreed_language(
    db: Any, tmp_path: Path
) -> None:
    from accord.registry import demo as registry_demo
    from accord.registry import selectors as register
    from accord.registry.agreed_language import suggest_agreed_language

    scenario = DemoScenario(keys_dir=tmp_path, now=timezone.now())
    members_demo.load(scenario)
    negotiation_demo.load(scenario)
    registry_demo.load(scenario)
    delegate = scenario.person("kaz-delegate")
    entries = register.register(delegate)
    assert [(e.symbol, e.original_language, e.distribution) for e in entries] == [
        ("RSD/MIN/2021/DOC/3", "ru", "general"),
        ("RSD/MIN/2021/DOC/4", "en", "limited"),
    ]
    draft = Document.objects.get(title="Joint statement on security in the region (draft)")
    queries = {
        "en": "meet again within a year",
        "zh": "一年内再次会晤",
        "ru": "встретятся в течение года",
    }
    for language, query in queries.items():
        _code, found = suggest_agreed_language(delegate, draft.pk, language=language, text=query)
        assert [(s.paragraph.citation, s.language) for s in found[:1]] == [
            ("RSD/MIN/2021/DOC/3, OP3", language)
        ]

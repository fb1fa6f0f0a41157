"""Rules of procedure per meeting series, as adoption reads them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.negotiation import services
from accord.proceedings import series
from fixtures.proceedings import OSCE_LIKE, counts


def test_a_contradictory_rule_set_is_refused_with_the_reason_and_nothing_changes(region) -> None:
    before = counts()
    with pytest.raises(InvalidInput, match="shorter than the silence-procedure minimum") as e:
        series.adopt_rules(
            actor=region.secretariat, code="osce", name="OSCE-like",
            rules={**OSCE_LIKE, "silence_period": 3600},
        )  # fmt: skip
    assert e.value.field == "silence_period"
    with pytest.raises(InvalidInput, match="A quorum of 9 is above the 4 members"):
        series.adopt_rules(
            actor=region.secretariat, code="osce", name="OSCE-like",
            rules={**OSCE_LIKE, "quorum": 9},
        )  # fmt: skip
    assert counts() == before


def test_only_the_chair_or_the_secretariat_sets_rules(region) -> None:
    before = counts()
    with pytest.raises(NotPermitted):
        series.adopt_rules(actor=region.head("TJK"), code="x", name="X", rules={})
    assert counts() == before


def _open(region: Any, document: Any, absent: tuple[str, ...] = ()) -> Any:
    return services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="consensus", absent=list(absent)
    )


def test_no_objection_adopts_after_the_window_for_the_absent(region, text_at_meeting) -> None:
    from accord.negotiation import selectors

    document = text_at_meeting()
    _open(region, document, absent=("TJK",))
    opened = document.procedures.get().opened_at
    for code in ("KAZ", "KGZ", "UZB"):
        services.approve(actor=region.head(code), document_id=document.pk, now=opened)
    document.refresh_from_db()
    assert document.status == "adoption"  # TJK's window runs
    row = services.settle_procedure(
        procedure_id=document.procedures.get().pk, now=opened + timedelta(hours=25)
    )
    assert (row.outcome, row.outcome_reason) == ("adopted", "no member objected")
    document.refresh_from_db()
    assert document.status == "adopted"
    view = selectors.get_adoption(region.head("TJK"), document.pk, now=opened + timedelta(hours=25))
    assert view.evaluation.silent == ("TJK",)
    # The bundle's signed acts, replayed under the same rule, give the same record (issue 12).
    from accord.domain import signing

    bundle = selectors.get_bundle(region.head("KAZ"), document.pk)
    assert bundle["signed_acts"]["procedure"]["consent"] == "no-objection"
    assert signing.verify_bundle(bundle).ok


def test_an_absent_member_objecting_within_its_window_blocks(region, text_at_meeting) -> None:
    document = text_at_meeting()
    _open(region, document, absent=("TJK",))
    for code in ("KAZ", "KGZ", "UZB"):
        services.approve(actor=region.head(code), document_id=document.pk)
    services.object_to(actor=region.head("TJK"), document_id=document.pk, reason="Not consulted")
    row = document.procedures.get()
    assert (row.outcome, row.outcome_reason) == ("failed", "TJK objected")


def test_the_quorum_is_checked_when_the_text_is_put(region, text_at_meeting) -> None:
    document = text_at_meeting()
    before = counts()
    with pytest.raises(RuleViolation, match="2 members present, 3 needed"):
        _open(region, document, absent=("TJK", "UZB"))
    assert counts() == before


def test_silence_shorter_than_the_minimum_is_refused(region, text_at_meeting) -> None:
    document = text_at_meeting()
    before = counts()
    with pytest.raises(InvalidInput, match="at least 72 hours"):
        services.open_adoption(
            actor=region.chair, document_id=document.pk, kind="silence",
            deadline=timezone.now() + timedelta(hours=48),
        )  # fmt: skip
    assert counts() == before


def test_ad_referendum_beyond_the_rules_window_is_refused(region, text_at_meeting) -> None:
    document = text_at_meeting()
    _open(region, document)
    before = counts()
    with pytest.raises(InvalidInput, match="within the window the rules give"):
        services.approve_ad_referendum(
            actor=region.head("KGZ"), document_id=document.pk,
            confirm_by=timezone.now() + timedelta(days=8),
        )  # fmt: skip
    assert counts() == before


def test_a_text_bracketed_in_its_entirety_cannot_be_put_to_adoption(
    region, text_at_meeting
) -> None:
    from accord.proceedings import informal

    document = text_at_meeting()
    informal.bracket_entirely(actor=region.chair, document_id=document.pk)
    before = counts()
    with pytest.raises(RuleViolation, match="bracketed in its entirety"):
        _open(region, document)
    assert counts() == before
    informal.bracket_entirely(actor=region.chair, document_id=document.pk, lift=True)
    _open(region, document)
    document.refresh_from_db()
    assert document.status == "adoption"

"""The document registry: a document under a UN-style symbol, a symbol taken refused with
nothing changed, the register listing only what the reader may see, and derestriction
recorded on the ledger by `accord tick` on its date."""

# ruff: noqa: E501  (service calls kept one per statement)
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.ledger.models import LedgerEntry
from accord.registry import selectors, services, tick
from accord.registry.models import RegisterEntry

SHA = "a" * 64


def test_a_document_is_registered_and_a_taken_symbol_is_refused(region: Any, draft: Any) -> None:
    first, second = draft(), draft(title="Another")
    entry = services.register_document(
        actor=region.secretariat, document_id=first.pk, symbol="RSD/MIN/2021/DOC/3",
        original_language="ru", distribution="general",
        annexes=[{"title": "Annex I", "sha256": SHA}],
    )  # fmt: skip
    assert (entry.symbol, entry.annexes) == (
        "RSD/MIN/2021/DOC/3",
        [{"title": "Annex I", "sha256": SHA}],
    )
    before = (RegisterEntry.objects.count(), LedgerEntry.objects.count())
    with pytest.raises(RuleViolation, match="RSD/MIN/2021/DOC/3 is already taken") as taken:
        services.register_document(actor=region.secretariat, document_id=second.pk,
                                   symbol="RSD/MIN/2021/DOC/3", original_language="en",
                                   distribution="general")  # fmt: skip
    assert taken.value.code == "symbol_taken"
    with pytest.raises(InvalidInput, match="unreadable symbol suffix"):
        services.register_document(actor=region.secretariat, document_id=second.pk,
                                   symbol="RSD/MIN/2021/DOC/3/rev.1", original_language="en",
                                   distribution="general")  # fmt: skip
    with pytest.raises(NotPermitted):
        services.register_document(actor=region.chair, document_id=second.pk,
                                   symbol="RSD/MIN/2021/DOC/4", original_language="en",
                                   distribution="general")  # fmt: skip
    assert (RegisterEntry.objects.count(), LedgerEntry.objects.count()) == before


def test_the_register_lists_only_what_the_reader_may_see(region: Any, draft: Any) -> None:
    open_doc = draft()
    hidden = draft(visibility="members")
    for document, symbol in ((open_doc, "RSD/MIN/2021/DOC/1"), (hidden, "RSD/MIN/2021/DOC/2")):
        services.register_document(actor=region.secretariat, document_id=document.pk,
                                   symbol=symbol, original_language="en",
                                   distribution="limited")  # fmt: skip
    assert [e.symbol for e in selectors.register(region.head("KAZ"))] == [
        "RSD/MIN/2021/DOC/1", "RSD/MIN/2021/DOC/2",
    ]  # fmt: skip
    assert [e.symbol for e in selectors.register(region.observer)] == ["RSD/MIN/2021/DOC/1"]
    assert list(selectors.register(None)) == []


def test_derestriction_is_recorded_on_its_date_once(region: Any, draft: Any) -> None:
    document = draft()
    today = timezone.now()
    services.register_document(actor=region.secretariat, document_id=document.pk,
                               symbol="RSD/MIN/2021/DOC/9", original_language="zh",
                               distribution="restricted",
                               derestriction_on=today.date() + timedelta(days=2))  # fmt: skip
    assert tick.run(today) == []
    later = today + timedelta(days=2)
    assert tick.run(later) == ["derestricted RSD/MIN/2021/DOC/9"]
    assert tick.run(later) == []
    assert LedgerEntry.objects.filter(action="document.derestricted").count() == 1
    with pytest.raises(InvalidInput, match="before the document was registered"):
        services.register_document(actor=region.secretariat, document_id=draft().pk,
                                   symbol="RSD/MIN/2021/DOC/10", original_language="en",
                                   distribution="limited", derestriction_on=date(2000, 1, 1))  # fmt: skip


def test_derestriction_opens_the_document_to_the_public_on_its_date_and_not_before(
    region: Any, draft: Any
) -> None:
    from django.test import Client

    from accord.negotiation import selectors as documents
    from accord.negotiation.permissions import visible_documents

    document = draft(visibility="members")
    today = timezone.now()
    services.register_document(actor=region.secretariat, document_id=document.pk,
                               symbol="RSD/MIN/2021/DOC/11", original_language="ru",
                               distribution="restricted",
                               derestriction_on=today.date() + timedelta(days=3))  # fmt: skip
    public, third = Client(), region.observer
    page = "/register/"
    assert tick.run(today + timedelta(days=2)) == []
    assert not visible_documents(None).filter(pk=document.pk).exists()
    assert not visible_documents(third).filter(pk=document.pk).exists()
    assert 'id="RSD-MIN-2021-DOC-11"' not in public.get(page).content.decode()
    assert list(selectors.register(None)) == []
    assert tick.run(today + timedelta(days=3)) == ["derestricted RSD/MIN/2021/DOC/11"]
    document.refresh_from_db()
    assert document.visibility == "public"
    assert [e.symbol for e in selectors.register(None)] == ["RSD/MIN/2021/DOC/11"]
    assert documents.get_document(third, document.pk).pk == document.pk
    body = public.get(page).content.decode()
    assert 'id="RSD-MIN-2021-DOC-11"' in body and "Original: RUSSIAN" in body
    entry = LedgerEntry.objects.get(action="document.derestricted")
    assert (entry.payload["symbol"], entry.payload["was"]) == ("RSD/MIN/2021/DOC/11", "members")


def test_the_register_page_links_an_addendum_to_its_parent_only_when_the_reader_sees_both(
    region: Any, draft: Any
) -> None:
    from page_clients import signed_in

    parent, addendum = draft(visibility="members"), draft(title="Addendum")
    for document, symbol in (
        (parent, "RSD/MIN/2021/DOC/3"),
        (addendum, "RSD/MIN/2021/DOC/3/Add.1"),
    ):
        services.register_document(actor=region.secretariat, document_id=document.pk,
                                   symbol=symbol, original_language="zh",
                                   distribution="limited")  # fmt: skip
    member = signed_in(region.head("KAZ")).get("/register/").content.decode()
    assert 'to <a href="#RSD-MIN-2021-DOC-3">RSD/MIN/2021/DOC/3</a>' in member
    assert "Original: CHINESE" in member and "Limited" in member
    observer = signed_in(region.observer).get("/register/").content.decode()
    assert "to RSD/MIN/2021/DOC/3</small>" in observer
    assert 'href="#RSD-MIN-2021-DOC-3"' not in observer
    assert 'id="RSD-MIN-2021-DOC-3"' not in observer and 'id="RSD-MIN-2021-DOC-3-Add1"' in observer

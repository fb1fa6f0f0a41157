"""Amendments on the document page read against their paragraph: OP/PP numbers, the
words struck and inserted, the supporters and opposers by name, the whole paragraph on
demand."""

from __future__ import annotations

import pytest

from page_clients import signed_in

pytestmark = pytest.mark.django_db


TAIL = "the dialogue on border security and water sharing in the region."


def test_an_amendment_shows_its_words_in_place_and_who_backs_it(region, draft) -> None:
    from accord.negotiation import services

    document = draft(
        paragraphs=[
            {"kind": "preambular", "text": "Recalling the Tashkent meeting of 15 July 2021,"},
            {"kind": "operative", "text": f"The participants welcome {TAIL}"},
        ]
    )  # fmt: skip
    amendment = services.propose_amendment(
        actor=region.delegate("KGZ"), document_id=document.pk, against=1,
        kind="replace-paragraph", paragraph_id=2,
        text=f"The participants warmly welcome {TAIL}",
    )  # fmt: skip
    services.support_amendment(
        actor=region.delegate("UZB"), document_id=document.pk, code=amendment.code
    )
    services.oppose_amendment(
        actor=region.delegate("TJK"), document_id=document.pk, code=amendment.code
    )
    page = (
        signed_in(region.delegate("KAZ")).get(f"/documents/{document.public_id}/").content.decode()
    )
    card = page[page.index(f'id="amendment-{amendment.code}"') :]
    card = card[: card.index("</li>")]
    assert f"{amendment.code}</strong> Kyrgyzstan" in card
    assert '<strong class="paragraph-label">OP1</strong>' in card
    assert "The participants <ins>warmly </ins>welcome the dialogue on …" in card  # brief
    assert "Show the whole paragraph" in card
    assert (
        "<ins>warmly </ins>welcome the dialogue on border security and water sharing in the region."
        in card
    )
    assert "Supported by: Uzbekistan · Opposed by: Tajikistan" in card
    assert "#2" not in page[page.index('id="paragraphs"') :]


def test_a_deleted_paragraph_is_struck_whole(region, draft) -> None:
    from accord.negotiation import services

    document = draft()
    services.propose_amendment(
        actor=region.delegate("KGZ"), document_id=document.pk, against=1,
        kind="delete-paragraph", paragraph_id=3,
    )  # fmt: skip
    page = (
        signed_in(region.delegate("KAZ")).get(f"/documents/{document.public_id}/").content.decode()
    )
    assert "<del>The participants will meet again within a year.</del>" in page
    assert '<strong class="paragraph-label">OP2</strong>' in page

"""The facilitators' wordings page: the paragraph's facilitator proposes there, the chair
brings the wording into the next revision there, and everyone else who may see the text
reads what was proposed and what became of it, with no form. A refusal is a message on
the page and changes nothing; a state that may not see the text gets 404."""

from __future__ import annotations

from accord.negotiation.models import Revision
from accord.proceedings.models import FacilitatorWording
from fixtures.proceedings import counts, facilitated
from page_clients import signed_in

WORDING = "The participants warmly welcome the dialogue."


def test_the_facilitator_proposes_and_the_chair_brings_the_wording_in_from_the_page(
    region, ministerial, text_at_meeting
) -> None:
    document = facilitated(region, ministerial, text_at_meeting)
    address = f"/documents/{document.public_id}/wordings/"
    facilitator = signed_in(region.head("KGZ"))
    page = facilitator.get(address).content.decode()
    assert 'id="wording-propose"' in page and "<option>OP1</option>" in page
    assert "<option>OP2</option>" not in page  # only the paragraph given
    assert (
        'id="wordings-link"'
        in facilitator.get(f"/documents/{document.public_id}/").content.decode()
    )

    before = counts(), FacilitatorWording.objects.count()
    refused = facilitator.post(
        f"{address}propose/", {"paragraph": "OP2", "text": WORDING}, follow=True
    )
    assert "acts only on the paragraph or item given" in refused.content.decode()
    assert (counts(), FacilitatorWording.objects.count()) == before

    facilitator.post(f"{address}propose/", {"paragraph": "OP1", "text": WORDING})
    wording = FacilitatorWording.objects.get()
    reader = signed_in(region.delegate("UZB"))
    page = reader.get(address).content.decode()
    assert WORDING in page and "proposed by kgz-head on Rev.1" in page
    assert "wording-propose" not in page and "bring-in" not in page
    assert reader.get(f"{address}?cursor=changed").status_code == 422

    chair = signed_in(region.chair)
    assert f"{wording.public_id}/bring-in/" in chair.get(address).content.decode()
    chair.post(f"{address}{wording.public_id}/bring-in/", {"decision": "agreed"})
    wording.refresh_from_db()
    assert (wording.revision, wording.amendment) == (2, "A1")
    assert Revision.objects.filter(document=document).count() == 2
    assert "in Rev.2 as A1" in reader.get(address).content.decode()


def test_a_state_that_may_not_see_the_text_finds_no_wordings_page(
    region, ministerial, text_at_meeting
) -> None:
    from accord.negotiation import services

    restricted = services.create_draft(
        actor=region.chair, kind="joint-statement", title="Between two",
        paragraphs=[{"kind": "operative", "text": "The two will meet."}],
        visibility="restricted", states=["KAZ", "KGZ"], meeting_id=ministerial.pk,
    )  # fmt: skip
    outsider = signed_in(region.head("TJK"))
    assert outsider.get(f"/documents/{restricted.public_id}/wordings/").status_code == 404
    missing = outsider.get(f"/documents/{restricted.public_id}/wordings/")
    unknown = outsider.get("/documents/doc_" + "a" * 26 + "/wordings/")
    assert missing.status_code == unknown.status_code == 404

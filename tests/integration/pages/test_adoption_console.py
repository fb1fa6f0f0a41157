"""The adoption console: explicit buttons for the acts the person may make, a
confirmation page naming the document, revision and text hash, a table of where each
state stands, errors next to the field with what was typed kept, and one act per form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fixtures.negotiation import counts
from page_clients import form_token, signed_in

pytestmark = pytest.mark.django_db


def console_url(document) -> str:
    return f"/documents/{document.public_id}/adoption/console/"


def confirm_url(document, act: str = "") -> str:
    return f"/documents/{document.public_id}/adoption/confirm/" + (f"?act={act}" if act else "")


def opened(region, draft, kind: str = "consensus", **extra):
    from accord.negotiation import services

    document = draft()
    deadline = timezone.now() + timedelta(days=3, hours=1) if kind == "silence" else None
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind=kind, deadline=deadline, **extra
    )
    return document


def test_a_head_is_offered_explicit_buttons_and_a_delegate_none(region, draft) -> None:
    document = opened(region, draft)
    page = signed_in(region.head("KGZ")).get(console_url(document)).content.decode()
    for act in ("approve", "approve-ad-referendum", "object"):
        assert f'id="act-{act}" href="{confirm_url(document, act)}"' in page
    assert "<select" not in page.split("<main")[1]
    assert 'id="act-break-silence"' not in page  # no silence to break in consensus
    delegate = signed_in(region.delegate("KGZ")).get(console_url(document)).content.decode()
    assert 'id="act-' not in delegate
    assert "Only the head of a participating delegation acts for the state." in delegate


def test_the_confirmation_page_names_the_text_and_changes_nothing(region, draft) -> None:
    from accord.negotiation.models import AdoptionProcedure

    document = opened(region, draft)
    procedure = AdoptionProcedure.objects.get(document=document)
    before = counts()
    page = signed_in(region.head("KGZ")).get(confirm_url(document, "approve")).content.decode()
    assert "Approve: Rev.1 of “Joint statement”" in page
    assert f'id="text-hash">{procedure.text_sha256}<' in page
    assert "The participants will meet again within a year." in page
    assert 'id="act-signing-slot"' in page
    assert counts() == before


def test_approving_twice_from_the_same_page_records_one_approval(region, draft) -> None:
    from accord.negotiation.models import AdoptionAct, AdoptionProcedure

    document = opened(region, draft)
    digest = AdoptionProcedure.objects.get(document=document).text_sha256
    client = signed_in(region.head("KGZ"))
    body = {
        "form_token": form_token(client, confirm_url(document, "approve")),
        "act": "approve",
        "text_sha256": digest,
    }
    first = client.post(confirm_url(document), body, follow=True)
    client.post(confirm_url(document), body)
    assert AdoptionAct.objects.filter(procedure__document=document).count() == 1
    said = [str(m) for m in first.context["messages"]]
    assert said == ["Your state approved Rev.1 of “Joint statement”."]
    page = first.content.decode()
    assert 'id="state-KGZ"' in page and "position-approved" in page
    assert 'id="act-approve"' not in page  # its approval stands


def test_a_refused_ad_referendum_keeps_what_was_typed_and_says_why_at_the_field(
    region, draft
) -> None:
    from accord.negotiation.models import AdoptionProcedure

    document = opened(region, draft)
    digest = AdoptionProcedure.objects.get(document=document).text_sha256
    client = signed_in(region.head("KGZ"))
    before = counts()
    body = {"act": "approve-ad-referendum", "text_sha256": digest, "confirm_by": "tomorrow"}
    answer = client.post(confirm_url(document), body)
    page = answer.content.decode()
    assert answer.status_code == 422 and counts() == before
    message = "Enter the date and time by which your capital will confirm."
    assert f'<a href="#confirm_by">{message}</a>' in page  # the summary links to the field
    assert f'id="confirm_by-error">{message}<' in page
    assert 'value="tomorrow"' in page
    assert 'class="messages"' not in page  # not in the banner that says success
    later = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    done = client.post(confirm_url(document), {**body, "confirm_by": later}, follow=True)
    row = done.content.decode().split('id="state-KGZ"')[1].split("</tr>")[0]
    assert "approved ad referendum, to be confirmed" in row
    assert "to be confirmed by" in row


def test_a_dissociation_without_paragraphs_keeps_the_explanation_typed(region, draft) -> None:
    from accord.negotiation import services
    from accord.negotiation.models import AdoptionProcedure

    document = opened(region, draft)
    services.approve(actor=region.head("KGZ"), document_id=document.pk)
    digest = AdoptionProcedure.objects.get(document=document).text_sha256
    client = signed_in(region.head("KGZ"))
    typed = "Kyrgyzstan reads OP2 as without prejudice to its position."
    body = {"act": "dissociate", "text_sha256": digest, "reason": typed}
    page = client.post(confirm_url(document), body).content.decode()
    assert "Choose the paragraphs your state dissociates from." in page
    assert f">{typed}</textarea>" in page
    answer = client.post(confirm_url(document), {**body, "paragraphs": ["OP2"]}, follow=True)
    assert "Dissociates from OP2." in answer.content.decode()


def test_a_changed_text_is_refused_and_nothing_is_recorded(region, draft) -> None:
    document = opened(region, draft)
    before = counts()
    client = signed_in(region.head("KGZ"))
    answer = client.post(confirm_url(document), {"act": "approve", "text_sha256": "0" * 64})
    assert answer.status_code == 409 and counts() == before
    assert "The text before the states has changed" in answer.content.decode()


def test_an_act_not_offered_is_refused_before_anything(region, draft) -> None:
    document = opened(region, draft)
    before = counts()
    answer = signed_in(region.delegate("KGZ")).post(confirm_url(document), {"act": "approve"})
    assert answer.status_code == 302 and counts() == before


def test_a_silence_procedure_awaits_no_act(region, draft) -> None:
    document = opened(region, draft, kind="silence")
    client = signed_in(region.head("KGZ"))
    page = client.get(console_url(document)).content.decode()
    assert page.count("silent: consents unless it breaks silence") == 4
    assert "awaiting its act" not in page
    assert 'id="act-break-silence"' in page and 'id="act-approve"' not in page
    assert "in 3 days" in page
    document_page = client.get(f"/documents/{document.public_id}/").content.decode()
    assert "Awaiting:" not in document_page


def test_after_adoption_the_paragraphs_show_as_adopted(region, draft) -> None:
    from accord.negotiation import services

    document = opened(region, draft)
    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        services.approve(actor=region.head(code), document_id=document.pk)
    page = (
        signed_in(region.delegate("TJK")).get(f"/documents/{document.public_id}/").content.decode()
    )
    assert "agreed (provisionally)" not in page
    assert page.count('<span class="label">adopted</span>') == 3


def test_an_objection_and_its_reason_show_in_the_table(region, draft) -> None:
    from accord.negotiation import services

    document = opened(region, draft)
    services.object_to(
        actor=region.head("UZB"), document_id=document.pk, reason="OP2 prejudges the talks."
    )
    page = signed_in(region.delegate("TJK")).get(console_url(document)).content.decode()
    row = page.split('id="state-UZB"')[1].split("</tr>")[0]
    assert "objected" in row and "OP2 prejudges the talks." in row


def test_an_ad_referendum_approval_shows_what_the_capital_is_to_confirm(region, draft) -> None:
    from accord.negotiation.models import AdoptionProcedure

    document = opened(region, draft)
    digest = AdoptionProcedure.objects.get(document=document).text_sha256
    client = signed_in(region.head("KGZ"))
    form = client.get(confirm_url(document, "approve-ad-referendum")).content.decode()
    assert "What your capital is to confirm (optional)" in form
    later = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    reason = "Subject to the approval of OP3 by the Ministry of Defence."
    body = {
        "act": "approve-ad-referendum", "text_sha256": digest, "confirm_by": later,
        "reason": reason,
    }  # fmt: skip
    done = client.post(confirm_url(document), body, follow=True)
    row = done.content.decode().split('id="state-KGZ"')[1].split("</tr>")[0]
    assert "approved ad referendum, to be confirmed" in row
    assert reason in row

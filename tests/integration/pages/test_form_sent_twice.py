"""A form sent twice (a double click, Back and submit again) acts once: every POST form
carries a one-time token, and the second request with it is sent where the first went."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from page_clients import form_token, signed_in

TEMPLATES = Path(__file__).resolve().parents[3] / "src" / "accord"


def test_every_post_form_in_every_template_carries_its_tokens() -> None:
    forms = 0
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text()
        for form in re.finditer(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", text, re.S):
            forms += 1
            assert "{% csrf_token %}" in form.group(1), f"{template.name}: {form.group(0)[:80]}"
    assert forms > 30


@pytest.mark.django_db
def test_an_amendment_proposed_twice_is_proposed_once(region, draft) -> None:
    from accord.negotiation.models import Amendment

    document = draft()
    client = signed_in(region.delegate("KGZ"))
    page = f"/documents/{document.public_id}/"
    body = {
        "form_token": form_token(client, page),
        "against": "1",
        "kind": "replace-paragraph",
        "paragraph_id": "2",
        "text": "The participants warmly welcome the dialogue.",
    }
    first = client.post(f"/documents/{document.public_id}/amendments/", body)
    again = client.post(f"/documents/{document.public_id}/amendments/", body, follow=True)
    assert first.status_code == 302
    assert Amendment.objects.filter(document=document).count() == 1
    assert again.redirect_chain[0][0] == first["Location"]
    shown = [str(m) for m in again.context["messages"]]
    assert "This form had already been sent; it was not sent again." in shown


@pytest.mark.django_db
def test_a_concern_raised_twice_is_raised_once(region) -> None:
    from accord.dialogue.models import Concern

    client = signed_in(region.delegate("KGZ"))
    body = {
        "form_token": form_token(client, "/concerns/"),
        "title": "Water sharing on the Syr Darya",
        "summary": "Upstream releases in spring.",
        "category": Concern.Category.choices[0][0],
        "visibility": "members",
    }
    for _ in range(3):
        client.post("/concerns/raise/", body)
    assert Concern.objects.filter(title="Water sharing on the Syr Darya").count() == 1


@pytest.mark.django_db
def test_a_draft_circulated_twice_is_circulated_once(region) -> None:
    from accord.negotiation.models import Document

    client = signed_in(region.chair)
    body = {
        "form_token": form_token(client, "/documents/new/"),
        "kind": "joint-statement",
        "title": "Statement on border cooperation",
        "paragraphs": "PP: Recalling the Charter,\nOP: The participants agree.",
        "visibility": "participants",
    }
    first = client.post("/documents/new/", body)
    second = client.post("/documents/new/", body)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Document.objects.filter(title="Statement on border cooperation").count() == 1


@pytest.mark.django_db
def test_a_refused_form_can_be_corrected_and_sent_again_with_its_token(region) -> None:
    from accord.negotiation.models import Document

    client = signed_in(region.chair)
    token = form_token(client, "/documents/new/")
    body = {"form_token": token, "kind": "joint-statement", "title": "", "paragraphs": "OP: x"}
    refused = client.post("/documents/new/", body)
    assert refused.status_code == 200 and Document.objects.count() == 0
    accepted = client.post("/documents/new/", {**body, "title": "Corrected title"})
    assert accepted.status_code == 302
    assert list(Document.objects.values_list("title", flat=True)) == ["Corrected title"]


@pytest.mark.django_db
def test_a_malformed_token_is_refused_and_nothing_changes(region) -> None:
    from accord.dialogue.models import Concern

    client = signed_in(region.delegate("KGZ"))
    answer = client.post("/concerns/raise/", {"form_token": "x" * 500, "title": "T"})
    assert answer.status_code == 400
    assert Concern.objects.count() == 0

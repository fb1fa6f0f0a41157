"""The home page says what needs the person, by role, and what is new in sentences."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.site import home_panels
from page_clients import signed_in

pytestmark = pytest.mark.django_db


def home(user, language: str = "en") -> str:
    client = signed_in(user)
    client.cookies["django_language"] = language
    answer = client.get("/")
    assert answer.status_code == 200
    return answer.content.decode()


def panel(page: str, key: str) -> str:
    start = page.find(f'id="panel-{key}"')
    if start < 0:
        return ""
    return page[start : page.find("</section>", start)]


def test_a_head_is_asked_for_the_states_act_with_a_countdown(region, draft) -> None:
    from accord.negotiation import services

    document = draft()
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="consensus",
        deadline=timezone.now() + timedelta(days=2, minutes=5),
    )  # fmt: skip
    page = panel(home(region.head("KGZ")), "acts")
    assert "Approve or object to Rev.1 of “Joint statement”." in page
    assert "in 2 days" in page
    services.approve(actor=region.head("KGZ"), document_id=document.pk)
    assert panel(home(region.head("KGZ")), "acts") == ""
    assert "Approve or object" in panel(home(region.head("UZB")), "acts")


def test_a_silence_procedure_informs_and_asks_no_act(region, draft) -> None:
    from accord.negotiation import services

    document = draft()
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence",
        deadline=timezone.now() + timedelta(hours=5, minutes=1),
    )  # fmt: skip
    page = home(region.head("KGZ"))
    assert panel(page, "acts") == ""
    silence = panel(page, "silence")
    assert "Rev.1 of “Joint statement” is adopted at the deadline unless" in silence
    assert "in 5 h" in silence


def test_a_delegate_is_asked_to_answer_an_amendment_until_it_does(region, draft) -> None:
    from accord.negotiation import services

    document = draft()
    amendment = services.propose_amendment(
        actor=region.delegate("KGZ"), document_id=document.pk, against=1,
        kind="replace-paragraph", paragraph_id=2, text="The participants warmly welcome it.",
    )  # fmt: skip
    page = panel(home(region.delegate("UZB")), "amendments")
    assert f"Support or oppose Kyrgyzstan’s amendment {amendment.code}" in page
    assert panel(home(region.delegate("KGZ")), "amendments") == ""  # its own
    services.support_amendment(
        actor=region.delegate("UZB"), document_id=document.pk, code=amendment.code
    )
    assert panel(home(region.delegate("UZB")), "amendments") == ""
    assert panel(home(region.observer), "amendments") == ""  # an observer answers none


def test_the_chairs_home_is_the_chairs_and_lists_the_chairs_work(region, draft) -> None:
    from accord.negotiation import services

    draft(title="Ready text")
    waiting = draft(title="Text with amendments")
    services.propose_amendment(
        actor=region.delegate("KGZ"), document_id=waiting.pk, against=1,
        kind="replace-paragraph", paragraph_id=2, text="The participants warmly welcome it.",
    )  # fmt: skip
    page = home(region.chair)
    assert "<h1>The Chair</h1>" in page
    assert "Delegation of Kazakhstan" not in page
    work = panel(page, "chair-documents")
    assert "Issue Rev.2 of “Text with amendments”: 1 amendment waits." in work
    assert "Put Rev.1 of “Ready text” to adoption: no bracket remains." in work
    assert "Delegation of Kazakhstan" in home(region.head("KAZ"))


def test_the_duty_officer_is_asked_to_acknowledge(region) -> None:
    from accord.notifications import services
    from fixtures.notifications import exercise_content

    services.send_notification(
        actor=region.delegate("KGZ"), type_key="exercise_notice", content=exercise_content()
    )
    page = panel(home(region.delegate("UZB")), "duty")
    assert "Acknowledge Kyrgyzstan’s notification" in page


def test_the_secretariat_is_asked_to_prepare_meetings(region) -> None:
    from accord.dialogue import services

    start = timezone.now() + timedelta(days=3, hours=1)
    services.convene_meeting(
        actor=region.secretariat, title="Senior officials, autumn", kind="senior_officials",
        starts_at=start, ends_at=start + timedelta(hours=6), participants=["KAZ", "KGZ"],
        venue="Astana",
    )  # fmt: skip
    page = panel(home(region.secretariat), "meetings")
    assert "Prepare the agenda of “Senior officials, autumn”." in page
    assert "in 3 days" in page


def test_what_is_new_is_in_sentences_and_the_chair_speaks_as_the_chair(region, draft) -> None:
    from accord.negotiation import services

    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    services.approve(actor=region.head("KGZ"), document_id=document.pk)
    page = home(region.head("UZB"))
    feed = page[page.index('id="feed"') : page.index("</ol>", page.index('id="feed"'))]
    assert "Kyrgyzstan approved Rev.1 of “Joint statement”." in feed
    assert "The Chair put Rev.1 of “Joint statement” to adoption." in feed
    assert "The Chair circulated the draft “Joint statement”." in feed
    assert f'href="/documents/{document.public_id}/"' in feed
    assert "adoption.approve" not in feed and "Kazakhstan" not in feed
    assert "made a change recorded in the ledger" not in feed  # accounts are not news
    russian = home(region.head("UZB"), "ru")
    assert "Кыргызстан одобряет Rev.1" in russian[russian.index('id="feed"') :]


def test_a_panel_is_added_with_one_line(region, monkeypatch) -> None:
    from accord.site.home_panels import Panel, Task

    def witness_warning(user, now):
        return Panel("witness", "Witness", [Task("A witness disagrees.", "/ledger/")])

    monkeypatch.setattr(home_panels, "PROVIDERS", (*home_panels.PROVIDERS, f"{__name__}.made"))
    globals()["made"] = witness_warning
    assert "A witness disagrees." in panel(home(region.delegate("KGZ")), "witness")

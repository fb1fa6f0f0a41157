"""The home page and the adoption console in Chromium, as a head, a delegate and the
chair: the buttons work without a drop-down, a double click on Confirm records one act,
and no page overflows at 390 px. Screenshots go to $ACCORD_SCREENSHOTS (default: a
temporary directory) at 1280 and 390 px."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from fixtures.browser import CHROMIUM, look, session_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


def test_a_head_approves_through_the_console_once_with_a_double_click(
    transactional_db: Any, region: Any, live_server: Any, plain_http: None, browser: Any
) -> None:
    from django.utils import timezone

    from accord.negotiation import services
    from accord.negotiation.models import AdoptionAct

    base = live_server.url
    document = services.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement on border security",
        visibility="participants", paragraphs=[
            {"kind": "preambular", "text": "Recalling the Dushanbe declaration,"},
            {"kind": "operative", "text": "The participants welcome the border dialogue."},
        ],
    )  # fmt: skip
    other = services.create_draft(
        actor=region.chair, kind="joint-statement", title="Statement on water",
        visibility="participants", paragraphs=[{"kind": "operative", "text": "Water matters."}],
    )  # fmt: skip
    services.propose_amendment(
        actor=region.delegate("UZB"), document_id=other.pk, against=1,
        kind="replace-paragraph", paragraph_id=1, text="Water matters to all.",
    )  # fmt: skip
    services.open_adoption(
        actor=region.chair, document_id=document.pk, kind="consensus",
        deadline=timezone.now() + timedelta(days=2, hours=3),
    )  # fmt: skip
    services.approve_ad_referendum(
        actor=region.head("TJK"), document_id=document.pk,
        confirm_by=timezone.now() + timedelta(days=1, hours=2),
    )  # fmt: skip

    head = session_for(browser, base, region.head("KGZ"))
    head.goto(f"{base}/")
    head.wait_for_selector("#panel-acts")
    look(head, "home-head")
    head.click("#panel-acts a")
    head.wait_for_selector("#adoption-states")
    look(head, "console-head")
    head.click("#act-approve")
    head.wait_for_selector("#text-hash")
    look(head, "confirm-approve")
    head.dblclick("#confirm-button")
    head.wait_for_selector(".messages")
    # The browser follows the second click's answer: it names the first's outcome, or (when
    # the first answer's message cookie was dropped with its cancelled navigation) says the
    # form was already sent, on the page the first led to, where the state's row shows it.
    said = head.inner_text(".messages")
    assert "Your state approved Rev.1" in said or "already been sent" in said, said
    head.goto(f"{base}/documents/{document.public_id}/adoption/console/")
    assert "state-approved" in (head.get_attribute("#state-KGZ", "class") or "")
    assert AdoptionAct.objects.filter(procedure__document=document, state="KGZ").count() == 1

    head.goto(f"{base}/documents/{document.public_id}/adoption/confirm/?act=explain")
    head.fill("#reason", "")
    head.click("#confirm-button")
    head.wait_for_selector("#error-summary")
    look(head, "confirm-error")

    chair = session_for(browser, base, region.chair)
    chair.goto(f"{base}/")
    assert chair.inner_text("h1") == "The Chair"
    look(chair, "home-chair")
    chair.goto(f"{base}/documents/{other.public_id}/")
    chair.wait_for_selector(".in-context ins")
    look(chair, "document-amendment")
    russian = session_for(browser, base, region.head("UZB"))
    russian.context.add_cookies([{"name": "django_language", "value": "ru", "url": base}])
    russian.goto(f"{base}/documents/{document.public_id}/adoption/console/")
    russian.wait_for_selector("#adoption-states")
    look(russian, "console-ru")
    delegate = session_for(browser, base, region.delegate("KGZ"))
    delegate.goto(f"{base}/")
    look(delegate, "home-delegate")
    delegate.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": base}])
    delegate.goto(f"{base}/")
    assert "待办事项" in delegate.inner_text("#needs-you")
    look(delegate, "home-delegate-zh")


def test_a_state_consultation_reads_state_by_state_at_both_widths(
    transactional_db: Any,
    region: Any,
    live_server: Any,
    plain_http: None,
    browser: Any,
    settings: Any,
) -> None:
    from accord.consultations import recompute, services

    settings.ACCORD_ANALYSIS_MODE = "sync"
    recompute.forget_models()
    made = services.create_consultation(
        actor=region.secretariat, title="Positions on the region", kind="state",
        visibility="members", statements=[
            "Water sharing needs a regional agreement.",
            "Border demarcation should go to arbitration.",
            "Drug trafficking calls for joint border operations.",
        ],
    )  # fmt: skip
    for code, votes in {"KAZ": "ada", "KGZ": "ada", "TJK": "aaa", "UZB": "da"}.items():
        words = {"a": "agree", "d": "disagree"}
        services.cast_votes(
            actor=region.head(code), consultation_id=made.pk,
            votes=[services.VoteIn(n, words[v]) for n, v in enumerate(votes, 1)],
        )  # fmt: skip
    page = session_for(browser, live_server.url, region.delegate("KGZ"))
    page.goto(f"{live_server.url}/consultations/{made.public_id}/")
    page.wait_for_selector("#state-grid")
    look(page, "state-consultation")


def test_the_home_page_refreshes_on_an_event_without_a_reload_and_in_sentences(
    transactional_db: Any, region: Any, live_server: Any, plain_http: None, browser: Any
) -> None:
    from accord.negotiation import services

    base = live_server.url
    document = services.create_draft(
        actor=region.chair, kind="joint-statement", title="Statement on the border",
        visibility="participants", paragraphs=[{"kind": "operative", "text": "We agree."}],
    )  # fmt: skip
    head = session_for(browser, base, region.head("KGZ"))
    head.goto(f"{base}/")
    head.wait_for_selector("#feed")
    head.evaluate("window.accordMarker = 1")  # gone if the page reloads
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    # The event as accord.js re-dispatches it from the stream (the test server's WSGI
    # stream cannot reach the test's database thread, so the transport is not under test).
    head.evaluate(
        "document.dispatchEvent(new CustomEvent('accord:event', "
        "{detail: {kind: 'adoption.opened'}}))"
    )
    head.wait_for_selector("#panel-acts")
    assert head.evaluate("window.accordMarker") == 1
    feed = head.inner_text("#feed")
    assert "The Chair put Rev.1 of “Statement on the border” to adoption." in feed
    assert "adoption.opened" not in feed

"""Keyboard voting on the consultation page, in Debian's Chromium against a live server: an
invited expert votes a / d / p through three statements without the page reloading, a
letter typed into the statement field (or pressed with Ctrl) casts nothing, and a key pressed
the instant the next statement appears still votes in place."""

from __future__ import annotations

from typing import Any

import pytest

# The browser, the plain-HTTP cookies and the sign-in come from the negotiation flow test.
from test_negotiation_flow import CHROMIUM, PASSWORD, _sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]

SEEDS = [
    "Terrorism from Afghanistan threatens every state of the region.",
    "Arms control in outer space needs a binding instrument.",
    "Information security needs common rules of state behaviour.",
]
NOTHING_LEFT = "No statement awaits your vote."

# Counts, in the page, every attempt to send a vote: a submit of the vote form (htmx or a
# plain form post) and any XHR/fetch POST to the vote URL. Installed before each load.
VOTE_TRAFFIC = """
(() => {
  const traffic = { submits: 0, requests: 0 };
  window.__voteTraffic = traffic;
  const isVote = (url) => String(url).includes("/vote/");
  document.addEventListener("submit", (event) => {
    if (isVote(event.target.action)) { traffic.submits += 1; }
  }, true);
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (String(method).toUpperCase() === "POST" && isVote(url)) { traffic.requests += 1; }
    return open.call(this, method, url, ...rest);
  };
  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === "string" ? input : input.url;
    const method = (init && init.method) || (input && input.method) || "GET";
    if (String(method).toUpperCase() === "POST" && isVote(url)) { traffic.requests += 1; }
    return originalFetch.apply(this, arguments);
  };
})();
"""


@pytest.fixture
def analysis_off(settings: Any) -> None:
    # The opinion map is not under test here: no background recompute thread outliving it.
    settings.ACCORD_ANALYSIS_MODE = "off"


@pytest.fixture
def consultation(region: Any, analysis_off: None) -> Any:
    """An open consultation with three accepted statements and one invited expert."""
    from accord.consultations import services
    from accord.members import services as member_services

    expert = member_services.add_person(
        actor=region.secretariat,
        username="expert",
        password=PASSWORD,
        role="participant",
        state_code="UNO",
        full_name="Invited Expert",
    )
    created = services.create_consultation(
        actor=region.secretariat,
        title="Track 2: experts",
        kind="open",
        visibility="participants",
        statements=SEEDS,
    )
    services.invite(actor=region.secretariat, consultation_id=created.pk, user=expert)
    return created


def _votes(consultation: Any) -> list[tuple[str, int, int, str]]:
    """(seat's user, statement number, value, cast by) of every stored vote, by statement."""
    from accord.consultations.models import Vote

    return list(
        Vote.objects.filter(consultation=consultation)
        .order_by("statement__number")
        .values_list(
            "participant__user__username", "statement__number", "value", "cast_by__username"
        )
    )


def _open_as_expert(chromium: Any, base: str, consultation: Any) -> Any:
    page = _sign_in(chromium, base, "expert", None)
    page.add_init_script(VOTE_TRAFFIC)
    page.goto(f"{base}/consultations/{consultation.public_id}/")
    # Set after the load: it survives htmx swaps, not a reload.
    page.evaluate("window.__samePage = true")
    return page


def _traffic(page: Any) -> dict[str, int]:
    return page.evaluate("({ ...window.__voteTraffic })")


def test_a_d_p_vote_through_the_statements_without_reloading(
    transactional_db: Any,
    consultation: Any,
    live_server: Any,
    plain_http: None,
    browser: Any,
) -> None:
    from playwright.sync_api import expect

    from accord.consultations.models import Vote

    page = _open_as_expert(browser, live_server.url, consultation)
    card = page.locator("[data-vote-focus]")
    done = page.locator("#voting .done")
    expect(card).to_have_text(f"#1 {SEEDS[0]}")
    expect(card).to_be_focused()

    page.keyboard.press("a")
    expect(card).to_have_text(f"#2 {SEEDS[1]}")
    expect(card).to_be_focused()  # the next statement takes the focus, so keys keep working
    expect(page.locator("#voting .hint")).to_have_text("You have voted on 1 statement.")
    assert _votes(consultation) == [("expert", 1, Vote.Value.AGREE, "expert")]

    page.keyboard.press("d")
    expect(card).to_have_text(f"#3 {SEEDS[2]}")
    expect(card).to_be_focused()
    assert _votes(consultation) == [
        ("expert", 1, Vote.Value.AGREE, "expert"),
        ("expert", 2, Vote.Value.DISAGREE, "expert"),
    ]

    page.keyboard.press("p")
    expect(done).to_have_text(NOTHING_LEFT)
    expect(page.locator("[data-vote-card]")).to_have_count(0)
    assert _votes(consultation) == [
        ("expert", 1, Vote.Value.AGREE, "expert"),
        ("expert", 2, Vote.Value.DISAGREE, "expert"),
        ("expert", 3, Vote.Value.PASS, "expert"),
    ]

    # Each vote was one request swapped into the page: no reload, no plain form post.
    assert page.evaluate("window.__samePage") is True
    assert _traffic(page) == {"submits": 3, "requests": 3}


def test_typing_a_statement_or_holding_ctrl_casts_no_vote(
    transactional_db: Any,
    consultation: Any,
    live_server: Any,
    plain_http: None,
    browser: Any,
) -> None:
    from playwright.sync_api import expect

    from accord.consultations.models import Vote

    page = _open_as_expert(browser, live_server.url, consultation)
    card = page.locator("[data-vote-focus]")
    field = page.locator("#statement-text")
    expect(card).to_have_text(f"#1 {SEEDS[0]}")

    # In the "submit a statement" field the key types its letter and votes nothing. A vote
    # would be sent from the key handler itself, so it is counted by the time press returns.
    field.click()
    page.keyboard.press("a")
    page.keyboard.type("nd d p")
    expect(field).to_have_value("and d p")
    assert _traffic(page) == {"submits": 0, "requests": 0}
    assert _votes(consultation) == []
    expect(card).to_have_text(f"#1 {SEEDS[0]}")

    # With Ctrl held the key is a shortcut of the browser's, not a vote.
    card.click()
    expect(card).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+d")
    assert _traffic(page) == {"submits": 0, "requests": 0}
    assert _votes(consultation) == []
    expect(card).to_have_text(f"#1 {SEEDS[0]}")

    # The same key on the statement votes: the counters above were watching the right thing.
    page.keyboard.press("a")
    expect(card).to_have_text(f"#2 {SEEDS[1]}")
    assert _traffic(page) == {"submits": 1, "requests": 1}
    assert _votes(consultation) == [("expert", 1, Vote.Value.AGREE, "expert")]
    expect(field).to_have_value("and d p")
    assert page.evaluate("window.__samePage") is True


# Presses "d" from inside the page the instant statement #2 is in the DOM (a MutationObserver
# runs before any timer), as a fast typist or a key held down would.
PRESS_D_ON_ARRIVAL = """
(() => {
  const voting = document.getElementById("voting");
  const observer = new MutationObserver(() => {
    const card = voting.querySelector("[data-vote-focus]");
    if (card && card.textContent.includes("#2")) {
      observer.disconnect();
      const target = document.activeElement || document.body;
      target.dispatchEvent(new KeyboardEvent("keydown", { key: "d", bubbles: true }));
    }
  });
  observer.observe(voting, { childList: true, subtree: true });
})();
"""


def test_a_key_pressed_the_moment_the_next_statement_appears_still_votes_in_place(
    transactional_db: Any,
    consultation: Any,
    live_server: Any,
    plain_http: None,
    browser: Any,
) -> None:
    from playwright.sync_api import expect

    from accord.consultations.models import Vote

    page = _open_as_expert(browser, live_server.url, consultation)
    card = page.locator("[data-vote-focus]")
    expect(card).to_have_text(f"#1 {SEEDS[0]}")
    page.evaluate(PRESS_D_ON_ARRIVAL)

    page.keyboard.press("a")
    expect(card).to_have_text(f"#3 {SEEDS[2]}")
    assert _votes(consultation) == [
        ("expert", 1, Vote.Value.AGREE, "expert"),
        ("expert", 2, Vote.Value.DISAGREE, "expert"),
    ]
    assert page.evaluate("window.__samePage") is True
    assert _traffic(page) == {"submits": 2, "requests": 2}

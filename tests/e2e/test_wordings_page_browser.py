"""The facilitators' wordings page in Chromium, in English, Chinese and Russian: the
facilitator of OP1 proposes a wording from the page, the chair brings it into Rev.2 from
the page. axe-core at WCAG 2.2 AA, no sideways scroll at 390 px; screenshots in
$ACCORD_SCREENSHOTS."""

from __future__ import annotations

from typing import Any

import pytest
from test_interface_walk import AXE
from test_register_and_agreed_language import _audited

from fixtures.browser import CHROMIUM, SHOTS, look, session_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core: scripts/test.sh installs it"),
]
LANGUAGES = (("en", "Facilitators' wordings"), ("zh-hans", "协调人的措辞"), ("ru", "Формулировки"))


def test_the_facilitator_proposes_and_the_chair_brings_it_in_on_the_wordings_page(
    transactional_db: Any, region: Any, ministerial: Any, text_at_meeting: Any,
    live_server: Any, plain_http: None, browser: Any,
) -> None:  # fmt: skip
    from fixtures.proceedings import facilitated

    document = facilitated(region, ministerial, text_at_meeting)
    base = live_server.url
    address = f"{base}/documents/{document.public_id}/wordings/"
    facilitator = session_for(browser, base, region.head("KGZ"))
    facilitator.context.add_init_script(path=str(AXE))
    facilitator.route("**/api/v1/events*", lambda route: route.abort())
    facilitator.goto(f"{base}/documents/{document.public_id}/")
    facilitator.click("#wordings-link")
    facilitator.fill("#wording-text", "The participants warmly welcome the dialogue.")
    facilitator.click("#wording-propose")
    facilitator.wait_for_url(address)
    assert "warmly welcome" in facilitator.locator("#wordings").inner_text()

    chair = session_for(browser, base, region.chair)
    chair.context.add_init_script(path=str(AXE))
    chair.route("**/api/v1/events*", lambda route: route.abort())
    for cookie, heading in LANGUAGES:
        chair.context.add_cookies([{"name": "django_language", "value": cookie, "url": base}])
        chair.goto(address)
        assert heading in chair.locator("h1").inner_text()
        _audited(chair)
        look(chair, f"wordings-chair-{cookie}")
    chair.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    chair.goto(address)
    chair.select_option("#wordings select[name=decision]", "bracketed")
    chair.click("#wordings button[type=submit]")
    chair.wait_for_url(address)
    assert "in Rev.2 as A1" in chair.locator("#wordings").inner_text()
    _audited(chair)
    look(chair, "wordings-brought-in")
    print(f"screenshots in {SHOTS}")

"""The register page and the amendment form's agreed language in Chromium, in English,
Chinese and Russian: the public sees a derestricted document on the register, a member sees
an addendum linked to its parent, and a drafter writing an amendment is offered agreed
language from an adopted text, cited by symbol, and takes it with one click. axe-core at
WCAG 2.2 AA on each page, no sideways scroll at 390 px; screenshots in $ACCORD_SCREENSHOTS."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from test_interface_walk import AXE, WCAG

from fixtures.browser import CHROMIUM, SHOTS, look, session_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core: scripts/test.sh installs it"),
]
LANGUAGES = (("en", "Agreed language from"), ("zh-hans", "商定措辞"), ("ru", "Согласованная"))


def _audited(page: Any) -> None:
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    assert [v["id"] for v in result["violations"]] == [], [
        (v["id"], [n["html"][:300] for n in v["nodes"]]) for v in result["violations"]
    ]


def _scenario(region: Any) -> dict[str, Any]:
    from django.utils import timezone

    from accord.languages import services as languages
    from accord.negotiation import services as negotiation
    from accord.registry import services as registry
    from accord.registry import tick

    def adopted(title: str, text: str) -> Any:
        document = negotiation.create_draft(
            actor=region.chair, kind="joint-statement", title=title, visibility="members",
            paragraphs=[{"kind": "operative", "text": text}],
        )  # fmt: skip
        negotiation.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
        for code in ("KAZ", "KGZ", "TJK", "UZB"):
            negotiation.approve(actor=region.head(code), document_id=document.pk)
        return document

    statement = adopted("Joint statement of the Tashkent meeting",
                        "The participants welcome the dialogue on regional security.")  # fmt: skip
    addendum = adopted("Addendum: list of participants", "The participants are listed below.")
    now = timezone.now()
    registry.register_document(actor=region.secretariat, document_id=statement.pk,
                               symbol="RSD/MIN/2021/DOC/3", original_language="ru",
                               distribution="restricted",
                               derestriction_on=now.date() + timedelta(days=1))  # fmt: skip
    registry.register_document(actor=region.secretariat, document_id=addendum.pk,
                               symbol="RSD/MIN/2021/DOC/3/Add.1", original_language="en",
                               distribution="limited")  # fmt: skip
    tick.run(now + timedelta(days=1))  # DOC/3 derestricted: public from today
    draft = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement on security",
        visibility="participants",
        paragraphs=[{"kind": "operative", "text": "The states note the talks on security."}],
    )  # fmt: skip
    languages.set_languages(actor=region.chair, document_id=draft.pk, working_language="en",
                            languages=["en", "zh", "ru"])  # fmt: skip
    return {"draft": draft}


def test_the_register_and_agreed_language_in_three_languages(
    transactional_db: Any, region: Any, live_server: Any, plain_http: None, browser: Any,
) -> None:  # fmt: skip
    made = _scenario(region)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Injected by the DevTools protocol before any page script: the CSP stays as served.
    context.add_init_script(path=str(AXE))
    public = context.new_page()
    public.goto(f"{base}/register/")
    assert public.locator("#register tbody tr").count() == 1  # only the derestricted one
    assert "RSD/MIN/2021/DOC/3" in public.locator("#register").inner_text()
    _audited(public)
    look(public, "register-public")
    page = session_for(browser, base, region.delegate("KGZ"))
    page.context.add_init_script(path=str(AXE))
    page.route("**/api/v1/events*", lambda route: route.abort())
    for cookie, expected in LANGUAGES:
        page.context.add_cookies([{"name": "django_language", "value": cookie, "url": base}])
        page.goto(f"{base}/register/")
        assert page.locator("#register tbody tr").count() == 2
        assert page.locator('#RSD-MIN-2021-DOC-3-Add1 a[href="#RSD-MIN-2021-DOC-3"]').count() == 1
        _audited(page)
        look(page, f"register-{cookie}")
        page.goto(f"{base}/documents/{made['draft'].public_id}/")
        page.fill("#am-text", "welcome the dialogue on security")
        page.locator("#agreed-language .citation").first.wait_for()
        citation = page.locator("#agreed-language .citation").first.inner_text()
        assert expected in citation and "RSD/MIN/2021/DOC/3" in citation and "OP1" in citation
        page.locator("#agreed-language button.use-agreed").first.click()
        assert page.input_value("#am-text") == (
            "The participants welcome the dialogue on regional security."
        )
        _audited(page)
        page.locator("#propose-form").scroll_into_view_if_needed()
        look(page, f"amendment-form-agreed-language-{cookie}")
    print(f"screenshots in {SHOTS}")

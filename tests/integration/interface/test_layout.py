"""The layout every page shares: a header whose menu folds on a phone without JavaScript, a
favicon, the hotline's unread count, and styled, translated error pages with navigation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from accord.members.sign_in import SESSION_VERIFIED_KEY
from accord.notifications import hotline

STYLESHEET = Path(__file__).parents[3] / "src/accord/site/static/accord/accord.css"


def client_for(user, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session.save()
    return client


def test_the_menu_folds_into_a_details_element_that_needs_no_script(region):
    page = client_for(region.delegate("KAZ")).get("/").content.decode()
    menu = page[page.index('<details class="menu">') : page.index("</details>")]
    assert "<summary>Menu</summary>" in menu
    assert 'aria-label="Main"' in menu and 'href="/account/"' in menu
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in page


def test_the_stylesheet_wraps_long_words_and_opens_the_menu_on_wide_screens():
    css = STYLESHEET.read_text()
    assert "overflow-wrap: anywhere" in css
    assert ".menu::details-content { content-visibility: visible; display: contents; }" in css
    assert "@media print" in css


def test_every_page_names_its_favicon_and_favicon_ico_leads_to_it(region, client):
    assert (
        '<link rel="icon" href="/static/accord/favicon.svg"'
        in client.get("/sign-in/").content.decode()
    )
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/accord/favicon.svg")


def test_the_header_counts_unread_hotline_messages_on_every_page(region):
    hotline.send_hotline_message(actor=region.head("KAZ"), to_state="KGZ", body="Call us now.")
    hotline.send_hotline_message(actor=region.head("KAZ"), to_state="KGZ", body="Still there?")
    kgz = client_for(region.delegate("KGZ"))
    for path in ("/", "/documents/", "/account/"):
        page = kgz.get(path).content.decode()
        assert '<span class="count">2</span>' in page, path
        assert "2 unread messages" in page
    assert (
        '<span class="count">' not in client_for(region.delegate("KAZ")).get("/").content.decode()
    )
    # The secretariat has no hotline: no indicator at all.
    assert 'id="hotline-indicator"' not in client_for(region.secretariat).get("/").content.decode()
    badge = kgz.get("/hotline/indicator/").content.decode()
    assert 'hx-trigger="accord:hotline.message_sent from:body' in badge and ">2<" in badge


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Page not found"), ("zh-hans", "页面不存在"), ("ru", "Страница не найдена")],
)
def test_a_missing_page_is_styled_translated_and_offers_a_way_on(region, language, title):
    response = client_for(region.delegate("KAZ"), language).get("/no/such/page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in page
    assert '<nav class="main-nav"' in page and "/static/accord/accord.css" in page
    assert 'href="/dialogue/search/"' in page or "/search/" in page


def test_a_refused_form_is_the_styled_403_not_djangos_default(region):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>The form has expired</h1>" in page and 'href="/"' in page
    assert "CSRF verification failed" not in page


def test_a_request_for_a_foreign_host_is_the_styled_400(region):
    response = Client(HTTP_HOST="evil.example").get("/sign-in/")
    assert response.status_code == 400
    assert "<h1>The request could not be read</h1>" in response.content.decode()


def test_the_500_page_renders_without_a_request_context(db):
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Sorry, there is a problem with the service</h1>" in page
    assert 'href="/"' in page

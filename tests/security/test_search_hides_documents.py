"""Search plays the attacker (issue 19, rule 5): a document restricted to KAZ and UZB, in
three language versions, and one open to members only under a registry symbol. A third
state (TJK, its head and its delegate), the observer and the public search for their
words in every language, for the symbol, page by page and with a cursor another state was
given: they find nothing of them, and the pages, the `next` links and the counts they get
are those they would get if the documents did not exist. Nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from accord.languages import services as languages
from accord.ledger.models import LedgerEntry
from accord.negotiation import services as negotiation
from accord.registry import services as registry
from accord.search import selectors
from page_clients import signed_in

SECRET_WORDS = ("river", "河流", "реки", "水资源", "Заявление", "rivers statement")
SYMBOL = "RSD/MIN/2021/DOC/3"


@pytest.fixture
def documents(region: Any) -> dict[str, Any]:
    open_text = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Open statement on rivers",
        paragraphs=[{"kind": "operative", "text": "The participants welcome river data."}],
    )  # fmt: skip
    members_only = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Glacier protocol",
        paragraphs=[{"kind": "operative", "text": "The members will share glacier data."}],
        visibility="members",
    )  # fmt: skip
    registry.register_document(
        actor=region.secretariat, document_id=members_only.pk, symbol=SYMBOL,
        original_language="en", distribution="limited",
    )  # fmt: skip
    secret = negotiation.create_draft(
        actor=region.chair, kind="joint-statement", title="Water statement",
        paragraphs=[{"kind": "operative", "text": "The two states will share river data."}],
        visibility="restricted", states=["KAZ", "UZB"],
    )  # fmt: skip
    languages.set_languages(actor=region.chair, document_id=secret.pk,
                            working_language="en", languages=["en", "zh", "ru"])  # fmt: skip
    for language, title, text in (
        ("zh", "水资源声明", "两国将共享河流数据。"),
        ("ru", "Заявление о воде", "Два государства будут обмениваться данными о реках."),
    ):
        languages.submit_version(actor=region.chair, document_id=secret.pk, number=1,
                                 language=language, title=title, paragraphs=[text])  # fmt: skip
    return {"open": open_text, "members": members_only, "secret": secret}


def _ids(answer: Any) -> list[str]:
    return [d["id"] for d in answer.json()["documents"]]


def test_the_two_states_find_their_document_in_every_language(region, api, documents):
    uzb = api(region.head("UZB"))
    secret = documents["secret"].public_id
    for query in ("河流", "реки", "水资源", "Заявление"):
        assert _ids(uzb.get("/api/v1/search", {"q": query})) == [secret], query
    both = uzb.get("/api/v1/search", {"q": "river", "limit": 1}).json()
    assert [d["id"] for d in both["documents"]] == [secret]
    assert both["next"]["documents"] is not None  # the open one follows
    found = api(region.head("TJK")).get("/api/v1/search", {"q": SYMBOL.lower()}).json()
    assert [(d["id"], d["symbol"]) for d in found["documents"]] == [
        (documents["members"].public_id, SYMBOL)
    ]


def test_a_third_state_and_the_observer_find_nothing_hidden(region, api, documents):
    people = (region.head("TJK"), region.delegate("TJK"), region.observer)
    clients = {user.username: api(user) for user in people}  # tokens first: they are written
    before = LedgerEntry.objects.count()
    open_id = documents["open"].public_id
    hidden = (documents["secret"].public_id, "Water statement", "水资源声明")
    for name, client in clients.items():
        for query in SECRET_WORDS:
            answer = client.get("/api/v1/search", {"q": query, "kind": "documents"})
            assert answer.status_code == 200
            assert _ids(answer) in ([], [open_id]), (name, query)
            assert not any(clue in answer.text for clue in hidden), (name, query)
        # One page of one: the open document, and no `next` that would count the secret.
        first = client.get("/api/v1/search", {"q": "river", "limit": 1}).json()
        assert [d["id"] for d in first["documents"]] == [open_id]
        assert first["next"]["documents"] is None
    observer = clients[region.observer.username]
    by_symbol = observer.get("/api/v1/search", {"q": SYMBOL})
    assert _ids(by_symbol) == [] and SYMBOL not in by_symbol.text
    assert _ids(observer.get("/api/v1/search", {"q": "glacier"})) == []
    assert LedgerEntry.objects.count() == before


def test_a_cursor_given_to_a_party_gives_a_third_state_only_its_own_rows(region, api, documents):
    uzb, tjk = api(region.head("UZB")), api(region.head("TJK"))
    after_secret = uzb.get("/api/v1/search", {"q": "river", "limit": 1}).json()["next"]
    replayed = tjk.get(after_secret["documents"]).json()
    assert [d["id"] for d in replayed["documents"]] == [documents["open"].public_id]
    assert replayed["next"]["documents"] is None


def _main(answer: Any) -> str:
    # The page's own part: the header around it carries per-request form tokens.
    html = answer.content.decode()
    return html[html.index('<main id="main">') : html.index("</main>")]


def test_the_search_page_shows_a_third_state_what_a_missing_document_would(region, documents):
    page = signed_in(region.head("TJK"))
    for query in SECRET_WORDS:
        html = page.get("/search/", {"q": query, "kind": "documents"}).content.decode()
        for clue in (documents["secret"].public_id, "Water statement", "水资源声明", "воде"):
            assert clue not in html, (query, clue)
    # The same page as for a word nothing holds, bar the query echoed in the search box.
    secret_only = _main(page.get("/search/", {"q": "水资源", "kind": "documents"}))
    nothing = _main(page.get("/search/", {"q": "冰川", "kind": "documents"}))
    assert "No document matches." in nothing
    assert secret_only.replace("水资源", "冰川") == nothing
    shown = page.get("/search/", {"q": SYMBOL}).content.decode()
    assert "Glacier protocol" in shown and SYMBOL in shown  # TJK is a member
    observer = signed_in(region.observer).get("/search/", {"q": SYMBOL}).content.decode()
    assert "Glacier protocol" not in observer and "No document matches." in observer


def test_the_public_finds_nothing_and_is_asked_to_sign_in(region, api, documents):
    assert api(None).get("/api/v1/search", {"q": "river"}).status_code == 401
    anonymous = signed_in(region.head("TJK"))
    anonymous.logout()
    answer = anonymous.get("/search/", {"q": "river"})
    assert answer.status_code == 302 and "river" not in answer.headers["Location"].split("?")[0]
    public = selectors.search(None, "river")
    assert [d.public_id for d in public.documents] == []  # the open text is for participants

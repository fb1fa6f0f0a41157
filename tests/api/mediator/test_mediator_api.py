"""The mediator through HTTP: the API and the pages, who may ask, rule 5, the chair's
amendment, and an LLM endpoint that misbehaves (a fake server on loopback)."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from accord.consultations import services as consultations
from accord.domain.mediation import PREDICTION_LABEL
from accord.ledger.models import LedgerEntry
from accord.mediator.models import Mediation

pytestmark = pytest.mark.django_db

OFFLINE = "Showing the offline drafter's wordings only."


def counts() -> tuple[int, int]:
    return Mediation.objects.count(), LedgerEntry.objects.count()


def post(client: Any, path: str, body: Any = None) -> Any:
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def consultation_path(pk: int) -> str:
    return f"/api/v1/mediator/consultations/{pk}/suggestions"


def paragraph_path(pk: int, paragraph: int = 2) -> str:
    return f"/api/v1/documents/{pk}/paragraphs/{paragraph}/suggestions"


# --- a misbehaving LLM endpoint ----------------------------------------------------------


class FakeLLM(BaseHTTPRequestHandler):
    """Answers by path: /malformed, /error, /hang (sleeps 3 s), /good."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        route = self.path.split("/")[1]
        if route == "hang":
            time.sleep(3)
        content = {
            "malformed": "Here are some ideas: oppose, or maybe not.",
            "good": json.dumps({"wordings": ["The participants call for restraint in space."]}),
            "hang": json.dumps({"wordings": ["late"]}),
        }.get(route, "")
        status = 500 if route == "error" else 200
        payload = json.dumps({"choices": [{"message": {"content": content}}]}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(payload)


@pytest.fixture(scope="module")
def llm_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeLLM)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def use_llm(settings: Any, url: str, timeout: str = "2") -> None:
    settings.ACCORD_LLM_URL = url
    settings.ACCORD_LLM_MODEL = "fake"
    settings.ACCORD_LLM_TIMEOUT = timeout


# --- consultations -----------------------------------------------------------------------


def test_the_secretariat_asks_and_then_reads_the_last_suggestions(region, api, consultation, seeds):
    client = api(region.secretariat)
    assert client.get(consultation_path(consultation.public_id)).json() == {"suggestions": None}
    ledger = LedgerEntry.objects.count()

    asked = post(client, consultation_path(consultation.public_id))

    assert asked.status_code == 200, asked.content
    body = asked.json()
    assert body["label"] == PREDICTION_LABEL
    assert body["notes"][0] == PREDICTION_LABEL
    assert body["subject"] == "consultation"
    top = body["wordings"][0]
    assert (top["rank"], top["text"], top["origin"], top["amendment"]) == (
        1, seeds[0], "extractive", None,
    )  # fmt: skip
    assert top["provenance"][0]["source_kind"] == "statement"
    assert top["provenance"][0]["source_id"] == "s1"
    assert {a["basis"] for a in top["acceptance"]} == {"votes"}
    assert LedgerEntry.objects.filter(seq__gt=ledger, action="mediator.suggested").count() == 1
    assert client.get(consultation_path(consultation.public_id)).json() == {"suggestions": body}


def test_a_delegate_is_refused_403_and_nothing_changes(region, api, consultation):
    client = api(region.delegate("KGZ"))
    before = counts()

    assert post(client, consultation_path(consultation.public_id)).status_code == 403
    assert client.get(consultation_path(consultation.public_id)).status_code == 403

    assert counts() == before


def test_a_third_state_gets_404_exactly_like_an_absent_consultation(
    region, api, restricted_consultation
):
    client, kaz = api(region.head("TJK")), api(region.head("KAZ"))
    before = counts()

    hidden = post(client, consultation_path(restricted_consultation.public_id))
    absent = post(client, consultation_path(987654))
    hidden_get = client.get(consultation_path(restricted_consultation.public_id))
    absent_get = client.get(consultation_path(987654))

    assert (hidden.status_code, hidden.json()) == (absent.status_code, absent.json())
    assert hidden.status_code == 404
    assert (hidden_get.status_code, hidden_get.json()) == (404, absent_get.json())
    assert counts() == before
    # The state that opened it asks; its own view shows only its two states.
    mine = post(kaz, consultation_path(restricted_consultation.public_id))
    assert mine.status_code == 200
    assert {a["state"] for a in mine.json()["wordings"][0]["acceptance"]} == {"KAZ", "KGZ"}


def test_no_positions_is_422_and_an_open_consultation_409_with_a_message(region, api, seeds):
    client = api(region.secretariat)
    unvoted = consultations.create_consultation(
        actor=region.secretariat, title="Fresh", kind="state", visibility="members",
        statements=seeds,
    )  # fmt: skip
    opened = consultations.create_consultation(
        actor=region.secretariat, title="Experts", kind="open", visibility="members",
        statements=seeds,
    )  # fmt: skip
    before = counts()

    empty = post(client, consultation_path(unvoted.public_id))
    experts = post(client, consultation_path(opened.public_id))

    assert empty.status_code == 422
    assert empty.json()["detail"].startswith("No member state has taken a position on this concern")
    assert experts.status_code == 409
    assert "state consultations only" in experts.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize(
    ("route", "note"),
    [
        ("malformed", "The LLM's answer is not valid JSON."),
        ("error", "The LLM endpoint answered HTTP 500."),
    ],
)
def test_a_misbehaving_llm_gives_the_offline_answer_and_a_note(
    region, api, consultation, settings, llm_server, route, note
):
    offline = post(api(region.secretariat), consultation_path(consultation.public_id)).json()
    use_llm(settings, f"{llm_server}/{route}/v1")

    answer = post(api(region.secretariat), consultation_path(consultation.public_id))

    assert answer.status_code == 200
    assert answer.json()["wordings"] == offline["wordings"]
    assert f"{note} {OFFLINE}" in answer.json()["notes"]
    assert answer.json()["drafters"] == "extractive"


def test_a_hanging_or_unreachable_llm_never_hangs_the_request(
    region, api, consultation, settings, llm_server
):
    use_llm(settings, f"{llm_server}/hang/v1", timeout="0.5")
    # The hanging server never answers: the request returning at all, with the timeout's note,
    # shows the drafter gave up after its 0.5 s (no wall-clock assertion, which load would break).
    hung = post(api(region.secretariat), consultation_path(consultation.public_id))
    assert hung.status_code == 200
    assert any("did not answer within 0.5 s" in n for n in hung.json()["notes"])

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    use_llm(settings, f"http://127.0.0.1:{port}/v1")
    unreachable = post(api(region.secretariat), consultation_path(consultation.public_id))
    assert unreachable.status_code == 200
    assert any("could not be reached" in n for n in unreachable.json()["notes"])
    assert {w["origin"] for w in unreachable.json()["wordings"]} == {"extractive"}


def test_a_misconfigured_llm_is_explained_and_the_offline_answer_stands(
    region, api, consultation, settings
):
    settings.ACCORD_LLM_URL = "http://127.0.0.1:9/v1"
    settings.ACCORD_LLM_MODEL = ""

    answer = post(api(region.secretariat), consultation_path(consultation.public_id))

    assert answer.status_code == 200
    assert (
        f"LLM drafter not used: ACCORD_LLM_URL is set but ACCORD_LLM_MODEL is not. {OFFLINE}"
        in answer.json()["notes"]
    )


def test_a_working_llm_adds_its_wordings_through_the_same_scorer(
    region, api, document, settings, llm_server
):
    use_llm(settings, f"{llm_server}/good/v1")

    answer = post(api(region.chair), paragraph_path(document.public_id))

    assert answer.status_code == 200
    llm = [w for w in answer.json()["wordings"] if w["origin"] == "llm"]
    assert [w["text"] for w in llm] == ["The participants call for restraint in space."]
    assert {a["basis"] for a in llm[0]["acceptance"]} == {"none"}
    assert answer.json()["drafters"] == "extractive+llm"


# --- documents ---------------------------------------------------------------------------


def test_the_chair_turns_a_suggestion_into_an_amendment(region, api, document):
    chair, uzb = api(region.chair), api(region.head("UZB"))
    asked = post(chair, paragraph_path(document.public_id))
    assert asked.status_code == 200, asked.content
    assert [w["text"] for w in asked.json()["wordings"]] == ["oppose", "express concern about"]
    before = LedgerEntry.objects.count()

    made = post(chair, f"{paragraph_path(document.public_id)}/2/amendment")

    assert made.status_code == 201, made.content
    assert made.json() == {
        "code": "A1", "document_id": document.public_id, "against": 1, "paragraph_id": 2,
        "text": "express concern about", "proposer_state": "KAZ", "rank": 2,
    }  # fmt: skip
    listed = uzb.get(f"/api/v1/documents/{document.public_id}/amendments").json()["items"]
    assert [(a["code"], a["text"]) for a in listed] == [("A1", "express concern about")]
    assert LedgerEntry.objects.count() == before + 2
    again = chair.get(paragraph_path(document.public_id)).json()["suggestions"]
    assert [w["amendment"] for w in again["wordings"]] == [None, "A1"]
    assert post(chair, f"{paragraph_path(document.public_id)}/2/amendment").status_code == 409
    assert post(chair, f"{paragraph_path(document.public_id)}/7/amendment").status_code == 404


def test_delegates_and_the_secretariat_may_not_make_the_chairs_amendment(region, api, document):
    chair = api(region.chair)
    clients = [api(u) for u in (region.delegate("KGZ"), region.head("UZB"), region.secretariat)]
    assert post(clients[2], paragraph_path(document.public_id)).status_code == 200
    before = counts()
    amendments = chair.get(f"/api/v1/documents/{document.public_id}/amendments").json()["items"]

    for client in clients:
        refused = post(client, f"{paragraph_path(document.public_id)}/1/amendment")
        assert refused.status_code == 403
    assert post(clients[0], paragraph_path(document.public_id)).status_code == 403
    assert clients[0].get(paragraph_path(document.public_id)).status_code == 403

    assert counts() == before
    assert (
        chair.get(f"/api/v1/documents/{document.public_id}/amendments").json()["items"]
        == amendments
    )


def test_a_third_state_gets_404_for_a_restricted_documents_suggestions(
    region, api, restricted_document
):
    client = api(region.head("TJK"))
    assert (
        post(api(region.chair), paragraph_path(restricted_document.public_id, 1)).status_code == 200
    )
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.visibility == "restricted"
    before = counts()

    for method in ("get", "post"):
        hidden = getattr(client, method)(paragraph_path(restricted_document.public_id, 1))
        absent = getattr(client, method)(paragraph_path(987654, 1))
        assert (hidden.status_code, hidden.json()) == (404, absent.json())
    amend = post(client, f"{paragraph_path(restricted_document.public_id, 1)}/1/amendment")
    assert (amend.status_code, amend.json()) == (
        404,
        post(client, f"{paragraph_path(987654, 1)}/1/amendment").json(),
    )
    assert counts() == before


def test_an_agreed_paragraph_is_409_and_an_absent_one_404(region, api, document):
    chair = api(region.chair)
    before = counts()

    agreed = post(chair, paragraph_path(document.public_id, 1))
    absent = post(chair, paragraph_path(document.public_id, 42))

    assert (agreed.status_code, agreed.json()["detail"]) == (
        409, "PP1 holds no bracket: there is no disputed wording to mediate.",
    )  # fmt: skip
    assert absent.status_code == 404
    assert counts() == before


# --- pages -------------------------------------------------------------------------------


def signed_in(client: Any, user: Any) -> Any:
    """A web session; heads and the chair as if they had passed their second factor."""
    from accord.members.sign_in import SESSION_VERIFIED_KEY

    client.force_login(user)
    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session.save()
    return client


def test_the_consultation_page_shows_the_last_suggestions_with_their_labels(
    region, client, consultation, seeds
):
    page = f"/mediator/consultations/{consultation.public_id}/"
    signed_in(client, region.secretariat)
    assert "No suggestions have been asked for yet." in client.get(page).content.decode()

    asked = client.post(page)

    assert asked.status_code == 302
    html = client.get(page).content.decode()
    assert "Prediction, not a vote." in html
    assert seeds[0] in html
    assert "statement s1" in html
    assert Mediation.objects.count() == 1


def test_pages_refuse_a_delegate_and_hide_from_a_third_state(
    region, client, consultation, restricted_consultation, restricted_document
):
    before = counts()
    signed_in(client, region.delegate("KGZ"))
    assert client.get(f"/mediator/consultations/{consultation.public_id}/").status_code == 403
    assert client.post(f"/mediator/consultations/{consultation.public_id}/").status_code == 403
    signed_in(client, region.head("TJK"))
    assert (
        client.get(f"/mediator/consultations/{restricted_consultation.public_id}/").status_code
        == 404
    )
    assert (
        client.post(f"/mediator/consultations/{restricted_consultation.public_id}/").status_code
        == 404
    )
    page = f"/mediator/documents/{restricted_document.public_id}/paragraphs/1/"
    assert client.get(page).status_code == 404
    assert client.post(f"{page}suggestions/1/amendment/").status_code == 404
    assert counts() == before


def test_the_paragraph_page_asks_and_the_chair_proposes_from_it(region, client, document):
    page = f"/mediator/documents/{document.public_id}/paragraphs/2/"
    signed_in(client, region.chair)

    assert client.post(page).status_code == 302
    html = client.get(page).content.decode()
    assert "Prediction, not a vote." in html
    assert "Propose as the chair's amendment" in html

    made = client.post(f"{page}suggestions/1/amendment/", follow=True)

    assert made.status_code == 200
    assert "Amendment A1 proposed from suggestion 1." in made.content.decode()
    assert "Proposed as amendment A1." in made.content.decode()


def test_bad_input_on_a_page_is_a_message_never_a_500(
    region, client, document, seeds, settings, llm_server
):
    unvoted = consultations.create_consultation(
        actor=region.secretariat, title="Fresh", kind="state", visibility="members",
        statements=seeds,
    )  # fmt: skip
    signed_in(client, region.secretariat)
    empty = client.post(f"/mediator/consultations/{unvoted.public_id}/", follow=True)
    assert empty.status_code == 200
    assert "No member state has taken a position" in empty.content.decode()

    signed_in(client, region.chair)
    agreed = client.post(f"/mediator/documents/{document.public_id}/paragraphs/1/", follow=True)
    assert agreed.status_code == 200
    assert "holds no bracket" in agreed.content.decode()

    use_llm(settings, f"{llm_server}/malformed/v1")
    noted = client.post(f"/mediator/documents/{document.public_id}/paragraphs/2/", follow=True)
    assert noted.status_code == 200
    assert "The LLM&#x27;s answer is not valid JSON." in noted.content.decode()

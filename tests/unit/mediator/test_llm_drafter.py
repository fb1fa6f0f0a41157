"""The optional LLM drafter against a fake OpenAI-compatible server on loopback."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from accord.domain.mediation import Alternative, Amendment, Positions, Subject
from accord.mediator.embedder import HashingEmbedder
from accord.mediator.llm import (
    ChatCompletionsDrafter,
    DrafterUnavailable,
    LLMConfig,
    parse_wordings,
)
from accord.mediator.suggestions import drafter_from_env, suggest_wordings

SUBJECT = Subject(
    "paragraph",
    "The participants [oppose][express concern about] an arms race in outer space.",
    (
        Alternative("oppose", frozenset({"RUS"})),
        Alternative("express concern about", frozenset({"IND"})),
    ),
)
POSITIONS = Positions(
    states=frozenset({"IND", "RUS", "KAZ"}),
    amendments=(Amendment("a1", "KAZ", "call for the prevention of an arms race in outer space"),),
)
GOOD = "The participants call for the prevention of an arms race in outer space."


def chat_answer(content: str) -> bytes:
    return json.dumps(
        {"choices": [{"message": {"role": "assistant", "content": content}}]}
    ).encode()


class FakeServer(BaseHTTPRequestHandler):
    """Answers by path: /good, /fenced, /malformed, /notjson, /empty, /hang, /error."""

    requests: list[dict[str, object]] = []

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeServer.requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        route = self.path.split("/")[1]
        if route == "hang":
            time.sleep(3)
        status, payload = {
            "good": (
                200,
                chat_answer(
                    json.dumps({"wordings": [GOOD, "", GOOD, "Dialogue should continue."]})
                ),
            ),
            "fenced": (200, chat_answer('```json\n["Dialogue should continue."]\n```')),
            "malformed": (200, chat_answer("Here are some ideas: oppose, or maybe not.")),
            "notjson": (200, b"<html>oops</html>"),
            "empty": (200, chat_answer('{"wordings": []}')),
            "hang": (200, chat_answer('{"wordings": ["late"]}')),
            "error": (500, b'{"error": "boom"}'),
        }[route]
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (the hang case)
            self.wfile.write(payload)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeServer)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def drafter(server: str, route: str, timeout: float = 2.0) -> ChatCompletionsDrafter:
    return ChatCompletionsDrafter(
        LLMConfig(url=f"{server}/{route}/v1", model="fake", api_key="k", timeout=timeout)
    )


def test_good_answer_gives_deduplicated_wordings(server: str) -> None:
    wordings = drafter(server, "good").draft(SUBJECT, POSITIONS, count=5)

    assert [w.text for w in wordings] == [GOOD, "Dialogue should continue."]
    assert {w.origin for w in wordings} == {"llm"}
    request = FakeServer.requests[-1]
    assert request["path"] == "/good/v1/chat/completions"
    assert request["auth"] == "Bearer k"
    assert request["body"]["model"] == "fake"  # type: ignore[index]
    prompt = json.dumps(request["body"])
    assert "RUS" not in prompt and "IND" not in prompt  # no state names reach the model


def test_good_answer_goes_through_the_same_scorer_with_llm_provenance(server: str) -> None:
    result = suggest_wordings(
        SUBJECT, POSITIONS, drafter=drafter(server, "good"), embedder=HashingEmbedder()
    )

    llm = {w.text: w for w in result.wordings if w.origin == "llm"}
    assert set(llm) == {GOOD, "Dialogue should continue."}
    assert {a.basis for a in llm[GOOD].acceptance} == {"none"}
    assert [(s.source_kind, s.source_id) for s in llm[GOOD].provenance] == [
        ("amendment", "a1"),
        ("llm", "llm"),
    ]
    assert not any("offline" in n for n in result.notes)


def test_fenced_json_list_is_accepted(server: str) -> None:
    assert [w.text for w in drafter(server, "fenced").draft(SUBJECT, POSITIONS, count=3)] == [
        "Dialogue should continue."
    ]


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("malformed", "The LLM's answer is not valid JSON."),
        ("notjson", "The LLM endpoint's answer is not a chat-completions response."),
        ("empty", "The LLM returned no wordings."),
        ("error", "The LLM endpoint answered HTTP 500."),
    ],
)
def test_misbehaving_endpoint_gives_a_message_and_the_offline_answer(
    server: str, route: str, message: str
) -> None:
    with pytest.raises(DrafterUnavailable, match=message.replace(".", r"\.")):
        drafter(server, route).draft(SUBJECT, POSITIONS, count=3)

    result = suggest_wordings(
        SUBJECT, POSITIONS, drafter=drafter(server, route), embedder=HashingEmbedder()
    )
    offline = suggest_wordings(SUBJECT, POSITIONS, drafter=None, embedder=HashingEmbedder())
    assert result.wordings == offline.wordings
    assert f"{message} Showing the offline drafter's wordings only." in result.notes


def test_hanging_endpoint_times_out_within_the_configured_time(server: str) -> None:
    started = time.monotonic()
    result = suggest_wordings(
        SUBJECT, POSITIONS, drafter=drafter(server, "hang", timeout=0.5), embedder=HashingEmbedder()
    )
    elapsed = time.monotonic() - started

    assert elapsed < 2.0
    assert any("did not answer within 0.5 s" in note for note in result.notes)
    assert all(w.origin == "extractive" for w in result.wordings)


def test_unreachable_endpoint_gives_a_message_and_the_offline_answer() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = LLMConfig(url=f"http://127.0.0.1:{port}/v1", model="fake", timeout=2.0)

    result = suggest_wordings(
        SUBJECT, POSITIONS, drafter=ChatCompletionsDrafter(config), embedder=HashingEmbedder()
    )

    assert any("could not be reached (ConnectError" in note for note in result.notes)
    assert (
        result.wordings
        == suggest_wordings(SUBJECT, POSITIONS, drafter=None, embedder=HashingEmbedder()).wordings
    )


def test_llm_drafter_is_off_by_default_and_misconfiguration_is_explained() -> None:
    assert drafter_from_env({}) == (None, None)
    assert drafter_from_env({"ACCORD_LLM_URL": "http://127.0.0.1:1/v1"}) == (
        None,
        "LLM drafter not used: ACCORD_LLM_URL is set but ACCORD_LLM_MODEL is not.",
    )
    _, note = drafter_from_env(
        {"ACCORD_LLM_URL": "http://x/v1", "ACCORD_LLM_MODEL": "m", "ACCORD_LLM_TIMEOUT": "soon"}
    )
    assert (
        note == "LLM drafter not used: ACCORD_LLM_TIMEOUT must be a number of seconds, not 'soon'."
    )
    found, note = drafter_from_env(
        {
            "ACCORD_LLM_URL": "http://x/v1/chat/completions",
            "ACCORD_LLM_MODEL": "m",
            "ACCORD_LLM_TIMEOUT": "5",
        }
    )
    assert note is None
    assert isinstance(found, ChatCompletionsDrafter)
    assert found.config.endpoint == "http://x/v1/chat/completions"
    assert found.config.timeout == 5.0


def test_parse_accepts_objects_with_text_and_caps_the_count() -> None:
    content = json.dumps({"candidates": [{"text": " a  b "}, {"text": "c"}, {"text": "d"}]})
    assert parse_wordings(content, 2) == ["a b", "c"]

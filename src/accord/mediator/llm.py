"""An optional LLM drafter speaking to any OpenAI-compatible chat-completions endpoint.

Off by default. Switched on by environment variables:

- ``ACCORD_LLM_URL``: the endpoint's base URL (``http://127.0.0.1:11434/v1`` for Ollama,
  or the full ``.../chat/completions`` address);
- ``ACCORD_LLM_MODEL``: the model name the server knows;
- ``ACCORD_LLM_API_KEY``: sent as a bearer token when set;
- ``ACCORD_LLM_TIMEOUT``: seconds for the whole call (default 20, at most 300).

The model only drafts. Its wordings go through the same scorer as the extractive
drafter's, carry provenance "llm" and inherit no agreement. Whatever goes wrong
(unreachable, slow, HTTP error, malformed or empty output) becomes a `DrafterUnavailable`
with a message for people; the caller then shows the offline drafter's answer.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from accord.domain.mediation import Positions, ProposedWording, Subject

__all__ = [
    "ChatCompletionsDrafter",
    "Drafter",
    "DrafterUnavailable",
    "LLMConfig",
    "build_messages",
    "parse_wordings",
]

DEFAULT_TIMEOUT = 20.0
MAX_TIMEOUT = 300.0
# Caps keep a misbehaving server from filling memory or the chair's screen.
MAX_RESPONSE_BYTES = 1_000_000
MAX_WORDING_CHARS = 2_000
# The prompt quotes at most this much of the states' texts.
MAX_PROMPT_CHARS = 12_000


class DrafterUnavailable(Exception):
    """The drafter gave no usable wordings. The message is for people."""


class Drafter(Protocol):
    """Anything that proposes wordings for a subject from the states' positions."""

    name: str

    def draft(self, subject: Subject, positions: Positions, *, count: int) -> list[ProposedWording]:
        """Return up to `count` wordings, or raise `DrafterUnavailable`."""
        ...


@dataclass(frozen=True)
class LLMConfig:
    """Where and how to reach the chat-completions endpoint."""

    url: str
    model: str
    api_key: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @property
    def endpoint(self) -> str:
        """The full chat-completions address."""
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else base + "/chat/completions"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LLMConfig | None:
        """The configuration in `env`, or None when the LLM drafter is not switched on.

        Raises `DrafterUnavailable` when it is switched on but misconfigured.
        """
        url = env.get("ACCORD_LLM_URL", "").strip()
        if not url:
            return None
        model = env.get("ACCORD_LLM_MODEL", "").strip()
        if not model:
            raise DrafterUnavailable("ACCORD_LLM_URL is set but ACCORD_LLM_MODEL is not.")
        if not url.startswith(("http://", "https://")):
            raise DrafterUnavailable(
                f"ACCORD_LLM_URL must start with http:// or https://: {url!r}."
            )
        raw_timeout = env.get("ACCORD_LLM_TIMEOUT", "").strip()
        try:
            timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT
        except ValueError:
            raise DrafterUnavailable(
                f"ACCORD_LLM_TIMEOUT must be a number of seconds, not {raw_timeout!r}."
            ) from None
        if not 0 < timeout <= MAX_TIMEOUT:
            raise DrafterUnavailable(f"ACCORD_LLM_TIMEOUT must lie in (0, {MAX_TIMEOUT:g}].")
        api_key = env.get("ACCORD_LLM_API_KEY", "").strip() or None
        return cls(url=url, model=model, api_key=api_key, timeout=timeout)


class ChatCompletionsDrafter:
    """Asks an OpenAI-compatible endpoint for candidate wordings in JSON."""

    name = "llm"

    def __init__(self, config: LLMConfig) -> None:
        self.config = config

    def draft(self, subject: Subject, positions: Positions, *, count: int) -> list[ProposedWording]:
        """Up to `count` wordings from the model; `DrafterUnavailable` on any failure.

        The call runs in a daemon thread joined with the configured timeout: httpx's
        timeouts bound each socket operation, not name resolution or a server that
        trickles bytes, and the chair must never wait longer than configured.
        """
        outcome: dict[str, Any] = {}

        def call() -> None:
            try:
                outcome["content"] = self._request(subject, positions, count)
            except DrafterUnavailable as error:
                outcome["error"] = error
            except Exception as error:  # nothing may escape the thread
                outcome["error"] = DrafterUnavailable(
                    f"The LLM drafter failed unexpectedly ({type(error).__name__}: {error})."
                )

        worker = threading.Thread(target=call, name="accord-llm-drafter", daemon=True)
        worker.start()
        worker.join(self.config.timeout + 0.5)
        if worker.is_alive():
            raise DrafterUnavailable(self._timeout_message())
        if "error" in outcome:
            raise outcome["error"]
        texts = parse_wordings(outcome["content"], count)
        return [ProposedWording(text=t, origin="llm") for t in texts]

    def _timeout_message(self) -> str:
        return (
            f"The LLM endpoint {self.config.endpoint} did not answer within "
            f"{self.config.timeout:g} s."
        )

    def _request(self, subject: Subject, positions: Positions, count: int) -> str:
        config = self.config
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        body = {
            "model": config.model,
            "messages": build_messages(subject, positions, count),
            "temperature": 0,
            "stream": False,
        }
        deadline = time.monotonic() + config.timeout
        try:
            with (
                httpx.Client(timeout=httpx.Timeout(config.timeout), trust_env=False) as client,
                client.stream("POST", config.endpoint, json=body, headers=headers) as response,
            ):
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_RESPONSE_BYTES:
                        raise DrafterUnavailable("The LLM endpoint's answer is too large.")
                    if time.monotonic() > deadline:
                        raise DrafterUnavailable(self._timeout_message())
                    chunks.append(chunk)
                status = response.status_code
        except httpx.TimeoutException:
            raise DrafterUnavailable(self._timeout_message()) from None
        except httpx.HTTPError as error:
            raise DrafterUnavailable(
                f"The LLM endpoint {config.endpoint} could not be reached "
                f"({type(error).__name__}: {error})."
            ) from None
        if status != 200:
            raise DrafterUnavailable(f"The LLM endpoint answered HTTP {status}.")
        try:
            payload = json.loads(b"".join(chunks).decode("utf-8"))
            content = payload["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise DrafterUnavailable(
                "The LLM endpoint's answer is not a chat-completions response."
            ) from None
        if not isinstance(content, str):
            raise DrafterUnavailable("The LLM endpoint's answer holds no text.")
        return content


_SYSTEM_PROMPT = (
    "You assist the chair of an intergovernmental negotiation. Propose neutral wordings that "
    "every state could accept, built as far as possible from the states' own words. Never name "
    "a state in a wording. Answer with JSON only, in the form "
    '{"wordings": ["first wording", "second wording"]}.'
)


def build_messages(subject: Subject, positions: Positions, count: int) -> list[dict[str, str]]:
    """The chat messages asking for `count` wordings.

    Sources are listed by their ids and texts in a fixed order; state names are left out so
    the model cannot favour a state by name.
    """
    lines = [f"Subject ({subject.kind}): {subject.text.strip()}"]
    if subject.alternatives:
        lines.append("Bracketed alternatives for the disputed segment:")
        lines += [
            f"- [{i}] {a.text.strip() or '(delete the segment)'}"
            for i, a in enumerate(subject.alternatives, start=1)
        ]
    sources = sorted(
        [("amendment", a.id, a.text) for a in positions.amendments]
        + [("intervention", i.id, i.text) for i in positions.interventions]
        + [("statement", s.id, s.text) for s in positions.statements]
    )
    if sources:
        lines.append("What delegations proposed or said:")
    budget = MAX_PROMPT_CHARS
    for kind, source_id, text in sources:
        quoted = " ".join(text.split())[:1_000]
        if budget - len(quoted) < 0:
            break
        budget -= len(quoted)
        lines.append(f"- {kind} {source_id}: {quoted}")
    lines.append(
        f"Propose up to {count} candidate wordings for the {subject.kind}, "
        'as JSON {"wordings": [...]}.'
    )
    return [
        {"role": "system", "content": _SYSTEM_PROMPT},
        {"role": "user", "content": "\n".join(lines)},
    ]


_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)


def parse_wordings(content: str, count: int) -> list[str]:
    """The wordings in a model's answer; `DrafterUnavailable` when there are none.

    Accepts ``{"wordings": [...]}`` (or ``"candidates"``), a bare list, items as strings or
    as ``{"text": ...}``, and a JSON block fenced with backticks.
    """
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except ValueError:
        raise DrafterUnavailable("The LLM's answer is not valid JSON.") from None
    items: Any = data
    if isinstance(data, dict):
        items = data.get("wordings", data.get("candidates"))
    if not isinstance(items, list):
        raise DrafterUnavailable('The LLM\'s answer has no list of "wordings".')
    wordings: list[str] = []
    for item in items:
        value = item.get("text") if isinstance(item, dict) else item
        if isinstance(value, str):
            cleaned = " ".join(value.split())[:MAX_WORDING_CHARS]
            if cleaned and cleaned not in wordings:
                wordings.append(cleaned)
        if len(wordings) >= count:
            break
    if not wordings:
        raise DrafterUnavailable("The LLM returned no wordings.")
    return wordings

"""`accord act --act sign-text|acknowledge|hotline-message` (issue 12): the other acts that
speak for a state, signed offline with a personal key on the roster.

As for the adoption acts: from a challenge file (fully offline: challenge in, signed act
out), or with `--url` and `ACCORD_TOKEN`, the challenge fetched from the platform and the
signed act submitted to it. The bytes are `signing.state_act_statement`'s, the same the
browser signs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from accord.domain import signing

STATE_ACTS = {
    "sign-text": signing.TEXT_SIGNATURE_FORMAT,
    "acknowledge": signing.ACKNOWLEDGEMENT_FORMAT,
    "hotline-message": signing.HOTLINE_FORMAT,
}
Http = Callable[..., Any]


def message_of(message: str | None, message_file: Path | None) -> str:
    """The hotline message as the platform keeps and hashes it (LF line ends, trimmed)."""
    if message_file is not None:
        message = Path(message_file).read_text(encoding="utf-8")
    text = (message or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValueError("give the message: --message TEXT or --message-file FILE")
    return text


def _paths(act: str, base: str, target: str | None) -> tuple[str, str, dict[str, Any]]:
    """(challenge URL, submission URL, challenge body) of `act` on the platform."""
    if not target:
        raise ValueError(f"--act {act} with --url needs --document, --notification or --to")
    if act == "sign-text":
        url = f"{base}/api/v1/documents/{target}/signatures"
        return f"{url}/challenge", url, {}
    if act == "acknowledge":
        url = f"{base}/api/v1/notifications/{target}/acknowledgements"
        return f"{url}/challenge", url, {}
    return f"{base}/api/v1/hotline/challenge", f"{base}/api/v1/hotline/messages", {"to": target}


def describe(statement: Mapping[str, Any]) -> str:
    """What is being signed, for the signer to read before it is sent."""
    subject = ", ".join(
        f"{k} {statement[k]}"
        for k in statement
        if k not in ("format", "state", "person", "at", "nonce")
    )
    return (
        f"signing for {statement['state']} as {statement['person']}: {statement['format']}, "
        f"{subject}, at {statement['at']} (the server's time)\n"
    )


def sign_state_act(
    act: str,
    private: Any,
    issued: Any,
    *,
    text: str | None,
) -> dict[str, Any]:
    """The signed act of kind `act` over the challenge `issued` (a file's or the server's)."""
    body = issued.get("challenge", issued) if isinstance(issued, Mapping) else {}
    if not isinstance(body, Mapping) or body.get("purpose") != STATE_ACTS[act]:
        raise ValueError(f"the challenge is not one for {STATE_ACTS[act]}")
    added = {} if text is None else {"message_sha256": signing.sha256_hex(text.encode())}
    statement = signing.state_act_statement(body, **added)
    return signing.sign_act(statement, private)


def run_state_act(
    act: str,
    private: Any,
    *,
    http: Http,
    write: Callable[[str], object],
    challenge: Any = None,
    url: str | None = None,
    target: str | None = None,
    token: str = "",
    text: str | None = None,
) -> dict[str, Any]:
    """Sign `act` from a challenge file, or fetch the challenge and submit the act (`url`)."""
    if challenge is None and not (url and token):
        raise ValueError("give --challenge FILE, or --url with ACCORD_TOKEN set")
    if act == "hotline-message" and text is None:
        raise ValueError("a hotline message needs --message or --message-file")
    submit_url, body = "", dict[str, Any]()
    if challenge is None:
        assert url is not None
        challenge_url, submit_url, body = _paths(act, url.rstrip("/"), target)
        challenge = http(challenge_url, token, body)
    signed = sign_state_act(act, private, challenge, text=text)
    write(describe(signed["act"]))
    if submit_url:
        payload: dict[str, Any] = {"signed": signed}
        if act == "sign-text":
            payload = signed
        elif act == "hotline-message":
            payload = {"to": body["to"], "body": text, "signed": signed}
        http(submit_url, token, payload)
        write("the platform accepted the act\n")
    return signed

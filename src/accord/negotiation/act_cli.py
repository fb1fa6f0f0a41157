"""`accord keygen --root`, `accord roster sign` and `accord act` (issue 12): offline signing.

A ministry keeps its root key and its heads' keys on its own machine. These commands make the
same bytes the platform and the browser make (`domain.signing`): a roster signed by the root,
and a signed act over the server's challenge, either from a challenge file (fully offline:
challenge in, signed act out) or fetched from and submitted to the platform (`--url`).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from accord.domain import signing
from accord.domain.errors import DomainError
from accord.negotiation.state_act_cli import STATE_ACTS, message_of, run_state_act

MAX_FILE = 1_000_000


def _read(path: Path) -> Any:
    data = Path(path).read_bytes()
    if len(data) > MAX_FILE:
        raise ValueError(f"{path} is larger than {MAX_FILE} bytes")
    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError("it is nested too deeply to be read") from None


def _emit(data: Mapping[str, Any], out: Path | None, stdout: TextIO) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")


def keygen_root_command(out: Path, stdout: TextIO, stderr: TextIO) -> int:
    """A state's root key: like `keygen`, with what to do with it."""
    from accord.negotiation.signing_cli import keygen_command

    code = keygen_command(out, stdout, stderr)
    if code == 0:
        stdout.write(
            "This is the state's ROOT key: keep it offline. Bring the fingerprint to the "
            "secretariat at accession and read it out to the other members; it signs the "
            "state's roster (accord roster sign) and every key rotation or revocation.\n"
        )
    return code


def roster_sign_command(
    key: Path, roster: Path, stdout: TextIO, stderr: TextIO, *, out: Path | None = None
) -> int:
    """Sign a roster document (or the secretariat's proposal) with the root key."""
    try:
        root = signing.read_private_key(key)
        data = _read(roster)
        document = data.get("roster", data) if isinstance(data, Mapping) else data
        value = signing.roster_from_dict(document)
        signed = signing.sign_roster(value, root)
    except (DomainError, OSError, ValueError) as exc:
        stderr.write(f"error: {getattr(exc, 'message', exc)}\n")
        return 1
    stderr.write(
        f"signing roster {value.sequence} of {value.state}, in force from "
        f"{document['effective_at']}:\n"
    )
    for person in value.persons:
        keys = ", ".join(
            signing.fingerprint(signing.decode_b64(k, 32, "key")) for k in person.public_keys
        )
        stderr.write(f"  {person.role:<9} {person.person}  {keys}\n")
    _emit(signed, out, stdout)
    return 0


def _http(url: str, token: str, body: Mapping[str, Any] | None = None) -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(body or {}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read(MAX_FILE))
    except urllib.error.HTTPError as exc:
        detail = exc.read(MAX_FILE).decode("utf-8", "replace")
        raise ValueError(f"the platform refused ({exc.code}): {detail}") from exc


def act_command(
    key: Path,
    act: str,
    stdout: TextIO,
    stderr: TextIO,
    *,
    challenge: Path | None = None,
    url: str | None = None,
    document: str | None = None,
    reason: str = "",
    paragraphs: Sequence[str] = (),
    confirm_by: str | None = None,
    out: Path | None = None,
    target: str | None = None,
    message: str | None = None,
    message_file: Path | None = None,
) -> int:
    """Make a signed act: from a challenge file (offline), or fetched and submitted (`url`).

    `sign-text`, `acknowledge` and `hotline-message` are the other acts that speak for a
    state (`state_act_cli`): `target` is the document, the notification or the receiving
    state; a hotline message is `message` or the text of `message_file`.
    """
    token = os.environ.get("ACCORD_TOKEN", "")
    try:
        private = signing.read_private_key(key)
        if act in STATE_ACTS:
            signed = run_state_act(
                act,
                private,
                http=_http,
                write=stderr.write,
                challenge=None if challenge is None else _read(challenge),
                url=url,
                target=target if target is not None else document,
                token=token,
                text=message_of(message, message_file) if act == "hotline-message" else None,
            )
        else:
            asked = {"act": act, "reason": reason, "paragraphs": list(paragraphs)}
            if confirm_by:
                asked["confirm_by"] = confirm_by
            signed = _adoption_act(private, asked, stderr, challenge, url, document, token)
    except (DomainError, OSError, ValueError) as exc:
        stderr.write(f"error: {getattr(exc, 'message', exc)}\n")
        return 1
    _emit(signed, out, stdout)
    return 0


def _adoption_act(
    private: Any,
    asked: dict[str, Any],
    stderr: TextIO,
    challenge: Path | None,
    url: str | None,
    document: str | None,
    token: str,
) -> dict[str, Any]:
    """The signed adoption act `asked` (act, reason, paragraphs, confirm_by), submitted with
    it to the platform when the challenge came from there."""
    if challenge is not None:
        issued = _read(challenge)
    elif url and document is not None and token:
        base = url.rstrip("/")
        issued = _http(f"{base}/api/v1/documents/{document}/adoption/challenge", token)
    else:
        raise ValueError("give --challenge FILE, or --url and --document with ACCORD_TOKEN set")
    body = issued.get("challenge", issued) if isinstance(issued, Mapping) else {}
    if not isinstance(body, Mapping) or body.get("format") != signing.CHALLENGE_FORMAT:
        raise ValueError(f"the challenge is not of format {signing.CHALLENGE_FORMAT}")
    act = asked["act"]
    statement = signing.act_statement(
        body,
        act="explain" if act == "dissociate" else act,
        reason=asked["reason"],
        dissociated_from=asked["paragraphs"],
        confirm_by=asked.get("confirm_by"),
    )
    stderr.write(
        f"signing for {statement['state']} as {statement['person']}: {act} on document "
        f"{statement['document_id']} Rev.{statement['revision']}, text SHA-256 "
        f"{statement['text_sha256']}, at {statement['at']} (the server's time)\n"
    )
    signed = signing.sign_act(statement, private)
    if challenge is None:
        assert url is not None
        payload = {**asked, "signed": signed}
        _http(f"{url.rstrip('/')}/api/v1/documents/{document}/adoption/acts", token, payload)
        stderr.write("the platform accepted the act\n")
    return signed


def add_commands(commands: Any) -> None:
    """`accord roster sign` and `accord act`, added to the CLI's subcommands."""
    roster = commands.add_parser("roster", help="a state's roster").add_subparsers(
        dest="sub", required=True
    )
    sign = roster.add_parser("sign", help="sign a roster with the state's root key (offline)")
    sign.add_argument("--key", required=True, help="the root key file")
    sign.add_argument("roster", help="the roster document, or the secretariat's proposal")
    sign.add_argument("--out", help="write the signed roster here (default: standard output)")
    sign.set_defaults(
        run=lambda a: roster_sign_command(
            Path(a.key), Path(a.roster), sys.stdout, sys.stderr, out=_opt(a.out)
        )
    )
    act = commands.add_parser("act", help="make a signed act (approve, object, …)")
    act.add_argument("--key", required=True, help="your personal key file, on the roster")
    act.add_argument(
        "--act", required=True, choices=[*signing.SIGNED_ACTS, "dissociate", *STATE_ACTS]
    )
    act.add_argument("--challenge", help="the server's challenge (offline: file in, act out)")
    act.add_argument("--url", help="the platform, to fetch the challenge and submit the act")
    act.add_argument("--document", help="the document's id (with --url)")
    act.add_argument("--notification", help="the notification's id (acknowledge, with --url)")
    act.add_argument("--to", help="the receiving state (hotline-message, with --url)")
    act.add_argument("--message", help="the hotline message's text")
    act.add_argument("--message-file", help="a file holding the hotline message's text")
    act.add_argument("--reason", default="", help="objection, broken silence or explanation")
    act.add_argument("--paragraphs", default="", help="paragraphs to dissociate from: OP1,OP3")
    act.add_argument("--confirm-by", help="ad referendum deadline, 2021-07-20T09:00:00.000000Z")
    act.add_argument("--out", help="write the signed act here (default: standard output)")
    act.set_defaults(
        run=lambda a: act_command(
            Path(a.key),
            a.act,
            sys.stdout,
            sys.stderr,
            challenge=_opt(a.challenge),
            url=a.url,
            document=a.document,
            reason=a.reason,
            paragraphs=[p for p in a.paragraphs.split(",") if p],
            confirm_by=a.confirm_by,
            out=_opt(a.out),
            target=a.notification or a.to,
            message=a.message,
            message_file=_opt(a.message_file),
        )
    )


def _opt(value: str | None) -> Path | None:
    return None if value is None else Path(value)

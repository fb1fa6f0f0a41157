"""`accord witness --key KEYFILE --state CODE --url URL [--state-file F] [--trust T]` and
`accord witness compare FILE… [--url URL]`, run on a state's own machine: no Django.

The witness fetches the latest checkpoint, checks it is signed by the pinned log key and
extends the checkpoint it cosigned last (a consistency proof from the log), cosigns it with
the state's key (C2SP `cosignature/v1`) and submits the cosignature. Its state file
(`accord.domain.tlog.witness`) is the history it cosigned, and the file states exchange.

Exit status: 0 when cosigned (or nothing new); 1 naming the failing check (`FAIL fork: …`)
when the log is not an extension of what it saw, or the platform refused the cosignature;
2 when an input is unusable (the key, the state file, the trust file, the platform not
reachable). `compare` exits 1 with the conflicting signed notes when two files prove a
fork, 2 when a pair of files can be decided only by a proof it could not fetch.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from accord.domain import tlog
from accord.domain.errors import InvalidInput
from accord.domain.signing import fingerprint, read_private_key, read_trust_file

# (method, path, JSON body or None) -> (status, body bytes): the platform's API.
Transport = Callable[[str, str, dict[str, Any] | None], tuple[int, bytes]]
_TIMEOUT = 30
_MAX_RESPONSE = 1_000_000


def http_transport(url: str, token: str | None) -> Transport:
    """The platform at `url` over HTTP(S), with the state's API token when given."""
    base = url.rstrip("/")

    def send(method: str, path: str, body: dict[str, Any] | None) -> tuple[int, bytes]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
                return response.status, response.read(_MAX_RESPONSE)
        except urllib.error.HTTPError as error:
            return error.code, error.read(_MAX_RESPONSE)

    return send


class _Unusable(Exception):
    pass


def _get(transport: Transport, path: str) -> bytes:
    try:
        status, body = transport("GET", path, None)
    except OSError as error:
        raise _Unusable(f"cannot reach the platform: {error}") from None
    if status != 200:
        raise _Unusable(f"GET {path} answered {status}: {body[:300].decode(errors='replace')}")
    return body


def _log_key(transport: Transport, trust: Path | None, stdout: TextIO) -> str:
    published = json.loads(_get(transport, "/api/v1/ledger/log-key"))
    key = str(published["public_key"])
    if trust is not None:
        if not read_trust_file(trust).pins_log_key(str(published["fingerprint"])):
            raise InvalidInput(f"the trust file {trust} does not pin the platform's log key")
    else:
        stdout.write(f"pinned the log key {fingerprint(base64.b64decode(key))} on first use\n")
    return key


def _consistency(transport: Transport, old: int, new: int) -> list[bytes]:
    if old == 0 or old >= new:
        return []
    body = json.loads(_get(transport, f"/api/v1/ledger/proof/consistency?from={old}&to={new}"))
    return tlog.decode_proof(body.get("proof"))


def witness_command(
    *,
    key_path: Path,
    state_code: str,
    state_file: Path,
    transport: Transport,
    stdout: TextIO,
    stderr: TextIO,
    trust: Path | None = None,
) -> int:
    try:
        key = read_private_key(key_path)
        state = (
            tlog.parse_state(state_file.read_text(encoding="utf-8"), str(state_file))
            if state_file.exists()
            else None
        )
        note = _get(transport, "/api/v1/ledger/checkpoint").decode()
        if state is None:
            origin = note.split("\n", 1)[0]
            state = tlog.WitnessState(origin, state_code, _log_key(transport, trust, stdout))
        if state.state != state_code:
            raise InvalidInput(f"{state_file} is the state file of {state.state}")
        previous = state.last()
        latest = tlog.verify_checkpoint(note, state.origin, state.public_key())
        proof = _consistency(transport, previous.size if previous else 0, latest.size)
        tlog.check_extension(previous, latest, proof)
    except tlog.Refusal as refusal:
        stderr.write(f"FAIL {refusal.check}: {refusal.message}\n")
        return 1
    except (InvalidInput, _Unusable, OSError, ValueError, KeyError) as error:
        stderr.write(f"accord: {getattr(error, 'message', error)}\n")
        return 2
    if previous is not None and previous.size == latest.size:
        stdout.write(f"nothing new: {state_code} cosigned the tree of {latest.size} already\n")
        return 0
    name = tlog.witness_name(state.origin, state_code)
    body = tlog.parse_note(note).body
    cosignature = tlog.cosign(body, name, key, int(time.time())).line().rstrip("\n")
    status, answer = transport(
        "POST", "/api/v1/ledger/cosignatures", {"checkpoint": note, "cosignature": cosignature}
    )
    if status != 201:
        stderr.write(f"FAIL cosignature: the platform refused it ({status}): {answer[:300]!r}\n")
        return 1
    seen = tlog.Seen(note, cosignature, previous.size if previous else 0, tuple(_b64(proof)))
    state.checkpoints.append(seen)
    _write(state_file, json.dumps(state.to_json(), indent=1) + "\n")
    stdout.write(
        f"{state_code} verified and cosigned the tree of {latest.size} entries "
        f"(root {base64.b64encode(latest.root).decode()})\n"
    )
    return 0


def _b64(values: Sequence[bytes]) -> list[str]:
    return [base64.b64encode(v).decode() for v in values]


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".partial")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def compare_command(
    files: Sequence[Path], *, transport: Transport | None, stdout: TextIO, stderr: TextIO
) -> int:
    """Compare state files exchanged between states (see the module docstring)."""
    try:
        views = [(str(p), tlog.parse_state(p.read_text(encoding="utf-8"), str(p))) for p in files]
        result = tlog.compare(views)
    except (InvalidInput, OSError, UnicodeDecodeError) as error:
        stderr.write(f"accord: {getattr(error, 'message', error)}\n")
        return 2
    conflicts = list(result.conflicts)
    undecided = 0
    for older, newer in result.undecided:
        if transport is None:
            undecided += 1
            continue
        old, new = older.checkpoint().size, newer.checkpoint().size
        try:
            proof = _consistency(transport, old, new)
        except (_Unusable, ValueError, InvalidInput) as error:
            stderr.write(f"the log gave no consistency proof from {old} to {new}: {error}\n")
            proof = []
        conflict = tlog.check_pair(older, newer, proof)
        if conflict is not None:
            conflicts.append(conflict)
    for conflict in conflicts:
        stderr.write(f"FAIL {conflict.check}: {conflict.message}\n")
        for note in conflict.notes:
            stdout.write(note + "\n")
    if conflicts:
        return 1
    if undecided:
        stderr.write(
            f"accord: {undecided} pair(s) of files share no tree size; give --url to fetch "
            "the consistency proof that decides them\n"
        )
        return 2
    stdout.write(f"OK: the {len(files)} files show one history\n")
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`accord witness …` and `accord witness compare …` on the console's command list."""
    witness = commands.add_parser(
        "witness", help="verify and cosign the ledger's checkpoint as a state (offline key)"
    )
    witness.add_argument("--key", help="the state's private key file (accord keygen)")
    witness.add_argument("--state", help="the state's code")
    witness.add_argument("--url", help="the platform, e.g. https://accord.example.org")
    witness.add_argument("--state-file", help="the witness's history (witness-CODE.json)")
    witness.add_argument("--trust", help="trust file pinning the log key, on the first run")
    witness.set_defaults(run=run_from_args, files=None)
    compare = witness.add_subparsers(dest="sub").add_parser(
        "compare", help="compare witness files exchanged between states"
    )
    compare.add_argument("files", nargs="+")
    compare.add_argument("--url", help="fetch consistency proofs the files lack")
    compare.set_defaults(run=run_from_args)


def run_from_args(args: argparse.Namespace) -> int:
    """The console's entry: the API token of one of the state's people in ACCORD_TOKEN."""
    token = os.environ.get("ACCORD_TOKEN")
    if args.files is not None:  # accord witness compare FILE…
        transport = None if args.url is None else http_transport(args.url, token)
        return compare_command(
            [Path(f) for f in args.files], transport=transport, stdout=sys.stdout, stderr=sys.stderr
        )
    missing = [f"--{name}" for name in ("key", "state", "url") if getattr(args, name) is None]
    if missing:
        sys.stderr.write(f"accord: witness needs {', '.join(missing)}\n")
        return 2
    code = args.state.upper()
    return witness_command(
        key_path=Path(args.key),
        state_code=code,
        state_file=Path(args.state_file or f"witness-{code}.json"),
        transport=http_transport(args.url, token),
        trust=None if args.trust is None else Path(args.trust),
        stdout=sys.stdout,
        stderr=sys.stderr,
    )

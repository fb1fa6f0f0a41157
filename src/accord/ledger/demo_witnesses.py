"""Demo witnesses (issue 13): in the demo only, `accord serve` witnesses the log as each
member state would, cosigning every new checkpoint with the state's key from the demo's
key folder (`<code>.pem`, the state's registered signing key).

Each runs the very checks of `accord witness` on a ministry's machine — `witness_command`,
with its state file `witness-<CODE>.json` in the key folder, so a demo witness refuses a log
that is not an extension of what it cosigned — but reaches the platform in-process
(`local_transport`) instead of over HTTP with an API token.

On only with `ACCORD_DEMO_WITNESSES` (which `accord demo` sets) and a demo key folder: a
production deployment holds no state's private key, and a state's witness runs on the
state's own machine. A cosignature writes no ledger entry, so witnessing never grows the
tree it witnesses.
"""

from __future__ import annotations

import base64
import io
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings

from accord.domain.errors import DomainError, InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.ledger import tree
from accord.ledger.checkpoints import add_cosignature, latest_checkpoint
from accord.ledger.log_key import log_public_key
from accord.ledger.models import LedgerCheckpoint
from accord.ledger.selectors import chain_head
from accord.ledger.witness_cli import Transport, witness_command
from accord.members.demo_rosters import keys_dir
from accord.members.models import State, User

_STATUS = {InvalidInput: 422, NotPermitted: 403, RuleViolation: 409, NotFound: 404}


def enabled() -> bool:
    """Whether this server runs the demo's witnesses: the setting is on and the demo's key
    folder exists."""
    return bool(getattr(settings, "ACCORD_DEMO_WITNESSES", False)) and keys_dir().is_dir()


def _answer(payload: Any, status: int = 200) -> tuple[int, bytes]:
    body = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
    return status, body


def _route(actor: User, method: str, path: str, body: dict[str, Any] | None) -> tuple[int, bytes]:
    route, query = urlsplit(path).path, parse_qs(urlsplit(path).query)
    if (method, route) == ("GET", "/api/v1/ledger/checkpoint"):
        return _answer(latest_checkpoint().note)
    if (method, route) == ("GET", "/api/v1/ledger/log-key"):
        return _answer(log_public_key())
    if (method, route) == ("GET", "/api/v1/ledger/proof/consistency"):
        old, new = int(query["from"][0]), int(query["to"][0])
        proof = tree.consistency_proof(old, new, chain_head()[0])
        return _answer({"from": old, "to": new, "proof": [_b64(p) for p in proof]})
    if (method, route) == ("POST", "/api/v1/ledger/cosignatures") and body is not None:
        kept = add_cosignature(
            actor=actor, checkpoint_text=str(body["checkpoint"]), line=str(body["cosignature"])
        )
        return _answer({"state": kept.state_id, "line": kept.line}, 201)
    return _answer({"detail": f"{method} {route} is not served to a demo witness"}, 404)


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def local_transport(actor: User) -> Transport:
    """The platform's ledger API, answered in this process for `actor`, one of the state's
    people (as the API answers the witness's token)."""

    def send(method: str, path: str, body: dict[str, Any] | None) -> tuple[int, bytes]:
        try:
            return _route(actor, method, path, body)
        except DomainError as error:
            return _answer({"detail": error.message}, _STATUS.get(type(error), 422))

    return send


def cosign_due() -> list[str]:
    """One round, when `enabled`: each member state with a key in the demo's folder checks
    the latest checkpoint and cosigns it when it is new. A line per cosignature or refusal."""
    if not enabled() or not LedgerCheckpoint.objects.exists():
        return []
    folder = keys_dir()
    done = []
    for state in State.objects.filter(status=State.Status.MEMBER).order_by("code"):
        key_file = folder / f"{state.code.lower()}.pem"
        actor = User.objects.filter(state=state, is_active=True).order_by("username").first()
        if not key_file.exists() or actor is None:
            continue
        out, err = io.StringIO(), io.StringIO()
        code = witness_command(
            key_path=key_file,
            state_code=state.code,
            state_file=folder / f"witness-{state.code}.json",
            transport=local_transport(actor),
            stdout=out,
            stderr=err,
        )
        said = out.getvalue().strip().splitlines()
        if code != 0:
            done.append(f"demo witness {state.code} refused: {err.getvalue().strip()}")
        elif said and not said[-1].startswith("nothing new"):
            done.append(f"demo witness {said[-1]}")
    return done

"""The trust file this platform publishes (`accord trust export FILE`, `GET /api/v1/trust`):
every state's signing keys with their validity, and the log key. A verifier pins it once,
from a platform it trusts, and checks bundles and ledger exports against it offline
(format: `accord.domain.signing.trust`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from accord.domain.signing import PublicKeyEntry, make_trust_file
from accord.ledger.log_key import log_public_key
from accord.members.models import RootKey, SigningKey, State


def trust_document() -> dict[str, Any]:
    """The trust file as of now (states without keys are listed with none)."""
    states: dict[str, list[dict[str, Any]]] = {
        code: [] for code in State.objects.values_list("code", flat=True)
    }
    for key in SigningKey.objects.order_by("state_id", "valid_from", "id"):
        entry = PublicKeyEntry(key.state_id, key.public_key, key.valid_from, key.valid_until)
        states.setdefault(key.state_id, []).append(entry.to_dict())
    return make_trust_file(
        origin=settings.ACCORD_ORIGIN,
        exported_at=timezone.now(),
        states=states,
        log_keys=[log_public_key()],
        roots=_roots(),
    )


def _roots() -> dict[str, list[dict[str, Any]]]:
    """Each state's root keys (issue 12): the verifier pins them and learns from the rosters."""
    roots: dict[str, list[dict[str, Any]]] = {}
    for key in RootKey.objects.order_by("state_id", "valid_from", "id"):
        roots.setdefault(key.state_id, []).append(
            {"fingerprint": key.fingerprint, "public_key": key.public_key}
        )
    return roots


def write_trust_file(path: Path) -> int:
    """Write `trust_document()` to `path` atomically; returns the number of signing keys."""
    document = trust_document()
    temporary = path.with_name(path.name + ".partial")
    temporary.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
    temporary.replace(path)
    return sum(len(state["signing_keys"]) for state in document["states"].values())

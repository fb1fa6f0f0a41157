"""Helpers for the transparency-log tests: a state's witness key, the platform reached
through Django's test client (the real API, no server), and the host's own tampering."""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from accord.domain import signing, tlog
from accord.ledger import witness_cli
from accord.ledger.models import (
    LedgerCheckpoint,
    LedgerCosignature,
    LedgerEntry,
    LedgerHead,
    LedgerTreeNode,
)
from accord.members import services


def client_transport(client: Any) -> witness_cli.Transport:
    def send(method: str, path: str, body: dict[str, Any] | None) -> tuple[int, bytes]:
        if path == "/api/v1/ledger/checkpoint":
            tick()  # as `accord serve`'s timer would have done by now
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data=json.dumps(body), content_type="application/json")
        return response.status_code, response.content

    return send


def tick() -> None:
    """What `accord tick` does for the log: publish a checkpoint of the tree as it stands."""
    from accord.ledger.checkpoints import publish_checkpoint

    publish_checkpoint()


@dataclass
class Witness:
    """One state's witness: its key (registered with the platform) and its state file."""

    state: str
    key: Ed25519PrivateKey
    key_file: Path
    state_file: Path
    client: Any

    def run(self, client: Any | None = None) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = witness_cli.witness_command(
            key_path=self.key_file,
            state_code=self.state,
            state_file=self.state_file,
            transport=client_transport(client or self.client),
            stdout=out,
            stderr=err,
        )
        return code, out.getvalue(), err.getvalue()

    def history(self) -> list[dict[str, Any]]:
        return json.loads(self.state_file.read_text())["checkpoints"]


def make_witness(region: Any, api: Any, tmp_path: Path, state: str) -> Witness:
    key = signing.generate_private_key()
    services.register_signing_key(
        actor=region.secretariat,
        state_code=state,
        public_key=signing.public_key_b64(key.public_key()),
    )
    key_file = tmp_path / f"{state}.key"
    signing.write_private_key(key_file, key)
    return Witness(
        state, key, key_file, tmp_path / f"witness-{state}.json", api(region.head(state))
    )


def compare(*files: Path, client: Any | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    transport = None if client is None else client_transport(client)
    code = witness_cli.compare_command(list(files), transport=transport, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


# --- the host's tampering: rewrite the entries, rebuild a tree that fits, sign anew ------------


def replant_tree() -> None:
    """What a host that rewrote history does next: the tree over the rewritten entries, and
    no checkpoint of the old history left to be served."""
    LedgerTreeNode.objects.all().delete()
    LedgerCosignature.objects.all().delete()
    LedgerCheckpoint.objects.all().delete()
    memory = tlog.MemoryTree()
    for entry_hash in LedgerEntry.objects.order_by("seq").values_list("entry_hash", flat=True):
        memory.append(bytes.fromhex(entry_hash))
    LedgerTreeNode.objects.bulk_create(
        LedgerTreeNode(position=(level << 56) + index, hash=value.hex())
        for (level, index), value in memory.nodes.items()
    )
    last = LedgerEntry.objects.order_by("-seq").first()
    LedgerHead.objects.filter(id=1).update(seq=last.seq, entry_hash=last.entry_hash)

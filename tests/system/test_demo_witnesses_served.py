"""`accord serve` in the demo (issue 13): a real server on a database `accord demo` loaded,
with ACCORD_DEMO_WITNESSES, cosigns each new checkpoint as every member state's witness, and
the adopted text's bundle then proves its adoption is in a checkpoint cosigned by a quorum."""

from __future__ import annotations

import json
import os
import time

import httpx
from system_servers import WAIT, Server, dedicated_database, run_accord

from accord.domain import signing

MEMBERS = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]


def demo_environment(tmp_path, database_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ACCORD_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="accord.site.settings",
        ACCORD_DATA_DIR=str(tmp_path / "data"),
        ACCORD_SECRET_KEY="system-test",
        ACCORD_FAST_PASSWORD_HASHER="1",
        ACCORD_TLS="0",
        ACCORD_LOG_LEVEL="warning",
        ACCORD_EMAIL_URL="console://",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def witnessed_bundle(server: Server, headers: dict[str, str], document: str) -> tuple:
    """Poll (bounded) until the latest checkpoint carries every member's cosignature and
    the bundle's ledger proof holds; the last answers either way."""
    trust = signing.parse_trust_file(httpx.get(f"{server.url}/api/v1/trust").content)
    deadline = time.monotonic() + WAIT * 3
    latest, report = None, None
    while time.monotonic() < deadline:
        listed = httpx.get(f"{server.url}/api/v1/ledger/checkpoints?limit=1", headers=headers)
        items = listed.json()["items"] if listed.status_code == 200 else []
        latest = items[0] if items else None
        bundle = httpx.get(f"{server.url}/api/v1/documents/{document}/bundle", headers=headers)
        report = signing.verify_bundle(bundle.content, trust=trust, require_ledger_proof=True)
        states = sorted(c["state"] for c in latest["cosignatures"]) if latest else []
        proved = [c for c in report.checks if c.name == "ledger-proof" and c.passed]
        if states == MEMBERS and proved:
            break
        time.sleep(0.5)
    return latest, report


def test_the_demo_server_cosigns_as_every_member_state(tmp_path):
    with dedicated_database(tmp_path) as database_url:
        env = demo_environment(tmp_path, database_url)
        loaded = run_accord(env, "demo", "--no-serve").stdout
        # The first checkpoint is published and cosigned before the demo serves anything.
        assert "ledger: checkpoint of" in loaded, loaded[-2000:]
        assert loaded.count("cosigned") >= len(MEMBERS), loaded[-2000:]
        token = run_accord(env, "token", "create", "kaz-delegate").stdout.strip()
        served = {**env, "ACCORD_DEMO_WITNESSES": "1", "ACCORD_TICK_SECONDS": "1"}
        server = Server(served, tmp_path / "serve.log")
        try:
            server.wait_until_healthy()
            headers = {"Authorization": f"Bearer {token}"}
            documents = httpx.get(f"{server.url}/api/v1/documents", headers=headers).json()["items"]
            adopted = next(d["id"] for d in documents if d["status"] == "adopted")
            latest, report = witnessed_bundle(server, headers, adopted)
        finally:
            server.stop()
        log = (tmp_path / "serve.log").read_text()
    assert latest is not None, log[-3000:]
    assert sorted(c["state"] for c in latest["cosignatures"]) == MEMBERS, log[-3000:]
    held = {c.name: c for c in report.checks}
    assert held["ledger-proof"].passed, held["ledger-proof"].detail
    assert held["ledger-proof"].detail.endswith(f"cosigned by {', '.join(MEMBERS)} (8 of 5 needed)")
    witness_file = tmp_path / "data" / "demo-keys" / "witness-KAZ.json"
    kept = json.loads(witness_file.read_text())
    assert kept["state"] == "KAZ" and kept["checkpoints"][-1]["note"] == latest["note"]

"""`accord serve --workers 2` logs one JSON object a line, gunicorn's own lines included:
a log shipper reading the server's output never meets a plain-text line."""

from __future__ import annotations

import json

import httpx
from system_servers import WAIT, Server, seeded_region


def test_every_line_the_arbiter_and_its_workers_print_is_json(tmp_path):
    with seeded_region(tmp_path, ACCORD_LOG_LEVEL="info") as (env, _):
        server = Server(env, tmp_path / "server.log", workers=2)
        try:
            server.wait_until_healthy()
            assert httpx.get(f"{server.url}/healthz", timeout=WAIT).status_code == 200
        finally:
            server.stop()
    lines = [line for line in server.log_path.read_text().splitlines() if line.strip()]
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            raise AssertionError(f"a line that is not JSON: {line!r}") from None
    gunicorn = [r["message"] for r in records if r["logger"] == "gunicorn.error"]
    assert any(m.startswith("Listening at: http://127.0.0.1:") for m in gunicorn), gunicorn
    assert sum(m.startswith("Booting worker with pid") for m in gunicorn) >= 2, gunicorn
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)

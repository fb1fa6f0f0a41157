"""An object's audience is written in one place (issue 16): `members.access.Audienced` (its
`audience_fields` for a new row, its `audience` setter for an existing one). No service
spells `audience_states=` when it creates a row or assigns `….audience_states` itself, so
none can write an audience the object's `audience` would not read back. Queries that look
rows up by their audience (`filter`, `exclude`, `get`) are reads and are not counted."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "accord"
READS = {"filter", "exclude", "get", "get_or_create"}
# Left standing, each with why: the alert outbox stores a cause's owner as "" (its rows
# predate `Audienced.audience_fields`, which writes None).
STANDING = {"alerts/outbox.py"}


def _hand_written() -> list[str]:
    found = []
    for path in SOURCE.rglob("*.py"):
        name = str(path.relative_to(SOURCE))
        if "migrations" in path.parts or name == "members/access.py" or name in STANDING:
            continue
        for node in ast.walk(ast.parse(path.read_text(), name)):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) not in READS
                and any(k.arg == "audience_states" for k in node.keywords)
            ):
                found.append(f"{name}:{node.lineno}")
            if isinstance(node, ast.Assign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(getattr(t, "attr", None) == "audience_states" for t in targets):
                    found.append(f"{name}:{node.lineno}")
    return found


def test_no_service_writes_an_audience_field_by_hand():
    assert _hand_written() == []

"""Every publisher names its event from the catalogue (issue 16): no `record(...)` call in
`src/accord` spells a kind as a string (mypy and `record` itself refuse a `str` too), and
every kind a page listens for exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from accord.domain import events

SOURCE = Path(__file__).resolve().parents[2] / "src" / "accord"


def _spelt(node: ast.expr) -> list[str]:
    """The kinds written as strings in an `action=` argument (either side of an `if`)."""
    if isinstance(node, ast.IfExp):
        return _spelt(node.body) + _spelt(node.orelse)
    if isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    ):
        return [ast.unparse(node)]
    return []


# The apps whose services publish typed events only (`accord.domain.published`): a
# `record(...)` there hands over `event=` and never builds a payload by hand.
TYPED = ("consultations", "dialogue", "notifications")


def _record_calls():
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "record":
                yield path.relative_to(SOURCE), {k.arg: k.value for k in node.keywords}


def test_no_record_call_spells_its_kind_as_a_string():
    calls, spelt = 0, []
    for path, keywords in _record_calls():
        calls += 1
        if "action" in keywords:
            spelt += [f"{path}: {s}" for s in _spelt(keywords["action"])]
        else:
            assert "event" in keywords, path
    assert calls >= 90  # the walk found the publishers
    assert spelt == []


def test_the_typed_apps_publish_typed_events_only():
    typed, untyped = 0, []
    for path, keywords in _record_calls():
        if path.parts[0] not in TYPED:
            continue
        event = keywords.get("event")
        # `published.X(...)`, or a class of `published` the service chose just above.
        if (
            isinstance(event, ast.Call)
            and (
                getattr(getattr(event.func, "value", None), "id", None) == "published"
                or isinstance(event.func, ast.Name)
            )
            and {"action", "audience", "payload"}.isdisjoint(keywords)
        ):
            typed += 1
        else:
            untyped.append(str(path))
    assert typed >= 29
    assert untyped == []


def test_every_kind_a_page_listens_for_is_in_the_catalogue():
    listened: set[str] = set()
    for path in [*SOURCE.rglob("*.html"), *SOURCE.rglob("*.js")]:
        listened |= set(re.findall(r"accord:([a-z_-]+\.[a-z_-]+)", path.read_text()))
    assert "intervention.delivered" in listened
    assert sorted(listened - set(events.KINDS)) == []

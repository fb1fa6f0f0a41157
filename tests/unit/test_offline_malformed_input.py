"""The offline commands (`accord verify`, `accord sign`, `accord ledger verify FILE`) on
hostile files: deep nesting, wrong types, huge numbers, in every field. Each answers with a
clear message and exit 1 or 2, never a traceback (issue 11)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from accord.domain import consensus as c
from accord.domain import ledger as chain
from accord.domain import ledger_export
from accord.domain import signing as s
from accord.domain.negotiation import ParagraphKind, adopted_text, new_draft
from accord.site.cli import main

T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
KEY = s.generate_private_key()
DEEP = "[" * 50_000 + "]" * 50_000
HUGE = "9" * 5_000  # more digits than Python's JSON reader converts
# Raw JSON texts spliced in place of a value.
EVIL = ["null", "true", "-1", "1e999", "Infinity", HUGE, '"x"', "[]", "{}", "[" * 3000 + "]" * 3000]


def signed_bundle() -> dict[str, Any]:
    revision = new_draft(
        document_id="guilin-2021",
        title="Joint press release",
        chair="CHN",
        paragraphs=[(ParagraphKind.OPERATIVE, "The parties held talks in Guilin.")],
    )
    p = c.open_procedure(
        revision, kind=c.ProcedureKind.CONSENSUS, members=["CHN"], chair="CHN", now=T0
    )
    p = c.approve(p, "CHN", T0 + timedelta(minutes=1))
    key = s.PublicKeyEntry("CHN", s.public_key_b64(KEY.public_key()), T0 - timedelta(days=1))
    bundle = s.make_bundle(
        adopted_text(revision), c.adoption_record(p, T0 + timedelta(hours=1)), [key]
    )
    return s.sign_bundle(bundle, KEY, "CHN", T0 + timedelta(hours=2))


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, (*prefix, i))


MARK = "\u0000splice\u0000"


def with_value_at(document: Any, path: tuple[Any, ...], raw: str) -> str:
    """The document as JSON text with the raw JSON `raw` in place of the value at `path`."""
    if not path:
        return raw
    changed = copy.deepcopy(document)
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = MARK
    return json.dumps(changed).replace(json.dumps(MARK), raw)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    key = s.PublicKeyEntry("CHN", s.public_key_b64(KEY.public_key()), T0 - timedelta(days=1))
    log = {
        "fingerprint": s.fingerprint(KEY.public_key()),
        "public_key": s.public_key_b64(KEY.public_key()),
    }
    path = tmp_path / "trust.json"
    path.write_text(
        json.dumps(
            s.make_trust_file(
                origin="accord.test",
                exported_at=T0,
                states={"CHN": [key.to_dict()]},
                log_keys=[log],
            )
            # No transparency log behind these offline bundles (issue 13), as the file says.
            | {"transparency_log": False}
        )
    )
    return path


def test_every_field_of_a_bundle_made_hostile_fails_cleanly(tmp_path, trust, capsys):
    bundle = signed_bundle()
    target = tmp_path / "bundle.json"
    target.write_text(json.dumps(bundle))
    assert run(capsys, "verify", str(target), "--trust", str(trust))[0] == 0
    tried = 0
    for path in paths(bundle):
        for raw in EVIL:
            target.write_text(with_value_at(bundle, path, raw))
            code, err = run(capsys, "verify", str(target), "--trust", str(trust))
            assert code in (0, 1), (path, raw, err)
            if code == 1:
                assert err.startswith("FAIL "), (path, raw, err)
            tried += 1
    assert tried > 300


@pytest.mark.parametrize("text", [DEEP, "{" + '"a":{' * 50_000, HUGE, "[1e999]", '"just a string"'])
def test_a_hostile_file_given_to_each_offline_command_gives_a_clear_error(
    tmp_path, trust, capsys, text
):
    key = tmp_path / "chn.key"
    s.write_private_key(key, KEY)
    target = tmp_path / "hostile.json"
    target.write_text(text)
    code, err = run(capsys, "verify", str(target), "--trust", str(trust))
    assert code == 1 and err.startswith("FAIL bundle-format: ")
    code, err = run(capsys, "sign", "--key", str(key), str(target))
    assert code == 1 and err.startswith("error: ")
    code, err = run(capsys, "ledger", "verify", str(target), "--trust", str(trust))
    assert (code == 1 and err.startswith("accord: ")) or err.startswith("FAIL ")
    code, err = run(capsys, "verify", str(tmp_path / "bundle.json"), "--trust", str(target))
    assert code == 2 and err.startswith(f"error: {target}: ")


def test_signing_a_bundle_made_hostile_in_any_field_fails_cleanly(tmp_path, capsys):
    bundle = signed_bundle()
    bundle["signatures"] = []
    key = tmp_path / "chn.key"
    s.write_private_key(key, KEY)
    target = tmp_path / "bundle.json"
    for path in paths(bundle):
        for raw in EVIL[::3]:
            target.write_text(with_value_at(bundle, path, raw))
            code, err = run(capsys, "sign", "--key", str(key), str(target))
            assert code in (0, 1), (path, raw, err)


def exported_lines() -> list[str]:
    entries, previous = [], None
    for n in range(3):
        body = chain.EntryBody(
            "chn-head", "CHN", "concern.raised", "dialogue.concern", str(n), "0" * 64
        )
        previous = chain.next_entry(previous, body, T0 + timedelta(minutes=n))
        entries.append(previous)
    return list(
        ledger_export.export_lines(
            entries,
            head=(3, entries[-1].entry_hash),
            trailer={"origin": "accord.test", "exported_for": {"user": None, "state": None}},
            log_key=KEY,
            exported_at=T0,
        )
    )


def test_every_field_of_a_ledger_export_made_hostile_fails_cleanly(tmp_path, trust, capsys):
    lines = exported_lines()
    target = tmp_path / "ledger.jsonl"
    target.write_text("".join(lines))
    assert run(capsys, "ledger", "verify", str(target), "--trust", str(trust))[0] == 0
    for index in (1, len(lines) - 1):  # an entry, and the trailer
        document = json.loads(lines[index])
        for path in paths(document):
            for raw in EVIL:
                if path and json.dumps(_get(document, path)) == raw:
                    continue  # the same value: nothing was changed
                changed = [*lines]
                changed[index] = with_value_at(document, path, raw) + "\n"
                target.write_text("".join(changed))
                code, err = run(capsys, "ledger", "verify", str(target), "--trust", str(trust))
                assert code == 1, (index, path, raw)
                assert err.startswith(("accord: ", "FAIL ", "ledger broken")), (path, raw, err)


def _get(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document

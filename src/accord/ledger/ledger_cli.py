"""`accord ledger verify [FILE] [--head SEQ:HASH] [--trust FILE] [--checkpoint F [--quorum K]]` and
`accord ledger export FILE`.

Verifying a file needs no Django (it is what a state runs on its own machine); the live
chain and the export read the database and start Django through the console script.

Exit status: 0 when every check holds; 1 naming each failing check (`FAIL trailer-head: …`),
or the line that is not an entry; 2 when the trust file or `--head` is unusable. As with
`accord verify`, an export whose log key no trust file pins fails `log-key-not-trusted`
(UNPINNED) after every other check has run: anyone can sign a trailer with a key of their
own, so only a pinned key says the platform vouched for this export.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accord.domain import ledger as chain
from accord.domain import ledger_export, tlog
from accord.domain.errors import InvalidInput
from accord.domain.signing import CheckResult, Trust, read_trust_file

UNPINNED = (
    "no trust file was given (--trust FILE): the trailer's log key is UNPINNED, and a "
    "forger can sign a trailer with a key of their own"
)


def print_chain_report(report: chain.ChainReport, stdout: TextIO, stderr: TextIO) -> int:
    if report.ok:
        stdout.write(f"ledger ok: {report.entries_checked} entries, head {report.head_hash}\n")
        return 0
    failure = report.failure
    assert failure is not None
    stderr.write(
        f"ledger broken at entry {failure.seq}: check '{failure.check}' failed — "
        f"{failure.message} ({report.entries_checked} entries before it hold)\n"
    )
    return 1


def verify_file_command(
    path: Path,
    stdout: TextIO,
    stderr: TextIO,
    *,
    head: str | None = None,
    trust: Path | None = None,
    checkpoint: Path | None = None,
    quorum: int = 1,
) -> int:
    """Check an exported file: its chain, its signed trailer, `head` when given, and the
    checkpoint (a signed note or a witness file) when given, cosigned by at least `quorum`
    states with keys the trust file pins."""
    try:
        expected = None if head is None else ledger_export.parse_head(head)
        pinned = None if trust is None else read_trust_file(trust)
        note = None if checkpoint is None else _checkpoint_note(checkpoint)
    except InvalidInput as exc:
        stderr.write(f"accord: {exc.message}\n")
        return 2
    try:
        with Path(path).open(encoding="utf-8") as handle:
            report = ledger_export.verify_export(
                handle, trust=pinned, head=expected, source=str(path)
            )
    except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
        stderr.write(f"accord: {_reason(error)}\n")
        return 1
    if print_chain_report(report.chain, stdout, stderr) != 0:
        return 1
    checks = list(report.checks)
    if note is not None and report.trailer is not None and report.ok:
        checks += _checkpoint_checks(path, note, report.trailer, pinned, quorum)
    for check in checks:
        if check.passed:
            stdout.write(f"ok   {check.name}: {check.detail}\n")
    failures = [check for check in checks if not check.passed]
    for check in failures:
        stderr.write(f"FAIL {check.name}: {check.detail}\n")
    if failures:
        return 1
    if pinned is None:
        # Every other check holds, and still nothing says the platform signed the trailer.
        stderr.write(f"FAIL log-key-not-trusted: {UNPINNED}\n")
        return 1
    stdout.write(
        f"OK: the export is whole and signed by the log key the trust file pins "
        f"(origin {pinned.origin})\n"
    )
    return 0


def _checkpoint_note(path: Path) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read the checkpoint {path}: {error}") from None
    return tlog.checkpoint_note(text, str(path))


def _checkpoint_checks(
    path: Path, note: str, trailer: Mapping[str, Any], pinned: Trust | None, quorum: int
) -> list[CheckResult]:
    """The export against the checkpoint, under the log key that signed its trailer (which
    `log-key-not-trusted` has held against the trust file), cosigned by states whose keys
    the trust file pins (none without one)."""
    log_key = base64.b64decode(trailer["log_key"]["public_key"])
    witness_keys = {
        state: [Ed25519PublicKey.from_public_bytes(k.public_key) for k in keys if k.public_key]
        for state, keys in (pinned.states if pinned is not None else {}).items()
    }
    with Path(path).open(encoding="utf-8") as handle:
        return [
            CheckResult(name, passed, detail)
            for name, passed, detail in tlog.check_against_checkpoint(
                note,
                origin=str(trailer["origin"]),
                log_key=log_key,
                entry_hashes=tlog.export_entry_hashes(handle),
                witness_keys=witness_keys,
                quorum=quorum,
            )
        ]


def _reason(error: OSError | ValueError) -> str:
    if isinstance(error, OSError):
        return f"cannot read {error.filename}: {error.strerror}"
    return str(error)


def verify_live_command(stdout: TextIO, stderr: TextIO) -> int:
    """Check the live chain and its head. Precondition: Django is set up."""
    from accord.ledger.selectors import verify_live_chain

    return print_chain_report(verify_live_chain(viewer=None), stdout, stderr)


def export_command(path: Path, stdout: TextIO) -> int:
    """Write the operator's export (every body) to `path`, mode 0600, atomically.

    Precondition: Django is set up.
    """
    from accord.ledger.export import export_lines

    target = Path(path)
    temporary = target.with_name(target.name + ".partial")
    count, last = 0, ""
    # Every body of every entry: private to the operator from the instant the file exists.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        for line in export_lines(user=None):
            handle.write(line)
            count, last = count + 1, line
    temporary.replace(target)
    head = json.loads(last)["head"]
    stdout.write(
        f"exported {count - 1} entries and a signed trailer to {target} "
        f"(head {head['seq']}:{head['entry_hash']})\n"
    )
    return 0

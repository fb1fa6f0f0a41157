"""`accord keygen`, `accord sign` and `accord verify`: what a state runs on its own machine.

No Django here: these commands work offline, without settings or a database, so a foreign
ministry can verify a published bundle with nothing but the `accord` package. The console
script (`accord.site.cli`) parses arguments and calls these functions; each returns the exit
status and writes only to the streams it is given.

Exit status: 0 when the command did what it says; 1 otherwise, with the reason on stderr
(for `verify`, one line per failing check: `FAIL signature: …`); 2 when an input other than
the bundle (the key, the trust file) is unusable.

`verify` trusts no key the bundle brings: the states' keys are pinned by the verifier's
trust file (`--trust FILE`). Without one it still runs every check, then fails
`key-not-trusted` saying the keys are UNPINNED: a bare OK would vouch for whatever keys a
forger put in the bundle. Every state the adoption record names as adopting must have
signed (`signature-missing`), unless `allow_unsigned`, and then the output says UNSIGNED.
The bundle must carry its ledger section (`inclusion-proof`: missing), unless
`--predates-log` or the trust file (`"transparency_log": false`) says the deployment
predates the transparency log, and then the output says NO LEDGER PROOF.

`sign` writes the signed bundle back to the same file, atomically (a temporary file in the
same directory, then `os.replace`), so a crash never leaves a half-written bundle; it prints
the new signature line. The signing state is the one the bundle's public keys list for this
key's fingerprint: a key registered for no state in the bundle cannot sign it.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from accord.domain.errors import DomainError, InvalidInput
from accord.domain.signing import (
    VerificationReport,
    fingerprint,
    generate_private_key,
    public_key_b64,
    read_private_key,
    read_trust_file,
    sign_bundle,
    verify_bundle,
    write_private_key,
)


def keygen_command(out: Path, stdout: TextIO, stderr: TextIO | None = None) -> int:
    """Make a key pair: private key to `out` (mode 0600, never overwritten), public key printed."""
    errors = stderr or stdout
    key = generate_private_key()
    try:
        write_private_key(out, key)
    except DomainError as exc:
        errors.write(f"error: {exc.message}\n")
        return 1
    except OSError as exc:
        errors.write(f"error: cannot write {out}: {exc.strerror}\n")
        return 1
    public = key.public_key()
    stdout.write(f"private key: {out} (keep it secret; mode 0600)\n")
    stdout.write(f"public key:  {public_key_b64(public)}\n")
    stdout.write(f"fingerprint: {fingerprint(public)}\n")
    return 0


def _read_json(path: Path) -> Any:
    # Raises OSError or ValueError (nesting too deep for the parser included); callers turn
    # both into a clear message.
    try:
        return json.loads(Path(path).read_bytes())
    except RecursionError:
        raise ValueError("it is nested too deeply to be read") from None


def _write_atomically(path: Path, data: dict[str, Any]) -> None:
    path = Path(path)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file 0600; a bundle is public, so keep the mode it had.
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sign_command(
    key: Path,
    bundle: Path,
    stdout: TextIO,
    stderr: TextIO,
    now: datetime | None = None,
) -> int:
    """Sign `bundle` in place with the key in `key`; print the signature line.

    `now` is for tests; by default the current time (UTC) is the signing time.
    """
    moment = now or datetime.now(UTC)
    try:
        private_key = read_private_key(key)
        data = _read_json(bundle)
    except DomainError as exc:
        stderr.write(f"error: {exc.message}\n")
        return 1
    except OSError as exc:
        stderr.write(f"error: cannot read {bundle}: {exc.strerror}\n")
        return 1
    except ValueError as exc:
        stderr.write(f"error: {bundle} is not JSON (bundle-format): {exc}\n")
        return 1
    key_fingerprint = fingerprint(private_key.public_key())
    keys = data.get("public_keys") if isinstance(data, dict) else None
    states = sorted(
        {
            k["state"]
            for k in (keys if isinstance(keys, list) else [])
            if isinstance(k, dict)
            and isinstance(k.get("state"), str)
            and k.get("fingerprint") == key_fingerprint
        }
    )
    if len(states) != 1:
        stderr.write(
            f"error: the bundle lists this key ({key_fingerprint}) for "
            f"{'no state' if not states else 'several states'}; register it first\n"
        )
        return 1
    state = states[0]
    try:
        signed = sign_bundle(data, private_key, state, moment)
        _write_atomically(bundle, signed)
    except DomainError as exc:
        stderr.write(f"error: {exc.message}\n")
        return 1
    except OSError as exc:
        stderr.write(f"error: cannot write {bundle}: {exc.strerror}\n")
        return 1
    entry = next(s for s in signed["signatures"] if s["state"] == state)
    stdout.write(
        f"signed {state} {entry['key_fingerprint']} {entry['signed_at']} {entry['signature']}\n"
    )
    return 0


def _print_checks(report: VerificationReport, stdout: TextIO, stderr: TextIO) -> None:
    """Every check that held, every one that failed, and what the bundle is."""
    for check in report.checks:
        if check.passed:
            stdout.write(f"ok   {check.name}: {check.detail}\n")
    for check in report.failures:
        stderr.write(f"FAIL {check.name}: {check.detail}\n")
    if report.document_id is not None and report.revision is not None:
        stdout.write(f"document {report.document_id} Rev.{report.revision}\n")
    for state, key_fingerprint in report.signed_by:
        stdout.write(f"signed by {state} with key {key_fingerprint}\n")


UNPINNED = (
    "no trust file was given (--trust FILE): the keys are the bundle's own, UNPINNED, and "
    "prove nothing about who signed"
)


def verify_command(
    bundle: Path,
    stdout: TextIO,
    stderr: TextIO,
    *,
    trust: Path | None = None,
    allow_unsigned: bool = False,
    predates_log: bool = False,
) -> int:
    """Verify `bundle` offline: exit 0 when every check holds, 1 naming each failing check.
    The bundle must carry its ledger section (`inclusion-proof`) unless `predates_log` or
    the trust file says the deployment predates the transparency log."""
    try:
        pinned = None if trust is None else read_trust_file(trust)
    except InvalidInput as exc:
        stderr.write(f"error: {exc.message}\n")
        return 2
    try:
        raw = Path(bundle).read_bytes()
    except OSError as exc:
        stderr.write(f"FAIL bundle-format: cannot read {bundle}: {exc.strerror}\n")
        return 1
    report = verify_bundle(
        raw,
        trust=pinned,
        require_signatures=not allow_unsigned,
        require_ledger_proof=not predates_log,
    )
    _print_checks(report, stdout, stderr)
    if allow_unsigned and report.unsigned:
        stdout.write(
            f"UNSIGNED: the text carries no signature from {', '.join(report.unsigned)}; "
            "it was checked as an UNSIGNED text\n"
        )
    if report.no_ledger_proof:
        stdout.write(
            "NO LEDGER PROOF: the bundle carries no ledger section; it was checked as a bundle "
            "of a deployment that predates the transparency log, and nothing shows the "
            "adoption is in the log the states witness\n"
        )
    if not report.ok:
        return 1
    if pinned is None:
        # Every other check holds, and still nothing says these keys are the states'.
        stderr.write(f"FAIL key-not-trusted: {UNPINNED}\n")
        return 1
    caveats = [
        *(["UNSIGNED"] if allow_unsigned and report.unsigned else []),
        *(["NO LEDGER PROOF"] if report.no_ledger_proof else []),
    ]
    if caveats:
        stdout.write(f"OK ({', '.join(caveats)}): every other check holds\n")
    else:
        stdout.write(f"OK: every check holds against the trust file (origin {pinned.origin})\n")
    return 0

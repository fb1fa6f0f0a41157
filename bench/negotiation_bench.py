"""Negotiation benchmark (issue 4): revisions, redline and bundle verification.

Run it with one command from the repository root::

    .venv/bin/python bench/negotiation_bench.py

It takes about two minutes, most of it in the slow references; `--quick` skips those and
repeats less (a smoke run of a few seconds). The scenario is seeded and the same on
every run: a 300-paragraph draft (30 preambular, 270 operative), 2,000 amendments proposed
over 19 rounds that the chair turns into Rev.2 … Rev.20 (agreed text, bracketed alternatives,
left out, brackets resolved), then a bracket-free revision adopted by 50 member states and a
verification bundle signed by all 50.

It reports median and p95 wall time for:

* building a revision (`issue_revision`, ~105 amendments each), per revision;
* the redline between Rev.1 and Rev.20 (`redline`), target < 100 ms, next to naive
  references over the full rendered texts: one word-level `SequenceMatcher`, `difflib.ndiff`
  over paragraph lines (character-level intraline marks; about a minute, one run), and
  `difflib.ndiff` over characters (stopped after 30 s: it does not finish in minutes);
* verifying the 50-signature bundle (`verify_bundle`, every check), target < 20 ms, next to
  a naive reference that re-canonicalises the text and record for every signature.

Nothing here is asserted: the figures are printed side by side (DESIGN §6).
"""

from __future__ import annotations

import argparse
import base64
import difflib
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from accord.domain import consensus, signing
from accord.domain.negotiation import (
    Amendment,
    AmendmentKind,
    Bracket,
    Decision,
    ParagraphKind,
    Revision,
    Span,
    Text,
    adopted_text,
    apply_redline,
    issue_revision,
    new_draft,
    propose_amendment,
    redline,
)

SEED = 20210715
PARAGRAPHS = 300
AMENDMENTS = 2_000
REVISIONS = 20
SIGNERS = 50
CHARACTER_NDIFF_CAP = 30.0  # seconds; the character-level reference is cut off here
T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
VOCABULARY = (  # noqa: SIM905 (a string reads better than 52 quoted words)
    "regional security dialogue cooperation peace stability sovereignty territorial "
    "integrity non-interference consensus mutual trust confidence-building measures arms "
    "race outer space biosafety information security climate change pandemic recovery "
    "humanitarian assistance Afghanistan reconstruction connectivity development shared "
    "future the of and to in for on all states parties reaffirm welcome note underline "
    "encourage call upon support"
).split()
STATES = [f"S{k:02d}" for k in range(SIGNERS)]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(n))


def draft(rng: random.Random) -> Revision:
    paragraphs: list[tuple[ParagraphKind, str | tuple[Text | Bracket, ...]]] = []
    for k in range(PARAGRAPHS):
        kind = ParagraphKind.PREAMBULAR if k < 30 else ParagraphKind.OPERATIVE
        paragraphs.append((kind, words(rng, rng.randint(25, 45)).capitalize() + "."))
    return new_draft(
        document_id="bench", title="Joint statement", chair="S00", paragraphs=paragraphs
    )


def one_round(rev: Revision, rng: random.Random, count: int, first_id: int) -> Revision:
    """~`count` amendments on distinct paragraphs (so the chair's choices never conflict)."""
    targets = rng.sample(rev.paragraphs, min(count, len(rev.paragraphs)))
    amendments: list[Amendment] = []
    decisions: dict[str, Decision] = {}
    touched: set[int] = set()
    for k, p in enumerate(targets):
        aid = f"A{first_id + k}"
        roll = rng.random()
        state = rng.choice(STATES)
        index = rng.randrange(len(p.segments))
        segment = p.segments[index]
        if roll < 0.08:
            kind, span, text, after = AmendmentKind.INSERT_PARAGRAPH, None, words(rng, 20), p.id
        elif roll < 0.13:
            kind, span, text, after = AmendmentKind.DELETE_PARAGRAPH, None, "", p.id
        elif roll < 0.23:
            kind, span, text, after = AmendmentKind.REPLACE_PARAGRAPH, None, words(rng, 30), p.id
        elif isinstance(segment, Bracket):
            kind, span, text, after = AmendmentKind.REPLACE_SPAN, Span(index), words(rng, 2), p.id
        else:
            start = rng.randrange(len(segment.text))
            end = min(len(segment.text), start + rng.randint(0, 40))
            kind, span, text, after = (
                AmendmentKind.REPLACE_SPAN,
                Span(index, start, end),
                words(rng, rng.randint(1, 4)) + " ",
                p.id,
            )
        a = propose_amendment(
            rev,
            amendment_id=aid,
            proposer=state,
            against=rev.number,
            kind=kind,
            paragraph_id=after,
            span=span,
            text=text,
            paragraph_kind=p.kind,
        )
        amendments.append(a)
        touched.add(p.id)
        d = rng.choices(list(Decision), weights=(5, 3, 2))[0]
        whole = kind in (AmendmentKind.REPLACE_PARAGRAPH, AmendmentKind.DELETE_PARAGRAPH)
        if whole and len(p.segments) > 1 and d is Decision.BRACKETED:
            d = Decision.AGREED  # bracketing a whole paragraph that holds brackets is refused
        decisions[aid] = d
    resolutions = {
        b.id: rng.randrange(len(b.alternatives))
        for p, _, b in rev.brackets()
        if p.id not in touched and rng.random() < 0.5
    }
    return issue_revision(
        rev, chair="S00", amendments=amendments, decisions=decisions, resolutions=resolutions
    )


Sample = tuple[float, float]  # (wall seconds, CPU seconds of this thread)


def _clock() -> Sample:
    return time.perf_counter(), time.thread_time()


def _since(start: Sample) -> Sample:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def build_history(timings: list[Sample] | None = None) -> list[Revision]:
    rng = random.Random(SEED)
    history = [draft(rng)]
    rounds = REVISIONS - 1
    next_id = 1
    for r in range(rounds):
        count = AMENDMENTS // rounds + (1 if r < AMENDMENTS % rounds else 0)
        started = _clock()
        history.append(one_round(history[-1], rng, count, next_id))
        if timings is not None:
            timings.append(_since(started))
        next_id += count
    return history


def _full_text(rev: Revision) -> str:
    return "\n".join(p.render() for p in rev.paragraphs)


def ndiff_characters(old: Revision, new: Revision) -> list[str]:
    """Reference 1: `difflib.ndiff` over the characters of the whole rendered text."""
    return list(difflib.ndiff(list(_full_text(old)), list(_full_text(new))))


def ndiff_lines(old: Revision, new: Revision) -> list[str]:
    """Reference 2: `difflib.ndiff` over paragraphs, with its character-level intraline marks."""
    return list(difflib.ndiff(_full_text(old).splitlines(), _full_text(new).splitlines()))


def words_whole_text(old: Revision, new: Revision) -> object:
    """Reference 3: one word-level SequenceMatcher over the whole text (no paragraph ids)."""
    return difflib.SequenceMatcher(
        None, _full_text(old).split(), _full_text(new).split()
    ).get_opcodes()


def _run_capped(fn: Callable[[], object], cap: float) -> Sample | None:
    """Wall time of `fn()` in a child process, or None when it runs past `cap` seconds."""
    import multiprocessing

    context = multiprocessing.get_context("fork")  # the child inherits the built history
    started = time.perf_counter()
    child = context.Process(target=fn)
    child.start()
    child.join(cap)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return time.perf_counter() - started, float("nan")  # the child's CPU time is not measured


def adopted_bundle(last: Revision) -> dict[str, Any]:
    final = issue_revision(
        last,
        chair="S00",
        amendments=[],
        decisions={},
        resolutions={b.id: 0 for _, _, b in last.brackets()},
    )
    procedure = consensus.open_procedure(
        final, kind=consensus.ProcedureKind.CONSENSUS, members=STATES, chair="S00", now=T0
    )
    for k, state in enumerate(STATES):
        procedure = consensus.approve(procedure, state, T0 + timedelta(seconds=k + 1))
    record = consensus.adoption_record(procedure, T0 + timedelta(hours=1))
    rng = random.Random(SEED)
    keys = {state: Ed25519PrivateKey.from_private_bytes(rng.randbytes(32)) for state in STATES}
    entries = [
        signing.PublicKeyEntry(
            state, signing.public_key_b64(k.public_key()), T0 - timedelta(days=1)
        )
        for state, k in keys.items()
    ]
    bundle: dict[str, Any] = signing.make_bundle(adopted_text(final), record, entries)
    for k, state in enumerate(STATES):
        bundle = signing.sign_bundle(bundle, keys[state], state, T0 + timedelta(hours=2, seconds=k))
    return bundle


def naive_verify(bundle: dict[str, Any]) -> bool:
    """Reference: each signature re-canonicalises the text and record and loads its key."""
    keys = {k["fingerprint"]: k for k in bundle["public_keys"]}
    for sig in bundle["signatures"]:
        text_sha = signing.sha256_hex(rfc8785.dumps(bundle["text"]))
        record_sha = signing.sha256_hex(rfc8785.dumps(bundle["adoption_record"]))
        if text_sha != bundle["adoption_record"]["text_sha256"]:
            return False
        statement = signing.signing_statement(
            text_sha256=text_sha,
            record=bundle["adoption_record"],
            record_sha256=record_sha,
            state=sig["state"],
            signed_at=sig["signed_at"],
        )
        key = Ed25519PublicKey.from_public_bytes(
            base64.b64decode(keys[sig["key_fingerprint"]]["public_key"])
        )
        key.verify(base64.b64decode(sig["signature"]), statement)
    return True


def measure(fn: Callable[[], object], repeat: int) -> list[Sample]:
    """`repeat` timed runs after one warm-up; `repeat=0` times the single run itself."""
    if repeat == 0:
        started = _clock()
        fn()
        return [_since(started)]
    fn()  # warm-up: imports, caches
    samples = []
    for _ in range(repeat):
        started = _clock()
        fn()
        samples.append(_since(started))
    return samples


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(name: str, samples: list[Sample], target_ms: float | None = None) -> str:
    """One line: wall and CPU median / p95 in ms, and the verdict against the target."""
    wall = [w * 1000 for w, _ in samples]
    cpu = [c * 1000 for _, c in samples]
    text = (
        f"  {name:<52} wall {statistics.median(wall):9.2f} / {p95(wall):9.2f}"
        f"   cpu {statistics.median(cpu):9.2f} / {p95(cpu):9.2f}   n={len(samples):<3}"
    )
    if target_ms is not None:
        verdict = "met" if p95(wall) < target_ms else "MISSED on wall time"
        if verdict != "met" and p95(cpu) < target_ms:
            verdict += ", met on CPU time"
        text += f" target < {target_ms:g} ms: {verdict}"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    args = parser.parse_args(argv)
    runs, repeat, naive_repeat = (1, 5, 1) if args.quick else (5, 50, 5)

    build_timings: list[Sample] = []
    for _ in range(runs):
        history = build_history(build_timings)
    first, last = history[0], history[-1]
    line = redline(history, 1, REVISIONS)
    assert apply_redline(first, line) == last  # the redline is complete
    bundle = adopted_bundle(last)
    assert signing.verify_bundle(bundle).ok and naive_verify(bundle)

    print(f"Negotiation benchmark (seed {SEED}, Python {sys.version.split()[0]})")
    print(
        f"  Rev.1: {len(first.paragraphs)} paragraphs; Rev.{last.number}: "
        f"{len(last.paragraphs)} paragraphs, {sum(1 for _ in last.brackets())} brackets; "
        f"{sum(len(r.amendments) for r in history)} amendments decided; "
        f"redline: {len(line.changes)} paragraphs differ"
    )
    signatures, paragraphs = len(bundle["signatures"]), len(bundle["text"]["paragraphs"])
    print(f"  bundle: {signatures} signatures, {paragraphs} paragraphs")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"  {os.cpu_count()} CPUs, load average {load} (wall time suffers when it is high)")
    print("  times in ms: median / p95 of wall time, then of this thread's CPU time")
    print(row("build a revision (issue_revision, ~105 amendments)", build_timings))
    print(
        row(
            "redline Rev.1 -> Rev.20 (word-level, per paragraph)",
            measure(lambda: redline(history, 1, REVISIONS), repeat),
            100,
        )
    )
    print(
        row(
            "  reference: one word-level diff of the whole text",
            measure(lambda: words_whole_text(first, last), naive_repeat),
        )
    )
    if not args.quick:
        print(
            row(
                "  reference: difflib.ndiff over paragraph lines",
                measure(lambda: ndiff_lines(first, last), 0),
            )
        )
        capped = _run_capped(lambda: ndiff_characters(first, last), CHARACTER_NDIFF_CAP)
        name = "  reference: difflib.ndiff over characters"
        if capped is None:
            print(f"  {name:<52} did not finish in {CHARACTER_NDIFF_CAP:g} s (stopped)")
        else:
            print(row(name, [capped]))
    print(
        row(
            "verify bundle, 50 signatures (verify_bundle)",
            measure(lambda: signing.verify_bundle(bundle), repeat),
            20,
        )
    )
    print(
        row(
            "  reference: re-canonicalise per signature",
            measure(lambda: naive_verify(bundle), max(3, repeat // 3)),
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

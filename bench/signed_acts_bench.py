"""What signed acts cost (issue 12): verification time per act and the bundle for 50 states.

    .venv/bin/python bench/signed_acts_bench.py

Builds, in memory, a consensus adoption by 50 member states, each approving with a signed act
(one head per state, one personal key, a roster signed by the state's root), and reports:

* the server's check of one act (`parse_signed_act` + Ed25519 verification), the added cost
  per act, against the same Ed25519 verification alone as the reference;
* `verify_bundle` on the bundle with its `signed_acts` section (every roster's root signature,
  every act's signature, the outcome recomputed by the pure consensus rules) against the same
  bundle without the section;
* the server's check of one of the other acts that speak for a state (a signature of the
  adopted text, an acknowledgement, a hotline message: `parse_state_act` + Ed25519);
* `verify_bundle` with the 50 heads' signatures of the text in the section too, and
  `signature-missing` required;
* the bundle's size, with and without the section, as JSON and gzipped;
* the machine's load average beside the figures (two cores, shared).

Median of repeated runs; no network, no database.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from accord.domain import consensus as c
from accord.domain import signing as s
from accord.domain.negotiation import ParagraphKind, adopted_text, new_draft

T0 = datetime(2021, 7, 15, 9, 0, tzinfo=UTC)
STATES = [f"S{i:02d}" for i in range(50)]


def build() -> tuple[dict[str, Any], dict[str, Any], Any]:
    revision = new_draft(
        document_id="bench-2021",
        title="Joint statement",
        chair=STATES[0],
        paragraphs=[(ParagraphKind.OPERATIVE, f"Paragraph {i} of the text.") for i in range(20)],
    )
    p = c.open_procedure(
        revision, kind=c.ProcedureKind.CONSENSUS, members=STATES, chair=STATES[0], now=T0
    )
    roots = {st: s.generate_private_key() for st in STATES}
    heads = {st: s.generate_private_key() for st in STATES}
    acts, first = [], None
    for i, st in enumerate(STATES):
        at = T0 + timedelta(seconds=i + 1)
        challenge = s.make_challenge(
            nonce=f"n{i}", issued_at=at, expires_at=at + s.CHALLENGE_LIFETIME,
            person=f"{st.lower()}-head", state=st, document_id=p.document_id,
            revision=p.revision, text_sha256=p.text_hash,
        )  # fmt: skip
        signed = s.sign_act(s.act_statement(challenge, act="approve"), heads[st])
        first = first or (signed, s.public_key_b64(heads[st].public_key()))
        p = c.approve(p, st, at)
        acts.append(
            {"state": st, "act": "approve", "at": c.format_time(at), "reason": "",
             "confirm_by": None, "dissociated_from": [], "signed": signed}
        )  # fmt: skip
    record = c.adoption_record(p, p.last_act_at or T0)
    plain = s.make_bundle(adopted_text(revision), record, [])
    rosters = [
        s.sign_roster(
            s.Roster(st, 1, T0 - timedelta(days=1), (
                s.RosterPerson(f"{st.lower()}-head", "head",
                               (s.public_key_b64(heads[st].public_key()),)),
            )),
            roots[st],
        )
        for st in STATES
    ]  # fmt: skip
    with_acts = dict(plain)
    with_acts["signed_acts"] = s.acts_section(
        procedure={"members": STATES, "observers": [], "chair": STATES[0], "deadline": None},
        roots=[s.make_root_key(st, roots[st], T0 - timedelta(days=2)) for st in STATES],
        rosters=rosters,
        revocations=[],
        acts=acts,
    )
    return plain, with_acts, first, heads


def with_text_signatures(bundle: dict[str, Any], heads: dict[str, Any]) -> dict[str, Any]:
    """The bundle with every head's signature of the adopted text (`accord-text-signature/1`)."""
    record = c.record_from_dict(bundle["adoption_record"])
    closed = record.closed_at
    subject = {
        "document_id": record.document_id,
        "revision": record.revision,
        "text_sha256": record.text_hash,
        "adoption_record_sha256": s.sha256_hex(record.canonical_bytes()),
    }
    signatures = []
    for i, st in enumerate(STATES):
        at = closed + timedelta(minutes=5, seconds=i)
        challenge = s.make_state_act_challenge(
            s.TEXT_SIGNATURE_FORMAT, subject, nonce=f"t{i}", issued_at=at,
            expires_at=at + s.CHALLENGE_LIFETIME, person=f"{st.lower()}-head", state=st,
        )  # fmt: skip
        signed = s.sign_act(s.state_act_statement(challenge), heads[st])
        signatures.append({"state": st, "submitted_at": c.format_time(at), "signed": signed})
    out = json.loads(json.dumps(bundle))
    out["signed_acts"]["signatures"] = signatures
    return out


def median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    plain, with_acts, (signed, public_key), heads = build()
    assert s.verify_bundle(with_acts).ok
    signed_text = with_text_signatures(with_acts, heads)
    assert s.verify_bundle(signed_text, require_signatures=True).ok
    text_act = signed_text["signed_acts"]["signatures"][0]["signed"]
    text_key = s.public_key_b64(heads[STATES[0]].public_key())

    def check_text_signature() -> None:
        statement, _fp, signature, _at = s.parse_state_act(text_act, s.TEXT_SIGNATURE_FORMAT)
        s.check_act_signature(statement, signature, text_key)

    def check_one() -> None:
        statement, _fp, signature, _at = s.parse_signed_act(signed)
        s.check_act_signature(statement, signature, public_key)

    raw = s.decode_b64(signed["signature"], 64, "signature")
    key = s.load_public_key_b64(public_key)
    message = s.canonical_bytes(signed["act"])
    reference = median_ms(lambda: [key.verify(raw, message) for _ in range(100)], 20) / 100
    per_act = median_ms(lambda: [check_one() for _ in range(100)], 20) / 100
    bare = median_ms(lambda: s.verify_bundle(plain), 20)
    full = median_ms(lambda: s.verify_bundle(with_acts), 20)
    per_text = median_ms(lambda: [check_text_signature() for _ in range(100)], 20) / 100
    texts = median_ms(lambda: s.verify_bundle(signed_text, require_signatures=True), 20)
    size_texts = len(json.dumps(signed_text).encode())
    gz_texts = len(gzip.compress(json.dumps(signed_text).encode()))
    size_plain = len(json.dumps(plain).encode())
    size_full = len(json.dumps(with_acts).encode())
    gz_plain = len(gzip.compress(json.dumps(plain).encode()))
    gz_full = len(gzip.compress(json.dumps(with_acts).encode()))
    print("signed acts, 50 states, one approval each")
    print(f"  server check of one signed act:      {per_act:7.3f} ms")
    print(f"  reference: Ed25519 verify alone:     {reference:7.3f} ms")
    print(f"  verify_bundle without signed acts:   {bare:7.2f} ms")
    print(f"  verify_bundle with signed acts:      {full:7.2f} ms  (+{full - bare:.2f} ms)")
    print(f"  bundle size without / with:          {size_plain:,} / {size_full:,} bytes")
    print(f"  gzipped without / with:              {gz_plain:,} / {gz_full:,} bytes")
    print("the other acts that speak for a state (text signature, acknowledgement, hotline)")
    print(f"  server check of one:                 {per_text:7.3f} ms")
    print(f"  verify_bundle, + 50 text signatures: {texts:7.2f} ms  (+{texts - full:.2f} ms)")
    print(f"  bundle size / gzipped with them:     {size_texts:,} / {gz_texts:,} bytes")
    print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

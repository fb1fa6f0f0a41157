"""`accord ledger verify FILE --checkpoint F`: an export held against a checkpoint the states'
witnesses cosigned. The host here re-chains what it rewrote and signs the export's trailer
with the real log key, so the chain and the trailer hold; only the checkpoint convicts it."""

from __future__ import annotations

import pytest
from tlog_fixtures import make_witness

from accord.domain import ledger as chain
from accord.ledger.models import LedgerEntry, LedgerHead
from accord.site.cli import main
from page_clients import signed_in


@pytest.fixture
def trust(region, tmp_path, capsys):
    path = tmp_path / "trust.json"
    assert main(["trust", "export", str(path)]) == 0
    capsys.readouterr()
    return path


def export(client, tmp_path, name="export.jsonl"):
    path = tmp_path / name
    path.write_bytes(b"".join(client.get("/api/v1/ledger/export").streaming_content))
    return path


def verify(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["ledger", "verify", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rechain_from(seq: int, **changes: str) -> None:
    """Rewrite entry `seq`'s body and re-chain every entry after it, as a host would."""
    previous = LedgerEntry.objects.get(seq=seq - 1).entry_hash if seq > 1 else chain.GENESIS_HASH
    for row in LedgerEntry.objects.filter(seq__gte=seq).order_by("seq"):
        if row.seq == seq:
            for name, value in changes.items():
                setattr(row, name, value)
        body = row.as_chain_entry().body
        assert body is not None
        row.body_digest = body.digest()
        row.prev_hash = previous
        row.entry_hash = chain.link_hash(row.seq, previous, row.recorded_at_text, row.body_digest)
        row.save()
        previous = row.entry_hash
    LedgerHead.objects.filter(id=1).update(entry_hash=previous)


@pytest.fixture
def cosigned(region, api, tmp_path):
    kaz = make_witness(region, api, tmp_path, "KAZ")
    client = api(region.delegate("TJK"))
    assert kaz.run()[0] == 0
    return kaz, client


def test_an_honest_export_covers_the_cosigned_checkpoint(cosigned, region, tmp_path, trust, capsys):
    kaz, client = cosigned
    path = export(client, tmp_path)
    code, out, err = verify(
        capsys, str(path), "--trust", str(trust), "--checkpoint", str(kaz.state_file)
    )
    assert (code, err) == (0, "")
    assert "ok   checkpoint-root: its first entries hash to the checkpoint's root" in out
    assert "ok   checkpoint-cosignatures: cosigned by KAZ (1 needed)" in out
    # The checkpoint with its cosignatures, as the ledger page gives it for download.
    note = tmp_path / "checkpoint.txt"
    note.write_bytes(signed_in(region.delegate("TJK")).get("/ledger/checkpoint.txt").content)
    assert verify(capsys, str(path), "--trust", str(trust), "--checkpoint", str(note))[0] == 0


def test_a_checkpoint_no_pinned_state_cosigned_fails_checkpoint_cosignatures(
    cosigned, region, tmp_path, trust, capsys
):
    """Issue 13: an export is held against a *cosigned* checkpoint. The log's signature alone
    is the host's word; a cosignature by a key the trust file does not pin counts for nothing;
    `--quorum K` asks for K states."""
    from accord.domain import signing, tlog

    kaz, client = cosigned
    path = export(client, tmp_path)
    bare = tmp_path / "bare.txt"
    bare.write_text(kaz.history()[-1]["note"])  # the log's signature, no cosignature
    code, _, err = verify(capsys, str(path), "--trust", str(trust), "--checkpoint", str(bare))
    assert code == 1
    assert err == (
        "FAIL checkpoint-cosignatures: 0 state(s) cosigned the checkpoint with a key the "
        "trust file pins (none); 1 needed: a checkpoint no state witnessed says only what "
        "the host says\n"
    )
    note = kaz.history()[-1]["note"]
    body = tlog.parse_note(note).body
    origin = tlog.parse_checkpoint(body).origin
    impostor = tlog.cosign(
        body, tlog.witness_name(origin, "KGZ"), signing.generate_private_key(), 1
    )
    forged = tmp_path / "forged.txt"
    forged.write_text(note + impostor.line())
    assert verify(capsys, str(path), "--trust", str(trust), "--checkpoint", str(forged))[0] == 1
    cosigned_note = tmp_path / "cosigned.txt"
    cosigned_note.write_bytes(
        signed_in(region.delegate("TJK")).get("/ledger/checkpoint.txt").content
    )
    args = [str(path), "--trust", str(trust), "--checkpoint", str(cosigned_note)]
    code, _, err = verify(capsys, *args, "--quorum", "2")
    assert (
        code == 1
        and "1 state(s) cosigned the checkpoint with a key the trust file pins (KAZ)" in err
    )


def test_a_rewritten_and_re_signed_export_fails_checkpoint_root(cosigned, tmp_path, trust, capsys):
    kaz, client = cosigned
    rechain_from(3, action="state.withdrawn")
    path = export(client, tmp_path)
    code, _, err = verify(capsys, str(path), "--trust", str(trust))
    assert code == 0  # chain and trailer hold: the host re-chained and re-signed
    code, _, err = verify(
        capsys, str(path), "--trust", str(trust), "--checkpoint", str(kaz.state_file)
    )
    assert code == 1 and err.startswith("FAIL checkpoint-root: ")


def test_a_truncated_and_re_signed_export_fails_checkpoint_size(cosigned, tmp_path, trust, capsys):
    kaz, client = cosigned
    last = LedgerEntry.objects.order_by("-seq").first().seq
    LedgerEntry.objects.filter(seq__gt=last - 3).delete()
    tail = LedgerEntry.objects.order_by("-seq").first()
    LedgerHead.objects.filter(id=1).update(seq=tail.seq, entry_hash=tail.entry_hash)
    path = export(client, tmp_path)
    code, _, err = verify(
        capsys, str(path), "--trust", str(trust), "--checkpoint", str(kaz.state_file)
    )
    assert code == 1 and err.startswith("FAIL checkpoint-size: ")


def test_a_checkpoint_not_signed_by_the_log_key_fails(cosigned, tmp_path, trust, capsys):
    kaz, client = cosigned
    path = export(client, tmp_path)
    note = kaz.history()[-1]["note"]
    forged = tmp_path / "forged.txt"
    forged.write_text(note.replace("\n", "\n1", 1))  # another size, the same signature
    code, _, err = verify(capsys, str(path), "--trust", str(trust), "--checkpoint", str(forged))
    assert code == 1 and err.startswith("FAIL checkpoint-signature: ")
    unreadable = tmp_path / "missing.txt"
    assert verify(capsys, str(path), "--checkpoint", str(unreadable))[0] == 2


def test_entries_written_before_salting_still_verify_live_and_exported(
    region, api, tmp_path, trust, capsys
):
    """A live ledger migrated from format 1: its old entries have no salt and keep the
    unsalted formula; the chain, the tree and an export all verify."""
    from tlog_fixtures import replant_tree

    from accord.ledger.selectors import verify_live_chain

    client = api(region.delegate("TJK"))
    old = list(LedgerEntry.objects.filter(seq__lte=4).order_by("seq"))
    for row in old:
        row.salt = ""
        row.payload_digest = chain.payload_digest(row.payload, None)
        row.save()
    rechain_from(1)
    replant_tree()
    assert all(e.body is None or e.body.salt is None for e in (r.as_chain_entry() for r in old))
    assert verify_live_chain(viewer=None).ok
    path = export(client, tmp_path)
    assert verify(capsys, str(path), "--trust", str(trust))[0] == 0

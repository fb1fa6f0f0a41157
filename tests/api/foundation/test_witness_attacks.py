"""A host that rewrites, truncates, reorders or forks the ledger after a state's witness
cosigned it is caught at the next checkpoint, the check named, and the witness cosigns
nothing. The host here is thorough: it rebuilds a tree that fits the altered entries and
signs fresh checkpoints with the real log key, as a host in control of the server could."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from tlog_fixtures import compare, make_witness, replant_tree

from accord.ledger.models import LedgerCosignature, LedgerEntry
from accord.notifications import hotline


def traffic(region, *bodies: str) -> None:
    for body in bodies:
        hotline.send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body=body)


@pytest.fixture
def witnessed(region, api, tmp_path):
    """KAZ's witness has cosigned the ledger as it stands."""
    kaz = make_witness(region, api, tmp_path, "KAZ")
    assert kaz.run()[0] == 0
    return kaz


def rewrite(seq: int) -> None:
    """Entry `seq` replaced by another (its hash changes), history re-chained after it."""
    row = LedgerEntry.objects.get(seq=seq)
    LedgerEntry.objects.filter(seq=seq).update(entry_hash="f" * 64, prev_hash=row.prev_hash)


def truncate(count: int) -> None:
    last = LedgerEntry.objects.order_by("-seq").first().seq
    LedgerEntry.objects.filter(seq__gt=last - count).delete()


def reorder(first: int, second: int) -> None:
    a, b = (LedgerEntry.objects.get(seq=n).entry_hash for n in (first, second))
    LedgerEntry.objects.filter(seq=first).update(entry_hash="e" * 64)
    LedgerEntry.objects.filter(seq=second).update(entry_hash=a)
    LedgerEntry.objects.filter(seq=first).update(entry_hash=b)


@pytest.mark.parametrize(
    ("attack", "grows", "check"),
    [
        (lambda: rewrite(3), True, "consistency"),
        (lambda: rewrite(3), False, "fork"),  # the same size, another root
        (lambda: truncate(2), False, "truncation"),
        (lambda: truncate(2), True, "truncation"),  # cut two, add one: still shorter
        (lambda: reorder(2, 5), True, "consistency"),
    ],
    ids=["rewrite", "rewrite-same-size", "truncation", "truncation-then-growth", "reordering"],
)
def test_the_witness_refuses_a_log_that_does_not_extend_what_it_cosigned(
    region, witnessed, attack, grows, check
):
    attack()
    replant_tree()
    if grows:
        traffic(region, "after the attack")
    cosigned = LedgerCosignature.objects.count()
    history = witnessed.history()
    code, _, err = witnessed.run()
    assert code == 1
    assert err.startswith(f"FAIL {check}: ")
    assert LedgerCosignature.objects.count() == cosigned  # nothing cosigned
    assert witnessed.history() == history  # the witness still holds what it saw


def test_the_witness_cosigns_each_honest_extension(region, witnessed):
    for round_ in range(3):
        traffic(region, f"round {round_}")
        assert witnessed.run()[0] == 0
    sizes = [json.loads(c["note"].split("\n")[1]) for c in witnessed.history()]
    assert sizes == sorted(sizes) and len(sizes) == 4


class ForkedView(Exception):
    """Raised to roll a savepoint back: the history shown to one state only."""


def test_a_split_view_is_caught_within_one_checkpoint(region, api, tmp_path):
    """Two databases sharing history, then diverging: TJK is shown one continuation (a
    savepoint, rolled back after), KAZ another. Each witness alone sees a log that only
    grows; the first checkpoint after the split convicts the host, by comparing files or by
    TJK's witness meeting KAZ's history."""
    kaz = make_witness(region, api, tmp_path, "KAZ")
    tjk = make_witness(region, api, tmp_path, "TJK")
    assert kaz.run()[0] == 0 and tjk.run()[0] == 0
    shared = tjk.history()[-1]
    assert compare(kaz.state_file, tjk.state_file)[0] == 0

    with pytest.raises(ForkedView), transaction.atomic():
        traffic(region, "what TJK is shown", "and more")
        assert tjk.run()[0] == 0
        raise ForkedView
    traffic(region, "what KAZ is shown", "and more")
    code, _, err = kaz.run()
    assert (code, err) == (0, "")  # KAZ's view is a fine extension on its own

    code, out, err = compare(kaz.state_file, tjk.state_file)
    assert code == 1
    assert err.startswith("FAIL fork: ")
    assert "both signed by the log key, with different roots" in err
    assert out.count("\u2014 ") == 2  # the two signed notes: the proof, for anyone to check

    code, _, err = tjk.run()  # TJK's witness, now shown KAZ's history
    assert code == 1 and err.startswith("FAIL fork: ")
    assert tjk.history()[-2] == shared


def test_compare_decides_files_of_different_sizes_with_the_logs_proof(region, api, tmp_path):
    kaz = make_witness(region, api, tmp_path, "KAZ")
    tjk = make_witness(region, api, tmp_path, "TJK")
    tjk_client = api(region.delegate("TJK"))
    assert kaz.run()[0] == 0
    traffic(region, "one")
    assert tjk.run()[0] == 0  # TJK starts later: the files share no size
    code, _, err = compare(kaz.state_file, tjk.state_file)
    assert code == 2 and "give --url" in err
    assert compare(kaz.state_file, tjk.state_file, client=tjk_client)[0] == 0
    # Rewrite what KAZ cosigned: the log can no longer prove TJK's tree extends it.
    rewrite(2)
    replant_tree()
    code, _, err = compare(kaz.state_file, tjk.state_file, client=tjk_client)
    assert code == 1 and err.startswith("FAIL ")


def test_a_tampered_state_file_is_caught_by_compare(region, witnessed, tmp_path):
    traffic(region, "one")
    assert witnessed.run()[0] == 0
    data = json.loads(witnessed.state_file.read_text())
    data["checkpoints"][0]["note"] = data["checkpoints"][0]["note"].replace("\n", "\n1", 1)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data))
    code, _, err = compare(forged)
    assert code == 1 and "FAIL checkpoint-" in err

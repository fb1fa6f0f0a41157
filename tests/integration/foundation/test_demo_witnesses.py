"""The demo's witnesses (issue 13): with ACCORD_DEMO_WITNESSES and a demo key folder, each
round cosigns every new checkpoint as each member state's `accord witness` would, with the
state's key from the folder; without either, nothing is cosigned. Against the live test
database, through the very witness code a ministry runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.domain import signing
from accord.ledger.checkpoints import publish_checkpoint
from accord.ledger.demo_witnesses import cosign_due
from accord.ledger.models import LedgerCheckpoint, LedgerCosignature
from accord.members import services
from accord.members.demo_rosters import DEMO_KEYS
from accord.site.ticks import run_due

pytestmark = pytest.mark.django_db
MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")


@pytest.fixture
def demo_keys(region: Any, settings: Any, tmp_path: Path) -> Path:
    """The demo's key folder: each member state's signing key, its public half registered."""
    settings.DATA_DIR = tmp_path
    settings.ACCORD_DEMO_WITNESSES = True
    folder = tmp_path / DEMO_KEYS
    folder.mkdir()
    for code in MEMBERS:
        key = signing.generate_private_key()
        signing.write_private_key(folder / f"{code.lower()}.pem", key)
        services.register_signing_key(
            actor=region.secretariat, state_code=code,
            public_key=signing.public_key_b64(key.public_key()),
        )  # fmt: skip
    return folder


def cosigners(checkpoint: LedgerCheckpoint) -> list[str]:
    return sorted(checkpoint.cosignatures.values_list("state_id", flat=True))


def test_each_member_state_cosigns_each_new_checkpoint_once(region, demo_keys):
    published = publish_checkpoint()
    done = cosign_due()
    assert [line.split(" verified")[0] for line in done] == [
        f"demo witness {code}" for code in MEMBERS
    ]
    assert all(f"cosigned the tree of {published.size} entries" in line for line in done)
    assert cosigners(published) == list(MEMBERS)
    assert cosign_due() == []  # nothing new: no second cosignature
    assert LedgerCosignature.objects.count() == 4
    kaz = json.loads((demo_keys / "witness-KAZ.json").read_text())
    assert [c["cosignature"] for c in kaz["checkpoints"]] == [
        LedgerCosignature.objects.get(state_id="KAZ").line
    ]
    services.add_person(
        actor=region.secretariat, username="kaz-adviser", password="pw-adviser-1234",
        role="delegate", state_code="KAZ",
    )  # fmt: skip
    # `accord serve`'s round: the tick publishes, then the witnesses cosign, with the
    # consistency proof from the checkpoint each cosigned before.
    assert any("checkpoint of" in line for line in run_due())
    grown = LedgerCheckpoint.objects.latest("size")
    assert len(cosign_due()) == 4 and cosigners(grown) == list(MEMBERS)
    proof = json.loads((demo_keys / "witness-KAZ.json").read_text())["checkpoints"][-1]
    assert proof["consistency"]["from"] == published.size


def test_the_quorum_is_reached_and_the_bundle_verifies(region, demo_keys, adopted, api):
    from accord.ledger.trust import trust_document

    run_due()
    cosign_due()
    bundle = api(region.head("KAZ")).get(f"/api/v1/documents/{adopted.public_id}/bundle").json()
    trust = signing.parse_trust_file(json.dumps(trust_document()))
    report = signing.verify_bundle(json.dumps(bundle), trust=trust, require_ledger_proof=True)
    held = {c.name: (c.passed, c.detail) for c in report.checks}
    assert held["ledger-proof"][0] is True
    assert held["ledger-proof"][1].endswith("cosigned by KAZ, KGZ, TJK, UZB (4 of 3 needed)")


def test_without_the_setting_or_the_key_folder_nothing_is_cosigned(region, demo_keys, settings):
    publish_checkpoint()
    settings.ACCORD_DEMO_WITNESSES = False  # production: never
    assert cosign_due() == []
    settings.ACCORD_DEMO_WITNESSES = True
    settings.DATA_DIR = demo_keys.parent / "elsewhere"  # no demo key folder
    assert cosign_due() == []
    assert LedgerCosignature.objects.count() == 0


def test_a_demo_witness_refuses_a_log_that_was_rewritten(region, demo_keys):
    """The demo witness is the real one: a host that rewrote history and re-planted the tree
    is refused (`consistency`), and nothing is cosigned."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "api" / "foundation"))
    from tlog_fixtures import replant_tree

    from accord.ledger.models import LedgerEntry

    publish_checkpoint()
    assert len(cosign_due()) == 4
    services.add_person(
        actor=region.secretariat, username="kgz-adviser", password="pw-adviser-1234",
        role="delegate", state_code="KGZ",
    )  # fmt: skip
    first = LedgerEntry.objects.get(seq=2)
    LedgerEntry.objects.filter(seq=2).update(entry_hash="ab" * 32, prev_hash=first.prev_hash)
    replant_tree()
    publish_checkpoint()
    done = cosign_due()
    assert len(done) == 4 and all("refused: FAIL consistency" in line for line in done)
    assert LedgerCosignature.objects.count() == 0  # replant_tree dropped the old ones

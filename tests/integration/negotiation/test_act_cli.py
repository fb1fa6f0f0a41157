"""`accord keygen --root`, `accord roster sign` and `accord act` make what the platform accepts."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from accord.domain import signing
from accord.members import rosters
from accord.negotiation import services
from accord.negotiation.act_cli import act_command, keygen_root_command, roster_sign_command


def test_a_ministry_signs_its_roster_and_an_act_offline(
    region: Any, draft: Any, capitals: Any, tmp_path: Path
) -> None:
    root_file = tmp_path / "kaz-root.key"
    out, err = io.StringIO(), io.StringIO()
    assert keygen_root_command(root_file, out, err) == 0
    assert "ROOT key" in out.getvalue()
    root = signing.read_private_key(root_file)
    rosters.register_root_key(
        actor=region.secretariat,
        state_code="KAZ",
        public_key=signing.public_key_b64(root.public_key()),
        now=timezone.now() - timedelta(days=31),
    )
    capitals.roots["KAZ"] = root
    head_file = tmp_path / "kaz-head.key"
    signing.write_private_key(head_file, signing.generate_private_key())
    capitals.people["kaz-head"] = signing.read_private_key(head_file)
    capitals.people["kaz-delegate"] = signing.generate_private_key()
    roster_file = tmp_path / "roster.json"
    roster_file.write_text(json.dumps({"roster": capitals.roster("KAZ").to_dict()}))
    signed_file = tmp_path / "roster.signed.json"
    out, err = io.StringIO(), io.StringIO()
    assert roster_sign_command(root_file, roster_file, out, err, out=signed_file) == 0
    assert "head      kaz-head" in err.getvalue()
    rosters.submit_roster(
        actor=region.secretariat, state_code="KAZ", signed=json.loads(signed_file.read_text())
    )
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    challenge_file = tmp_path / "challenge.json"
    challenge_file.write_text(
        json.dumps({"challenge": capitals.challenge(region.head("KAZ"), document.pk)})
    )
    act_file = tmp_path / "act.json"
    out, err = io.StringIO(), io.StringIO()
    code = act_command(
        head_file, "object", out, err, challenge=challenge_file, reason="Not yet.", out=act_file
    )
    assert code == 0, err.getvalue()
    assert f"Rev.{document.current_revision}" in err.getvalue()
    signed = json.loads(act_file.read_text())
    services.object_to(
        actor=region.head("KAZ"), document_id=document.pk, reason="Not yet.", signed=signed
    )
    document.refresh_from_db()
    assert document.status == "negotiation"  # the objection, signed offline, counted


def test_act_refuses_what_is_not_a_challenge(tmp_path: Path) -> None:
    key = tmp_path / "k.key"
    signing.write_private_key(key, signing.generate_private_key())
    bogus = tmp_path / "c.json"
    bogus.write_text("[1, 2]")
    out, err = io.StringIO(), io.StringIO()
    assert act_command(key, "approve", out, err, challenge=bogus) == 1
    assert err.getvalue().startswith("error: ")
    assert act_command(key, "approve", out, err) == 1

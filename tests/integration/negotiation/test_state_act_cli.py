"""`accord act --act sign-text|acknowledge|hotline-message` makes, offline, the same signed act
the platform accepts (issue 12): challenge file in, signed act out."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from accord.domain import signing
from accord.negotiation import services
from accord.negotiation.act_cli import act_command
from accord.notifications import hotline, signed_acts
from accord.notifications import services as notices
from fixtures.notifications import exercise_content

MEMBERS = ("KAZ", "KGZ", "TJK", "UZB")


def offline(
    tmp_path: Path, capitals: Any, person: str, act: str, issued: Any, **kw: Any
) -> tuple[int, dict[str, Any], str]:
    key, challenge, out = tmp_path / f"{person}.pem", tmp_path / "c.json", tmp_path / "act.json"
    key.unlink(missing_ok=True)
    signing.write_private_key(key, capitals.people[person])
    challenge.write_text(json.dumps(issued.signed))
    err = io.StringIO()
    code = act_command(key, act, io.StringIO(), err, challenge=challenge, out=out, **kw)
    return code, (json.loads(out.read_text()) if code == 0 else {}), err.getvalue()


def test_the_cli_signs_the_adopted_text_and_the_platform_accepts_it(
    region: Any, draft: Any, capitals: Any, tmp_path: Path
) -> None:
    capitals.accede(*MEMBERS)
    document = draft()
    services.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in MEMBERS:
        head = region.head(code)
        services.approve(
            actor=head,
            document_id=document.pk,
            signed=capitals.signed(head, document.pk, "approve"),
        )
    head = region.head("KAZ")
    issued = services.issue_signature_challenge(actor=head, document_id=document.pk)
    code, signed, said = offline(tmp_path, capitals, "kaz-head", "sign-text", issued)
    assert code == 0, said
    assert said.startswith("signing for KAZ as kaz-head: accord-text-signature/1, document_id ")
    row = services.submit_signature(actor=head, document_id=document.pk, signature=signed)
    assert (row.person, row.signed) == ("kaz-head", signed)
    # A challenge of another kind is refused before anything is signed.
    code, _signed, said = offline(tmp_path, capitals, "kaz-head", "acknowledge", issued)
    assert (code, said) == (1, "error: the challenge is not one for accord-acknowledgement/1\n")


def test_the_cli_acknowledges_and_sends_on_the_hotline(
    region: Any, capitals: Any, tmp_path: Path
) -> None:
    capitals.accede("KAZ", "KGZ")
    officer = region.delegate("KAZ")
    notice = notices.send_notification(
        actor=region.delegate("TJK"), type_key="exercise_notice", content=exercise_content()
    )
    issued = signed_acts.issue_acknowledgement_challenge(actor=officer, notification=notice)
    code, signed, said = offline(tmp_path, capitals, "kaz-delegate", "acknowledge", issued)
    assert code == 0, said
    delivery = notices.acknowledge(actor=officer, notification_id=notice.pk, signed=signed)
    assert delivery.acknowledgement_signed == signed
    text = "Unscheduled flight near the border at 04:10 UTC.\r\nPlease confirm."
    issued = signed_acts.issue_hotline_challenge(actor=officer, to_state="KGZ")
    code, signed, said = offline(
        tmp_path, capitals, "kaz-delegate", "hotline-message", issued, message=text
    )
    assert code == 0, said
    assert signed["act"]["channel"] == "KAZ>KGZ"
    message = hotline.send_hotline_message(actor=officer, to_state="KGZ", body=text, signed=signed)
    assert message.body == "Unscheduled flight near the border at 04:10 UTC.\nPlease confirm."
    issued = signed_acts.issue_hotline_challenge(actor=officer, to_state="KGZ")
    code, _signed, said = offline(tmp_path, capitals, "kaz-delegate", "hotline-message", issued)
    assert (code, said) == (1, "error: give the message: --message TEXT or --message-file FILE\n")

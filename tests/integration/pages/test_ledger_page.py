"""The ledger page and the home page's warning (issue 13): the latest checkpoint, exactly who
cosigned it and when, each member state's witness; a warning once a state's witness has left
a checkpoint uncosigned for a day; an observer and the public see only what they may."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from accord.ledger.checkpoints import publish_checkpoint
from accord.ledger.home_panels import witness_silent
from accord.ledger.models import LedgerCheckpoint, LedgerCosignature
from accord.members import services
from fixtures.negotiation import witness_the_log
from page_clients import signed_in

pytestmark = pytest.mark.django_db


def page(user, path: str = "/ledger/", language: str = "en") -> str:
    client = signed_in(user)
    client.cookies["django_language"] = language
    answer = client.get(path)
    assert answer.status_code == 200
    return answer.content.decode()


def section(html: str, marker: str) -> str:
    start = html.find(marker)
    return "" if start < 0 else html[start : html.find("</section>", start)]


def row(html: str, code: str) -> str:
    start = html.find(f'id="witness-{code}"')
    return html[start : html.find("</tr>", start)]


def grow_the_log(region) -> None:
    """One more write, so the next checkpoint is a new one."""
    services.add_person(
        actor=region.secretariat, username=f"extra-{LedgerCheckpoint.objects.count()}",
        password="pw-extra-1234", role="delegate", state_code="TJK",
    )  # fmt: skip


def test_the_page_shows_the_latest_checkpoint_and_exactly_who_cosigned_it(region, keys):
    witness_the_log(region, {code: keys[code] for code in ("KAZ", "KGZ")})
    latest = LedgerCheckpoint.objects.get()
    html = page(region.delegate("TJK"))
    assert re.search(rf'id="checkpoint-size">{latest.size}<', html)
    root = base64.b64encode(bytes.fromhex(latest.root_hash)).decode()
    assert f'<code id="checkpoint-root">{root}</code>' in html
    cosigners = section(html, 'id="latest-checkpoint"')
    assert re.findall(r"<li><strong>([A-Z]{3})</strong>", cosigners) == ["KAZ", "KGZ"]
    assert "2 member states cosigned it; 3 are needed for a bundle's proof." in cosigners
    assert "Quorum not reached yet" in cosigners
    assert f"{latest.size} entries" in row(html, "KAZ") and "Cosigned" in row(html, "KAZ")
    for code in ("TJK", "UZB"):
        assert "never" in row(html, code) and "Not yet" in row(html, code)
    own = section(html, 'id="own-witness"')
    assert "A checkpoint has been waiting for your state" in own
    assert "--state TJK --url http://127.0.0.1:8000" in own  # its own state's command
    assert 'id="own-witness"' not in page(region.observer)  # an observer has no witness


def test_the_quorum_and_a_states_own_status_after_every_member_cosigned(region, keys):
    witness_the_log(region, keys)
    html = page(region.head("UZB"), language="ru")
    assert "Кворум достигнут" in html
    assert "свидетель вашего государства подписал последнюю контрольную точку." in html
    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        assert "Подписано" in row(html, code)
    assert "账本与见证" in page(region.head("UZB"), language="zh-hans")


def test_a_silent_witness_is_warned_after_a_day_and_not_before(region, keys):
    witness_the_log(region, {"KAZ": keys["KAZ"], "KGZ": keys["KGZ"]})
    grow_the_log(region)
    waiting = publish_checkpoint()  # KAZ and KGZ have not cosigned this one
    published = timezone.now().replace(microsecond=0) - timedelta(days=3)
    LedgerCheckpoint.objects.filter(pk=waiting.pk).update(published_at=published)
    kaz = region.delegate("KAZ")
    assert witness_silent(kaz, published + timedelta(hours=24) - timedelta(seconds=1)) is None
    with override("en"):
        panel = witness_silent(kaz, published + timedelta(hours=24))
    assert panel is not None and panel.key == "witness-silent"
    assert [t.text for t in panel.tasks] == [
        "Your state's witness has not cosigned the ledger for more than a day."
    ]
    assert panel.tasks[0].due == published + timedelta(hours=24)
    home = signed_in(kaz).get("/").content.decode()
    assert 'id="panel-witness-silent"' in home and "overdue by 2 days" in home
    assert "has not cosigned for more than a day" in section(page(kaz), 'id="own-witness"')
    # A state whose witness cosigned the waiting checkpoint is not warned; nor an observer.
    witness_the_log(region, {"KGZ": keys["KGZ"]})
    assert (
        'id="panel-witness-silent"' not in signed_in(region.head("KGZ")).get("/").content.decode()
    )
    assert witness_silent(region.observer, timezone.now()) is None
    assert witness_silent(region.secretariat, timezone.now()) is None
    # A state that never cosigned waits from the first checkpoint: TJK, three days on.
    assert witness_silent(region.delegate("TJK"), timezone.now()) is None  # first: today
    LedgerCheckpoint.objects.update(published_at=published)
    assert witness_silent(region.delegate("TJK"), timezone.now()) is not None


def test_the_warning_is_absent_while_the_checkpoint_is_recent(region, keys):
    witness_the_log(region, {"KAZ": keys["KAZ"]})
    grow_the_log(region)
    publish_checkpoint()
    LedgerCheckpoint.objects.filter(size=LedgerCheckpoint.objects.latest("size").size).update(
        published_at=timezone.now() - timedelta(hours=23)
    )
    assert (
        'id="panel-witness-silent"'
        not in signed_in(region.delegate("KAZ")).get("/").content.decode()
    )


def test_the_public_sees_nothing_and_an_observer_no_witness_of_its_own(region, keys):
    witness_the_log(region, keys)
    public = Client()
    for path in ("/ledger/", "/ledger/checkpoint.txt"):
        answer = public.get(path)
        assert answer.status_code == 302 and "/sign-in/" in answer["Location"]
    observer = signed_in(region.observer)
    html = observer.get("/ledger/").content.decode()
    assert 'id="own-witness"' not in html and 'id="witnesses"' in html
    assert 'href="/ledger/"' not in observer.get("/").content.decode()  # not in its navigation
    assert 'href="/ledger/"' in signed_in(region.delegate("KGZ")).get("/").content.decode()
    note = observer.get("/ledger/checkpoint.txt").content.decode()
    latest = LedgerCheckpoint.objects.get()
    lines = list(LedgerCosignature.objects.order_by("state_id").values_list("line", flat=True))
    assert note == latest.note + "".join(f"{line}\n" for line in lines)
    # KGZ's page shows KAZ's row, never a section on KAZ's witness.
    assert "The witness of Kazakhstan" not in page(region.delegate("KGZ"))


def test_before_any_checkpoint_the_page_says_so(region):
    html = page(region.delegate("KAZ"))
    assert 'id="no-checkpoint"' in html
    assert signed_in(region.delegate("KAZ")).get("/ledger/checkpoint.txt").status_code == 404

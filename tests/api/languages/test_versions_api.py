"""`/documents/{id}/languages`, `/versions/{lang}` and `/revisions/{n}/concordance` through
HTTP: the versions, their concordance, and refusals in the one error body."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

PARAGRAPHS = [
    {"kind": "preambular", "text": "Recalling the Tashkent meeting of 15 July 2021,"},
    {"kind": "operative", "text": "The participants shall not deploy weapons in outer space."},
]
ZH = ["回顾2021年7月15日的塔什干会议，", "各方不得在外层空间部署武器。"]


def _draft(region: Any) -> str:
    from accord.negotiation import services

    document = services.create_draft(
        actor=region.chair, kind="joint-statement", title="Joint statement",
        paragraphs=PARAGRAPHS, visibility="participants",
    )  # fmt: skip
    return str(document.public_id)


def _put(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, data=json.dumps(body), content_type="application/json")


def test_a_version_is_submitted_read_and_checked_for_concordance(
    region: Any, api: Callable[..., Any]
) -> None:
    doc = _draft(region)
    chair, secretariat = api(region.chair), api(region.secretariat)
    base = f"/api/v1/documents/{doc}"
    answer = _put(chair, f"{base}/languages", {"working_language": "en", "languages": ["zh"]})
    assert answer.status_code == 200, answer.content
    assert answer.json()["languages"] == ["en", "zh"]
    assert answer.json()["missing"] == ["zh"]
    answer = _put(secretariat, f"{base}/versions/zh", {"revision": 1, "title": "联合声明",
                                                         "paragraphs": ZH})  # fmt: skip
    assert answer.status_code == 200, answer.content
    assert [p["label"] for p in answer.json()["paragraphs"]] == ["PP1", "OP1"]
    read = api(region.delegate("TJK")).get(f"{base}/versions/zh")
    assert read.json()["paragraphs"][1]["text"] == ZH[1]
    report = api(region.delegate("TJK")).get(f"{base}/revisions/1/concordance").json()
    assert (report["findings"], report["missing"], report["ready"]) == ([], [], False)
    assert report["unverified"] == ["en", "zh"]

    # "shall not" made "may" in Chinese: three findings on OP1 between en and zh.
    may = [ZH[0], "各方可以在外层空间部署武器。"]
    answer = _put(secretariat, f"{base}/versions/zh",
                  {"revision": 1, "title": "联合声明", "paragraphs": may})  # fmt: skip
    assert answer.status_code == 200
    report = api(region.chair).get(f"{base}/revisions/1/concordance").json()
    assert [(f["check"], f["label"], f["languages"]) for f in report["findings"]] == [
        ("obligation", "OP1", ["en", "zh"]),
        ("permission", "OP1", ["en", "zh"]),
        ("negation", "OP1", ["en", "zh"]),
    ]


def test_a_misaligned_version_is_refused_in_the_one_error_body(
    region: Any, api: Callable[..., Any]
) -> None:
    from accord.languages.models import RevisionVersion

    doc = _draft(region)
    base = f"/api/v1/documents/{doc}"
    _put(api(region.chair), f"{base}/languages", {"working_language": "en", "languages": ["zh"]})
    answer = _put(api(region.secretariat), f"{base}/versions/zh",
                  {"revision": 1, "title": "t", "paragraphs": ZH[:1]})  # fmt: skip
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "version_misaligned"
    assert "1 paragraphs" in body["detail"]
    assert RevisionVersion.objects.count() == 0
    answer = _put(api(region.secretariat), f"{base}/versions/ru",
                  {"revision": 1, "title": "t", "paragraphs": ZH})  # fmt: skip
    assert (answer.status_code, answer.json()["code"]) == (422, "language_not_used")
    answer = _put(api(region.delegate("KGZ")), f"{base}/versions/zh",
                  {"revision": 1, "title": "t", "paragraphs": ZH})  # fmt: skip
    assert answer.status_code == 403
    assert RevisionVersion.objects.count() == 0

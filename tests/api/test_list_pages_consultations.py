"""The consultation page a page at a time (issue 18): the statements awaiting moderation and
the agreement by group (with the state grid's columns) each followed by its `next` link to
the end, every statement once and by number; a changed cursor, a cursor without its list or
an unknown list a 422 page; the first page's query count the same at 3 statements as at 30."""

from __future__ import annotations

import re
from typing import Any

import pytest

from accord.consultations import services
from accord.consultations.models import Statement
from page_clients import signed_in

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<a href="(?P<url>[^"]+)" rel="next">(?P<label>[^<]+)</a>')
PENDING = re.compile(r'<li><span class="number">#(\d+)</span>')
BARS = re.compile(r"<tr><td>(\d+)</td>")
GRID = re.compile(r'<th scope="col" title="[^"]*">#(\d+)</th>')
MORE_PENDING = "More statements awaiting moderation"
MORE = "More statements"


@pytest.fixture(autouse=True)
def _sync_analysis(settings: Any) -> None:
    from accord.consultations import recompute

    settings.ACCORD_ANALYSIS_MODE = "sync"
    recompute.forget_models()


def consult(region: Any, count: int, capture: Any) -> Any:
    made = services.create_consultation(
        actor=region.secretariat, title="Positions on the region", kind="state",
        visibility="members", statements=[f"Statement on point {n}." for n in range(count)],
    )  # fmt: skip
    vote(region, made, range(1, count + 1), capture)
    return made


def vote(region: Any, consultation: Any, numbers: Any, capture: Any) -> None:
    for n, code in enumerate(("KAZ", "KGZ", "TJK", "UZB")):
        with capture(execute=True):  # the analysis runs on commit
            services.cast_votes(
                actor=region.head(code), consultation_id=consultation.pk,
                votes=[services.VoteIn(s, ("agree", "disagree")[(s + n) % 2]) for s in numbers],
            )  # fmt: skip


def links(html: str) -> dict[str, str]:
    return {m.group("label"): m.group("url").replace("&amp;", "&") for m in NEXT.finditer(html)}


def walk(client: Any, url: str, rows: re.Pattern[str], label: str) -> list[list[int]]:
    pages: list[list[int]] = []
    following: str | None = url
    while following is not None:
        response = client.get(following)
        assert response.status_code == 200, response.content[:500]
        html = response.content.decode()
        pages.append([int(n) for n in rows.findall(html)])
        following = links(html).get(label)
    return pages


def test_the_agreement_by_group_and_the_grid_come_a_page_at_a_time_to_the_end(
    region, django_capture_on_commit_callbacks
):
    consultation = consult(region, 7, django_capture_on_commit_callbacks)
    client = signed_in(region.delegate("KGZ"))
    url = f"/consultations/{consultation.public_id}/?limit=3"
    pages = walk(client, url, BARS, MORE)
    assert pages == [[1, 2, 3], [4, 5, 6], [7]]
    assert walk(client, url, GRID, MORE) == pages  # the grid's columns: the same page
    # The map's live refresh keeps the page it is on, and links on from the page.
    second = links(client.get(url).content.decode())[MORE]
    assert (
        f'hx-get="/consultations/{consultation.public_id}/map/?'
        in client.get(second).content.decode()
    )
    fragment = client.get(second.replace("/?", "/map/?")).content.decode()
    assert [int(n) for n in BARS.findall(fragment)] == [4, 5, 6]
    assert links(fragment)[MORE].startswith(f"/consultations/{consultation.public_id}/?")


def test_the_statements_awaiting_moderation_come_a_page_at_a_time_to_the_end(
    region, django_capture_on_commit_callbacks
):
    consultation = consult(region, 2, django_capture_on_commit_callbacks)
    for n in range(5):
        services.submit_statement(
            actor=region.delegate(("KAZ", "KGZ", "TJK", "UZB")[n % 4]),
            consultation_id=consultation.pk,
            text=f"A new point, number {n}.",
        )
    submitted = list(
        Statement.objects.filter(consultation=consultation, status="pending")
        .order_by("number")
        .values_list("number", flat=True)
    )
    client = signed_in(region.secretariat)
    url = f"/consultations/{consultation.public_id}/?limit=2"
    pages = walk(client, url, PENDING, MORE_PENDING)
    assert pages == [submitted[0:2], submitted[2:4], submitted[4:5]]
    # A delegate is no moderator: no queue, no link to one.
    html = signed_in(region.delegate("KGZ")).get(url).content.decode()
    assert PENDING.findall(html) == [] and MORE_PENDING not in html


def test_a_changed_cursor_or_list_on_the_consultation_page_is_a_422_page(
    region, django_capture_on_commit_callbacks
):
    consultation = consult(region, 3, django_capture_on_commit_callbacks)
    client = signed_in(region.delegate("KGZ"))
    base = f"/consultations/{consultation.public_id}/"
    url = links(client.get(f"{base}?limit=1").content.decode())[MORE]
    cursor = re.search(r"cursor=([A-Za-z0-9_-]+)", url)
    assert cursor is not None
    changed = url[:-2] + ("AA" if not url.endswith("AA") else "BB")
    bad = (changed, f"{base}?cursor={cursor.group(1)}", f"{base}?list=all", f"{base}?limit=0")
    for address in bad:
        response = client.get(address)
        assert response.status_code == 422, address
        html = response.content.decode()
        assert f'<a href="{base}">' in html and "Statement on point" not in html
    assert "This cursor was not given by this list" in client.get(changed).content.decode()


def test_the_consultation_page_costs_the_same_at_3_statements_and_at_30(
    region, django_capture_on_commit_callbacks, assert_queries
):
    consultation = consult(region, 3, django_capture_on_commit_callbacks)
    client = signed_in(region.secretariat)
    url = f"/consultations/{consultation.public_id}/?limit=2"
    client.get(url)
    with assert_queries(20) as few:
        client.get(url)
    for n in range(27):
        services.submit_statement(
            actor=region.secretariat, consultation_id=consultation.pk, text=f"More on {n}."
        )
    vote(region, consultation, range(4, 31), django_capture_on_commit_callbacks)
    with assert_queries(20) as many:
        html = client.get(url).content.decode()
    assert BARS.findall(html) == ["1", "2"]
    assert len(many) == len(few)

"""Search benchmark (issue 19): what indexing costs at write time, how fast a search answers,
and what it finds, next to the search it replaced.

Run it with one command from the repository root (SQLite; PostgreSQL with DATABASE_URL)::

    .venv/bin/python bench/search_bench.py [--rows 20000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accord_bench \
        .venv/bin/python bench/search_bench.py

The corpus is seeded and the same on every run: `--rows` concerns (default 20,000), a third
each in English, Chinese (unspaced, as written) and Russian (every noun in a random case),
half of them restricted to two states. It reports

* indexing: `search.index_terms` per concern (title and summary), median and p95 — the
  cost each write pays, jieba and pymorphy3 included;
* searching: `accord.search.selectors.search` (a page each of concerns, interventions and
  documents) as a third state's head, median and p95 over the queries below, next to the
  reference — the search before issue 19 (PostgreSQL: full-text 'simple' configuration or
  a substring; SQLite: a substring), on the same rows;
* the index (PostgreSQL): the same searches, and three for words no concern holds, with
  the trigram GIN index on the search column (`accord.edge.trigram`) and, in a transaction
  rolled back afterwards, without it (the plan before the index), with the plan's scan;
* recall: of the concerns the reader may see that hold the word in some inflection (known
  from the generator), how many each finds, and how many it finds that do not (must be 0).

Nothing is asserted (DESIGN §6); the machine's load is printed beside the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

SEED = 20210322
# Each lexeme in the forms the generator writes (the first is the one searched for first).
RUSSIAN = {
    "угроза": ["угроза", "угрозы", "угрозе", "угрозу", "угрозой", "угрозам", "угрозами"],
    "безопасность": ["безопасность", "безопасности", "безопасностью"],
    "граница": ["граница", "границы", "границе", "границу", "границей", "границам"],
    "сотрудничество": ["сотрудничество", "сотрудничества", "сотрудничеству"],
    "вода": ["вода", "воды", "воде", "воду", "водой"],
}
RUSSIAN_FILLER = ["участники", "регион", "обсуждают", "совместно", "вопрос", "меры", "доверие"]
CHINESE = ["安全", "合作", "地区", "稳定", "恐怖主义", "水资源", "边境", "对话", "发展", "互信"]
ENGLISH = ["security", "cooperation", "border", "water", "dialogue", "terrorism", "stability"]
ENGLISH_FILLER = ["the", "participants", "discuss", "regional", "measures", "and", "trust"]
QUERIES = ["угроза", "угрозам", "безопасности", "граница", "安全", "水资源", "地区安全",
           "security", "border water"]  # fmt: skip
# Words no concern holds: a search must prove there is nothing, the worst case for a scan.
ABSENT = ["ледник", "冰川", "glacier"]


def _setup_django() -> None:
    os.environ.setdefault("ACCORD_DATA_DIR", tempfile.mkdtemp(prefix="accord-search-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.site.settings")
    os.environ.setdefault("ACCORD_FAST_PASSWORD_HASHER", "1")
    os.environ.setdefault("ACCORD_LOG_LEVEL", "error")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", "-v", "0")


def _text(rng: random.Random, n: int) -> tuple[str, str, set[str]]:
    """(title, summary, lexemes it holds) of the n-th concern."""
    language = n % 3
    if language == 0:
        chosen = rng.sample(ENGLISH, 2)
        words = chosen + rng.sample(ENGLISH_FILLER, 4)
        rng.shuffle(words)
        return " ".join(words[:3]).capitalize(), " ".join(words) + ".", set(chosen)
    if language == 1:
        chosen = rng.sample(CHINESE, 3)
        return "".join(chosen[:2]), "各方" + "".join(chosen) + "问题。", set(chosen)
    lexemes = rng.sample(sorted(RUSSIAN), 2)
    words = [rng.choice(RUSSIAN[lexeme]) for lexeme in lexemes] + rng.sample(RUSSIAN_FILLER, 3)
    rng.shuffle(words)
    return " ".join(words[:3]).capitalize(), " ".join(words) + ".", set(lexemes)


def _people() -> tuple[Any, Any]:
    from datetime import date

    from accord.members import services

    secretariat = services.add_person(
        actor=None, username="bench-secretariat", password="x" * 12, role="secretariat",
        state_code=None,
    )  # fmt: skip
    for code in ("QZA", "QZB", "QZC"):
        services.admit_state(
            actor=secretariat, code=code, name_en=code, name_zh=code, name_ru=code,
            status="member", joined_on=date(2021, 3, 22),
        )  # fmt: skip
    heads = []
    for code in ("QZA", "QZC"):
        heads.append(services.add_person(
            actor=secretariat, username=f"{code.lower()}-head", password="x" * 12,
            role="head", state_code=code,
        ))  # fmt: skip
    return heads[0], heads[1]


def _corpus(rows: int, raiser: Any) -> tuple[dict[int, set[str]], list[float]]:
    """Bulk-write the concerns with their search column; what each visible one holds."""
    from accord.dialogue.models import Concern
    from accord.domain import search

    rng = random.Random(SEED)
    batch, holds, timings = [], {}, []
    for n in range(rows):
        title, summary, lexemes = _text(rng, n)
        started = time.perf_counter()
        terms = search.index_terms(title, summary)
        timings.append(time.perf_counter() - started)
        restricted = n % 2 == 1  # QZA and QZB only: the reader (QZC) may not see these
        batch.append(Concern(title=title, summary=summary, search_terms=terms,
                             category="other", raised_by_state_id="QZA", raised_by=raiser,
                             visibility="restricted" if restricted else "participants",
                             audience_states=",QZA,QZB," if restricted else ""))  # fmt: skip
        if not restricted:
            holds[n] = lexemes
        if len(batch) == 2_000:
            Concern.objects.bulk_create(batch)
            batch = []
    Concern.objects.bulk_create(batch)
    return holds, timings


def _reference(user: Any, query: str) -> list[int]:
    """The search before issue 19, on concerns (its `dialogue.selectors.search`)."""
    from django.db import connection
    from django.db.models import Q

    from accord.dialogue.selectors import concerns

    text = query.strip()
    found = concerns(user)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        rank = SearchRank(SearchVector("title", "summary", config="simple"),
                          SearchQuery(text, config="simple", search_type="websearch"))  # fmt: skip
        found = found.annotate(rank=rank).filter(
            Q(rank__gt=0) | Q(title__icontains=text) | Q(summary__icontains=text)
        )
    else:
        found = found.filter(Q(title__icontains=text) | Q(summary__icontains=text))
    return list(found.values_list("id", flat=True)[:50])


def _timed(run: Callable[[], object], repeat: int) -> list[float]:
    run()  # warm: caches, the dictionaries' first load
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        out.append(time.perf_counter() - started)
    return out


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:8.2f} ms  p95 {p95 * 1000:8.2f} ms"


def _lexemes_of(query: str) -> set[str]:
    from accord.domain import search

    wanted = set()
    for forms in search.parse_query(query).words:
        wanted |= {w for w in [*RUSSIAN, *CHINESE, *ENGLISH] if w in forms}
    return wanted


def _recall(user: Any, holds: dict[int, set[str]], id_of: dict[int, int]) -> None:
    """Found / expected and wrongly found, on all visible rows (no result cap)."""
    from django.db import connection
    from django.db.models import Q

    from accord.dialogue.selectors import concerns
    from accord.edge.search import answering, read_query

    by_id = {id_of[n]: lexemes for n, lexemes in holds.items()}
    print(f"\n{'query':<16}{'expected':>9}{'found':>8}{'wrong':>7}{'reference':>11}{'wrong':>7}")
    for query in QUERIES:
        wanted = _lexemes_of(query)
        expected = {i for i, lexemes in by_id.items() if wanted <= lexemes} if wanted else set()
        matching = concerns(user).filter(answering(read_query(query)))
        found = set(matching.values_list("id", flat=True))
        text = query.strip()
        reference = concerns(user).filter(Q(title__icontains=text) | Q(summary__icontains=text))
        old = set(reference.values_list("id", flat=True))
        if connection.vendor == "postgresql":
            old = set(_reference_all(user, text))
        print(f"{query:<16}{len(expected):>9}{len(found & expected):>8}{len(found - expected):>7}"
              f"{len(old & expected):>11}{len(old - expected):>7}")  # fmt: skip


def _reference_all(user: Any, text: str) -> list[int]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
    from django.db.models import Q

    from accord.dialogue.selectors import concerns

    rank = SearchRank(SearchVector("title", "summary", config="simple"),
                      SearchQuery(text, config="simple", search_type="websearch"))  # fmt: skip
    found = concerns(user).annotate(rank=rank)
    found = found.filter(Q(rank__gt=0) | Q(title__icontains=text) | Q(summary__icontains=text))
    return list(found.values_list("id", flat=True))


def _index_comparison(reader: Any, repeat: int) -> None:
    """PostgreSQL: each search with the trigram index, then without it (dropped inside a
    transaction that is rolled back, so the database keeps it)."""
    from django.db import connection, transaction

    from accord.dialogue.models import Concern
    from accord.dialogue.selectors import concerns
    from accord.edge.search import answering, read_query
    from accord.search import selectors

    def scan(query: str) -> str:
        found = concerns(reader).filter(answering(read_query(query)))
        plan = found.order_by("-raised_at", "-id")[:51].explain()
        for kind in ("Bitmap Index Scan on concern_search_trgm", "Index Scan Backward", "Seq Scan"):
            if kind in plan:
                return kind.split(" on ")[0].lower()
        return "other"

    queries = QUERIES + ABSENT
    with_index = {q: (_timed(lambda q=q: selectors.search(reader, q), repeat), scan(q))
                  for q in queries}  # fmt: skip
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX concern_search_trgm")
        without = {q: (_timed(lambda q=q: selectors.search(reader, q), repeat), scan(q))
                   for q in queries}  # fmt: skip
        transaction.set_rollback(True)
    print(f"\ntrigram index, {Concern.objects.count()} concerns (first page of 50, newest first)")
    for query in queries:
        (ours, plan), (theirs, old_plan) = with_index[query], without[query]
        print(f"{query:<16} with {_ms(ours)} ({plan})\n{'':<16} without {_ms(theirs)} ({old_plan})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    _setup_django()
    from django.db import connection

    from accord.dialogue.models import Concern
    from accord.search import selectors

    raiser, reader = _people()
    holds, indexing = _corpus(args.rows, raiser)
    ids = list(Concern.objects.order_by("id").values_list("id", flat=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE dialogue_concern")  # the statistics a live table has
    print(f"database: {connection.vendor}; {args.rows} concerns, half restricted; "
          f"load average {os.getloadavg()}")  # fmt: skip
    print(f"indexing (title + summary)  {_ms(indexing)}")
    for query in QUERIES:
        ours = _timed(lambda q=query: selectors.search(reader, q), args.repeat)
        theirs = _timed(lambda q=query: _reference(reader, q), args.repeat)
        print(f"{query:<16} search {_ms(ours)}   reference {_ms(theirs)}")
    if connection.vendor == "postgresql":
        _index_comparison(reader, args.repeat)
    _recall(reader, holds, dict(enumerate(ids)))
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

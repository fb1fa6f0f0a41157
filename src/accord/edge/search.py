"""Search as every app's selectors run it: a query read by the domain (`accord.domain.search`)
with its refusals worded in the reader's language, and the filter that finds, in the query,
the rows whose search column answers it.

Each searchable model keeps a `search_terms` column written by its service when the text is
written (`search.index_terms`); `answering` compares with `contains`, which SQLite and
PostgreSQL decide alike, so both databases find exactly the same rows. The filter is applied
to a selector's queryset, which already holds only what the reader may see (rule 5).
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.db.models import Q
from django.utils.translation import gettext as _

from accord.domain import search
from accord.domain.errors import InvalidInput


def _refusals() -> dict[str, str]:
    return {
        "search_empty": _("Give some words to search for."),
        "search_too_long": _("A search is at most %(n)s characters.") % {"n": search.QUERY_LIMIT},
        "search_no_words": _("The search holds no word to look for."),
        "search_too_many_words": _("A search is at most %(n)s words.") % {"n": search.QUERY_WORDS},
    }


def read_query(text: str) -> search.Query:
    """The query's words; InvalidInput (field `q`, a sentence in the reader's language)."""
    try:
        return search.parse_query(text)
    except InvalidInput as refused:
        raise InvalidInput(
            _refusals().get(refused.code, refused.message), code=refused.code, field="q"
        ) from None


def answering(query: search.Query, field: str = "search_terms") -> Q:
    """The rows whose `field` holds, for every word of `query`, a term beginning with one of
    its forms."""
    return reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{field}__contains": needle}) for needle in needles))
            for needles in query.needles()
        ),
    )

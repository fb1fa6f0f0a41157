"""Search in the three languages: the terms a text is indexed under when it is written,
the words of a query, and whether an index answers a query.

Import from here (`from accord.domain import search`)."""

from accord.domain.search.terms import (
    INDEX_LIMIT,
    QUERY_LIMIT,
    QUERY_WORDS,
    Query,
    index_terms,
    matches,
    parse_query,
)

__all__ = [
    "INDEX_LIMIT",
    "QUERY_LIMIT",
    "QUERY_WORDS",
    "Query",
    "index_terms",
    "matches",
    "parse_query",
]

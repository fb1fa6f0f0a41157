"""The mediator's runtime side: embedders, the optional LLM drafter, and the entry point.

The rules live in `accord.domain.mediation` (pure, numpy only). This package adds what
needs the outside world (torch for sentence embeddings, HTTP for an LLM endpoint) and
`suggest_wordings`, the one function the Django app calls.
"""

from accord.mediator.suggestions import drafter_from_env, suggest_wordings

__all__ = ["drafter_from_env", "suggest_wordings"]

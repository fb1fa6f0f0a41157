"""The mediator's tests run offline: the hashing embedder, no LLM, the analysis in-line.
The mediator's fixtures are `tests/fixtures/mediator.py`."""

import pytest


@pytest.fixture(autouse=True)
def _offline(offline_mediator: None) -> None:
    """Every test of this folder, with the mediator offline."""

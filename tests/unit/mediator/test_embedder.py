"""Sentence embedders used to merge near-duplicate wordings."""

from __future__ import annotations

import importlib.util
import os

import numpy as np
import pytest

from accord.mediator.embedder import HashingEmbedder, MiniLMEmbedder, minilm_available

NEAR = (
    "The states shall refrain from deploying weapons in outer space.",
    "States will not deploy weapons in outer space.",
)
UNRELATED = "Vaccines should be distributed fairly among all countries."


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is None,
    reason="torch is not installed: pip install torch==2.13.0 'accord[mediator]'",
)
def test_minilm_gives_near_duplicates_high_cosine_and_unrelated_low() -> None:
    assert minilm_available() == (True, "available")
    vectors = MiniLMEmbedder().embed([*NEAR, UNRELATED])

    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) > 0.8
    assert float(vectors[0] @ vectors[2]) < 0.5
    assert float(vectors[1] @ vectors[2]) < 0.5
    # Loaded from the package on disk, with the hub switched off.
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_hashing_embedder_is_deterministic_unit_and_spelling_aware() -> None:
    texts = [NEAR[0], NEAR[0].replace("outer space", "outer  space!"), UNRELATED, ""]
    first = HashingEmbedder().embed(texts)
    second = HashingEmbedder().embed(texts)

    assert np.array_equal(first, second)
    assert np.allclose(np.linalg.norm(first[:3], axis=1), 1.0)
    assert np.array_equal(first[3], np.zeros(first.shape[1]))
    assert float(first[0] @ first[1]) > 0.9
    assert float(first[0] @ first[2]) < 0.3

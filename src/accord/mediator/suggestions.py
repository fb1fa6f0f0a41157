"""What the Django app calls: wording suggestions for a paragraph or a concern.

`suggest_wordings` runs the optional LLM drafter (when configured), then the domain's
extractive drafter and scorer over everything, and never lets a drafter or embedder
failure escape: each becomes a note for the chair and the offline answer stands.
Domain errors about the input itself (`accord.domain.errors.InvalidInput`: an empty
paragraph, a concern with no positions) do propagate, for the API to answer 422.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Mapping
from typing import Literal

from accord.domain.mediation import (
    DEFAULT_VETO_THRESHOLD,
    Embedder,
    MediationResult,
    Positions,
    ProposedWording,
    Subject,
    propose_wordings,
)
from accord.mediator.embedder import HashingEmbedder, default_embedder
from accord.mediator.llm import ChatCompletionsDrafter, Drafter, DrafterUnavailable, LLMConfig

logger = logging.getLogger(__name__)

__all__ = ["drafter_from_env", "suggest_wordings"]


def drafter_from_env(env: Mapping[str, str] | None = None) -> tuple[Drafter | None, str | None]:
    """The LLM drafter the environment asks for, if any, and a note when misconfigured."""
    try:
        config = LLMConfig.from_env(os.environ if env is None else env)
    except DrafterUnavailable as error:
        return None, f"LLM drafter not used: {error}"
    return (ChatCompletionsDrafter(config) if config else None), None


def suggest_wordings(
    subject: Subject,
    positions: Positions,
    *,
    drafter: Drafter | Literal["env"] | None = "env",
    embedder: Embedder | None = None,
    limit: int = 10,
    veto_threshold: float = DEFAULT_VETO_THRESHOLD,
) -> MediationResult:
    """Ranked candidate wordings for the chair, with notes on anything that fell back.

    `drafter="env"` uses the LLM drafter configured by ACCORD_LLM_* variables (none by
    default); pass None to use only the extractive drafter, or any `Drafter`.
    """
    notes: list[str] = []
    if drafter == "env":
        drafter, note = drafter_from_env()
        if note:
            notes.append(note)
    extra: list[ProposedWording] = []
    if drafter is not None:
        try:
            extra = drafter.draft(subject, positions, count=limit)
        except DrafterUnavailable as error:
            notes.append(f"{error} Showing the offline drafter's wordings only.")
        except Exception as error:  # a third-party drafter must not break the page
            logger.exception("Mediator: drafter %r failed", getattr(drafter, "name", drafter))
            notes.append(
                f"The {getattr(drafter, 'name', 'external')} drafter failed "
                f"({type(error).__name__}). Showing the offline drafter's wordings only."
            )
    chosen = embedder if embedder is not None else default_embedder()
    try:
        result = propose_wordings(
            subject, positions, embedder=chosen, extra_wordings=extra,
            limit=limit, veto_threshold=veto_threshold,
        )  # fmt: skip
    except (ImportError, OSError, RuntimeError) as error:
        # The model failed to load or run (a broken install, say): merge by spelling instead.
        logger.warning("Mediator: embedder failed (%s); using the hashing embedder", error)
        notes.append(
            "The sentence-embedding model could not run; near-duplicates were "
            "merged by spelling instead."
        )
        result = propose_wordings(
            subject, positions, embedder=HashingEmbedder(), extra_wordings=extra,
            limit=limit, veto_threshold=veto_threshold,
        )  # fmt: skip
    if notes:
        result = dataclasses.replace(result, notes=(*result.notes, *notes))
    return result

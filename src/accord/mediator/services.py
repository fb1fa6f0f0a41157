"""Every write of the mediator: asking for suggestions, and the chair turning one into an
amendment.

Asking computes in the request, then stores the answer and records the use on the ledger.
Unlike other services, `ask_on_consultation` and `ask_on_paragraph` are not one
transaction from end to end, on purpose: the computation can wait on an LLM endpoint (for at
most `ACCORD_LLM_TIMEOUT` seconds) and must not hold a database transaction, let alone the
ledger's head lock, meanwhile. They read, compute outside any transaction, then store and
record in one short transaction (`_store`), which re-reads the object so that an audience
changed in between is the one recorded.

Why in the request and not off the request path (as the consultations' analysis is): a
state consultation or a paragraph has tens of states and a few hundred statements at most,
and the scorer answers in well under a second; what is slow is loading the sentence-
embedding model (~45 s on first use), and that is done once per process, in a background
thread. A request waits for it at most `ACCORD_MEDIATOR_EMBEDDER_WAIT` seconds (default 10);
if it is not ready by then, that request merges near-duplicates with the hashing embedder
and says so in a note, and the next request uses the model. Nothing blocks for longer than
that wait plus the LLM timeout.

Settings (Django settings first, then the environment):
- `ACCORD_MEDIATOR_EMBEDDER`: `minilm` or `hashing` (default: minilm when torch and the
  model package import, else hashing);
- `ACCORD_MEDIATOR_EMBEDDER_WAIT`: seconds a request waits for the model to load;
- `ACCORD_LLM_URL`, `ACCORD_LLM_MODEL`, `ACCORD_LLM_API_KEY`, `ACCORD_LLM_TIMEOUT`: the
  optional LLM drafter (`accord.mediator.llm`), off by default.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accord.domain.errors import NotPermitted, RuleViolation
from accord.domain.mediation import Embedder, MediationResult, Positions, Subject
from accord.ledger.services import record
from accord.mediator import selectors
from accord.mediator.embedder import HashingEmbedder, MiniLMEmbedder, minilm_available
from accord.mediator.llm import LLMConfig
from accord.mediator.models import Mediation
from accord.mediator.suggestions import drafter_from_env, suggest_wordings
from accord.members.models import User
from accord.negotiation import services as negotiation_services
from accord.negotiation.models import Amendment

logger = logging.getLogger(__name__)

LIMIT = 10
LLM_SETTINGS = ("ACCORD_LLM_URL", "ACCORD_LLM_MODEL", "ACCORD_LLM_API_KEY", "ACCORD_LLM_TIMEOUT")
DEFAULT_EMBEDDER_WAIT = 10.0


# --- configuration -----------------------------------------------------------------------


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


# --- computing ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Computed:
    result: MediationResult
    drafters: str
    embedder: str


def compute(
    subject: Subject, positions: Positions, *, embedder: Embedder | None = None
) -> Computed:
    """Run the mediator with the configured drafter and embedder; never raises for them.

    Raises only `InvalidInput` about the input itself (an empty paragraph, no positions).
    Precondition: not inside a transaction that others wait on (the LLM call may take up
    to its timeout).
    """
    notes: list[str] = []
    drafter, note = drafter_from_env(llm_environment())
    if note:
        notes.append(note + " " + _("Showing the offline drafter's wordings only."))
    name = _embedder_name(embedder)
    if embedder is None:
        embedder, name, embedder_note = mediator_embedder()
        if embedder_note:
            notes.append(embedder_note)
    result = suggest_wordings(subject, positions, drafter=drafter, embedder=embedder, limit=LIMIT)
    if any("sentence-embedding model could not run" in n for n in result.notes):
        name = "hashing"  # suggest_wordings fell back when the model failed mid-run
    if notes:
        result = dataclasses.replace(result, notes=(*result.notes, *notes))
    used_llm = drafter is not None and any(w.origin == "llm" for w in result.wordings)
    return Computed(result, "extractive+llm" if used_llm else "extractive", name)


def _embedder_name(embedder: Embedder | None) -> str:
    if isinstance(embedder, HashingEmbedder):
        return "hashing"
    if embedder is None or isinstance(embedder, MiniLMEmbedder):
        return "minilm"
    return type(embedder).__name__[:20]


def _as_json(result: MediationResult) -> tuple[dict[str, Any], str]:
    data = dataclasses.asdict(result)
    for item in data["wordings"]:
        item["is_deletion"] = item["text"] == ""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # Stored as read back (lists, not tuples), so the row in hand equals the row reloaded.
    return json.loads(text), hashlib.sha256(text.encode()).hexdigest()


# --- asking ------------------------------------------------------------------------------


def ask_on_consultation(
    *, actor: User, consultation_id: int, embedder: Embedder | None = None
) -> Mediation:
    """Candidate consensus statements for a state consultation, stored and on the ledger.

    NotFound when the actor may not see it, NotPermitted unless the actor moderates it,
    RuleViolation for an open consultation, InvalidInput when no state has voted on any
    accepted statement. See the module docstring on why this is not one transaction.
    """
    consultation = selectors.consultation_for(actor, consultation_id)
    subject, positions = selectors.consultation_input(consultation)
    computed = compute(subject, positions, embedder=embedder)
    return _store_consultation(actor, consultation.pk, computed)


@transaction.atomic
def _store_consultation(actor: User, consultation_id: int, computed: Computed) -> Mediation:
    consultation = selectors.consultation_for(actor, consultation_id)
    data, digest = _as_json(computed.result)
    mediation = Mediation.objects.create(
        subject=Mediation.Subject.CONSULTATION,
        consultation=consultation,
        visibility=consultation.visibility,
        owner_state=consultation.owner_state,
        restricted_states=consultation.restricted_states,
        requested_by=actor,
        drafters=computed.drafters,
        embedder=computed.embedder,
        result=data,
        result_sha256=digest,
    )
    record(
        actor=actor,
        action="mediator.suggested",
        obj=mediation,
        audience=consultation.audience,
        payload={
            "subject": "consultation",
            "consultation": consultation.public_id,
            "wordings": len(computed.result.wordings),
            "drafters": computed.drafters,
            "embedder": computed.embedder,
            "sha256": digest,
        },
    )
    return mediation


def ask_on_paragraph(
    *,
    actor: User,
    document_id: int,
    paragraph_id: int,
    bracket_id: int | None = None,
    embedder: Embedder | None = None,
) -> Mediation:
    """Candidate wordings for a bracket of a paragraph of the current revision.

    NotFound when the actor may not see the document (or the paragraph does not exist),
    NotPermitted unless the actor is the chair or the secretariat, RuleViolation when the
    paragraph holds no bracket, InvalidInput when no state has taken a position on it.
    """
    document = selectors.document_for(actor, document_id)
    asked = selectors.paragraph_input(actor, document, paragraph_id, bracket_id)
    computed = compute(asked.subject, asked.positions, embedder=embedder)
    return _store_paragraph(actor, asked, computed)


@transaction.atomic
def _store_paragraph(actor: User, asked: selectors.ParagraphInput, computed: Computed) -> Mediation:
    document = selectors.document_for(actor, asked.document.pk)
    data, digest = _as_json(computed.result)
    mediation = Mediation.objects.create(
        subject=Mediation.Subject.PARAGRAPH,
        document=document,
        paragraph_id=asked.paragraph.id,
        bracket_id=asked.bracket.id,
        revision=asked.revision.number,
        visibility=document.visibility,
        owner_state=document.owner_state_id,
        restricted_states=document.audience_states,
        requested_by=actor,
        drafters=computed.drafters,
        embedder=computed.embedder,
        result=data,
        result_sha256=digest,
    )
    record(
        actor=actor,
        action="mediator.suggested",
        obj=mediation,
        audience=document.audience,
        payload={
            "subject": "paragraph",
            "document": document.public_id,
            "paragraph_id": asked.paragraph.id,
            "bracket_id": asked.bracket.id,
            "revision": asked.revision.number,
            "wordings": len(computed.result.wordings),
            "drafters": computed.drafters,
            "embedder": computed.embedder,
            "sha256": digest,
        },
    )
    return mediation


# --- the chair's amendment ---------------------------------------------------------------


@transaction.atomic
def propose_as_amendment(
    *, actor: User, document_id: int, paragraph_id: int, rank: int
) -> tuple[Mediation, Amendment]:
    """The chair proposes the wording of that rank, from the latest suggestions on the
    paragraph, as an amendment replacing the bracket (`replace-span` on its segment).

    The amendment is the chair's own act (proposed by the chair, for the chair's state, as
    `accord.negotiation.services.propose_amendment` records it); the mediator only supplied
    the words. RuleViolation when the suggestions were made for an earlier revision or the
    wording was already proposed; NotPermitted for anyone but the chair.
    """
    document = selectors.document_for(actor, document_id)
    if not actor.is_chair:
        raise NotPermitted(_("Only the chair turns a suggested wording into an amendment."))
    latest = (
        Mediation.objects.select_for_update()
        .filter(document=document, paragraph_id=paragraph_id)
        .order_by("-requested_at", "-id")
        .first()
    )
    if latest is None:
        raise RuleViolation(_("No suggestions have been asked for on this paragraph yet."))
    if latest.revision != document.current_revision:
        raise RuleViolation(
            _(
                "These suggestions were made for Rev.%(old)s; the current revision is "
                "Rev.%(new)s. Ask for suggestions again."
            )
            % {"old": latest.revision, "new": document.current_revision}
        )
    if str(rank) in latest.amendments:
        raise RuleViolation(
            _("This wording was already proposed as amendment %(code)s.")
            % {"code": latest.amendments[str(rank)]}
        )
    chosen = selectors.wording(latest, rank)
    asked = selectors.paragraph_input(actor, document, paragraph_id, latest.bracket_id)
    amendment = negotiation_services.propose_amendment(
        actor=actor,
        document_id=document.pk,
        against=document.current_revision,
        kind=Amendment.Kind.REPLACE_SPAN,
        paragraph_id=paragraph_id,
        text=str(chosen["text"]),
        span=(asked.segment, 0, 0),
    )
    latest.amendments = {**latest.amendments, str(rank): amendment.code}
    latest.save(update_fields=["amendments"])
    record(
        actor=actor,
        action="mediator.wording_proposed",
        obj=latest,
        audience=document.audience,
        payload={
            "document": document.public_id,
            "paragraph_id": paragraph_id,
            "bracket_id": latest.bracket_id,
            "revision": latest.revision,
            "rank": rank,
            "amendment": amendment.code,
            "text": amendment.text,
        },
    )
    return latest, amendment


def describe_llm() -> str | None:
    """The LLM endpoint in use, for the page (None when the drafter is off or misconfigured)."""
    try:
        config = LLMConfig.from_env(llm_environment())
    except Exception:
        return None
    return config.endpoint if config else None

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

The settings (which embedder, the optional LLM drafter) are read by
`accord.mediator.configuration`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.domain import events
from accord.domain.errors import NotPermitted, RuleViolation
from accord.domain.mediation import (
    AlignedSource,
    Embedder,
    MediationResult,
    Positions,
    SourceKey,
    Subject,
    counterparts_of,
)
from accord.domain.visibility import Audience
from accord.ledger.services import record
from accord.mediator import selectors
from accord.mediator.configuration import llm_environment, mediator_embedder
from accord.mediator.embedder import HashingEmbedder, MiniLMEmbedder
from accord.mediator.models import Mediation
from accord.mediator.suggestions import drafter_from_env, suggest_wordings
from accord.members.models import User
from accord.negotiation import services as negotiation_services
from accord.negotiation.models import Amendment, Document

LIMIT = 10


# --- computing ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Computed:
    result: MediationResult
    drafters: str
    embedder: str
    # Per wording, in rank order: its text in the other language versions (may be empty).
    counterparts: tuple[dict[str, str], ...] = ()


def with_counterparts(computed: Computed, aligned: Mapping[SourceKey, AlignedSource]) -> Computed:
    """Each wording's counterparts in the other language versions of the revision read."""
    return dataclasses.replace(
        computed,
        counterparts=tuple(
            counterparts_of(w.text, w.provenance, aligned) for w in computed.result.wordings
        ),
    )


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


def _as_json(computed: Computed) -> tuple[dict[str, Any], str]:
    data = dataclasses.asdict(computed.result)
    for rank, item in enumerate(data["wordings"]):
        item["is_deletion"] = item["text"] == ""
        item["counterparts"] = computed.counterparts[rank] if computed.counterparts else {}
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
    return _store(
        actor,
        computed,
        Mediation.Subject.CONSULTATION,
        {
            "consultation": consultation,
            "visibility": consultation.visibility,
            "owner_state": consultation.owner_state,
            "audience_states": consultation.audience_states,
        },
        consultation.audience,
        {"consultation": consultation.public_id},
    )


def ask_on_paragraph(
    *,
    actor: User,
    document_id: int,
    paragraph_id: int,
    bracket_id: int | None = None,
    embedder: Embedder | None = None,
) -> Mediation:
    """Candidate wordings for a bracket of a paragraph of the current revision, each of the
    states' own wordings with its counterparts in the revision's other language versions.

    NotFound when the actor may not see the document (or the paragraph does not exist),
    NotPermitted unless the actor is the chair or the secretariat, RuleViolation when the
    paragraph holds no bracket, InvalidInput when no state has taken a position on it.
    """
    document = selectors.document_for(actor, document_id)
    asked = selectors.paragraph_input(actor, document, paragraph_id, bracket_id)
    computed = compute(asked.subject, asked.positions, embedder=embedder)
    return _store_paragraph(actor, asked, with_counterparts(computed, asked.aligned))


@transaction.atomic
def _store_paragraph(actor: User, asked: selectors.ParagraphInput, computed: Computed) -> Mediation:
    document = selectors.document_for(actor, asked.document.pk)
    return _store(
        actor,
        computed,
        Mediation.Subject.PARAGRAPH,
        {
            "document": document,
            "paragraph_id": asked.paragraph.id,
            "bracket_id": asked.bracket.id,
            "revision": asked.revision.number,
            "visibility": document.visibility,
            "owner_state": document.owner_state_id,
            "audience_states": document.audience_states,
        },
        document.audience,
        {
            "document": document.public_id,
            "paragraph_id": asked.paragraph.id,
            "bracket_id": asked.bracket.id,
            "revision": asked.revision.number,
        },
    )


def _store(
    actor: User,
    computed: Computed,
    subject: Mediation.Subject,
    about: dict[str, Any],
    audience: Audience,
    named: dict[str, Any],
) -> Mediation:
    """Keep the suggestions (`about`: what they are on, with its audience's fields) and
    record that they were asked for, the ledger entry naming the subject (`named`).
    Precondition: inside the storing transaction, the subject re-read in it."""
    data, digest = _as_json(computed)
    mediation = Mediation.objects.create(
        subject=subject,
        **about,
        requested_by=actor,
        drafters=computed.drafters,
        embedder=computed.embedder,
        result=data,
        result_sha256=digest,
    )
    record(
        actor=actor,
        action=events.MEDIATOR_SUGGESTED,
        obj=mediation,
        audience=audience,
        payload={
            "subject": str(subject),
            **named,
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
    the words, and their counterparts its wording in the other language versions.
    RuleViolation when the suggestions were made for an earlier revision or the wording was
    already proposed; NotPermitted for anyone but the chair.
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
    latest = check_wording_proposal(document, latest, rank)
    return latest, do_propose_as_amendment(actor, document, latest, paragraph_id, rank)


def check_wording_proposal(document: Document, latest: Mediation | None, rank: int) -> Mediation:
    """The suggestions to choose from: there, made for the current revision, and with that
    wording not proposed yet. Writes nothing."""
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
    return latest


def translations_of(
    chosen: Mapping[str, Any], aligned: Mapping[SourceKey, AlignedSource]
) -> dict[str, dict[str, str]]:
    """The chosen wording in the other language versions, as the amendment's translations,
    so that the next revision's versions can be made from it: its counterparts, or for a
    deletion no words in each. Only languages the revision has versions in now."""
    present = {code for source in aligned.values() for code in source.counterparts}
    if str(chosen["text"]) == "":
        return {code: {"text": ""} for code in sorted(present)}
    counterparts = chosen.get("counterparts") or {}
    return {code: {"text": str(text)} for code, text in counterparts.items() if code in present}


def do_propose_as_amendment(
    actor: User, document: Document, latest: Mediation, paragraph_id: int, rank: int
) -> Amendment:
    """Propose the wording and note its amendment on the suggestions. Needs the lock on
    `latest` (the Mediation row), so that one wording is proposed once."""
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
        translations=translations_of(chosen, asked.aligned),
    )
    latest.amendments = {**latest.amendments, str(rank): amendment.code}
    latest.save(update_fields=["amendments"])
    record(
        actor=actor,
        action=events.MEDIATOR_WORDING_PROPOSED,
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
    return amendment

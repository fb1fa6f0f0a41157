"""The mediator in the product, through its services and selectors: who may ask, what is
stored and recorded, bad input, and the chair's amendment from a suggestion."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from accord.consultations import services as consultations
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.mediation import PREDICTION_LABEL
from accord.domain.visibility import Audience, Visibility
from accord.ledger.models import LedgerEntry
from accord.mediator import configuration, selectors, services
from accord.mediator.embedder import HashingEmbedder
from accord.mediator.models import Mediation
from accord.negotiation import selectors as negotiation_selectors
from accord.negotiation import services as negotiation

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int]:
    return Mediation.objects.count(), LedgerEntry.objects.count()


def uzb_amendment_on_the_bracket(region: Any, document: Any) -> None:
    """UZB proposes new words for the bracket of OP1; KGZ and TJK support them."""
    negotiation.propose_amendment(
        actor=region.head("UZB"), document_id=document.pk, against=1, kind="replace-span",
        paragraph_id=2, span=(1, 0, 0), text="call for the prevention of",
    )  # fmt: skip
    negotiation.support_amendment(actor=region.head("KGZ"), document_id=document.pk, code="A1")
    negotiation.support_amendment(actor=region.head("TJK"), document_id=document.pk, code="A1")


# --- consultations -----------------------------------------------------------------------


def test_secretariat_sees_the_statement_every_state_voted_for_ranked_first(
    region, consultation, seeds
):
    mediation = services.ask_on_consultation(
        actor=region.secretariat, consultation_id=consultation.pk
    )

    top = mediation.result["wordings"][0]
    assert top["text"] == seeds[0]
    assert [(s["source_kind"], s["source_id"]) for s in top["provenance"]] == [("statement", "s1")]
    assert [(a["state"], a["basis"]) for a in top["acceptance"]] == [
        ("KAZ", "votes"), ("KGZ", "votes"), ("TJK", "votes"), ("UZB", "votes"),
    ]  # fmt: skip
    assert top["predicted_objections"] == []
    assert top["label"] == PREDICTION_LABEL
    assert mediation.result["label"] == PREDICTION_LABEL
    assert [w["text"] for w in mediation.result["wordings"]] == seeds
    assert (mediation.drafters, mediation.embedder) == ("extractive", "hashing")


def test_every_request_is_on_the_ledger_with_the_consultations_audience(region, consultation):
    before = LedgerEntry.objects.count()

    mediation = services.ask_on_consultation(
        actor=region.secretariat, consultation_id=consultation.pk
    )

    entry = LedgerEntry.objects.order_by("-seq").first()
    assert LedgerEntry.objects.count() == before + 1
    assert entry is not None
    assert (entry.action, entry.object_type, entry.object_id) == (
        "mediator.suggested", "mediator.mediation", mediation.public_id,
    )  # fmt: skip
    assert entry.payload["sha256"] == mediation.result_sha256
    assert entry.payload["wordings"] == 3
    assert mediation.audience == Audience(Visibility.MEMBERS)


def test_a_restricted_consultations_suggestions_are_restricted_the_same_way(
    region, restricted_consultation
):
    mediation = services.ask_on_consultation(
        actor=region.head("KAZ"), consultation_id=restricted_consultation.pk
    )

    assert mediation.audience == Audience(Visibility.RESTRICTED, states=frozenset({"KAZ", "KGZ"}))
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.action == "mediator.suggested"
    assert entry.visibility == "restricted"
    # Only the named states take part: TJK and UZB have no row of acceptance.
    assert {a["state"] for a in mediation.result["wordings"][0]["acceptance"]} == {"KAZ", "KGZ"}


def test_a_delegate_is_refused_and_nothing_changes(region, consultation):
    before = counts()

    with pytest.raises(NotPermitted):
        services.ask_on_consultation(actor=region.delegate("KGZ"), consultation_id=consultation.pk)
    with pytest.raises(NotPermitted):
        selectors.latest_for_consultation(region.delegate("KGZ"), consultation.pk)

    assert counts() == before


def test_a_third_state_is_answered_as_for_an_absent_consultation(region, restricted_consultation):
    before = counts()

    with pytest.raises(NotFound) as hidden:
        services.ask_on_consultation(
            actor=region.head("TJK"), consultation_id=restricted_consultation.pk
        )
    with pytest.raises(NotFound) as absent:
        services.ask_on_consultation(actor=region.head("TJK"), consultation_id=987654)

    assert hidden.value.message == absent.value.message
    assert counts() == before


def test_an_open_consultation_is_refused_with_the_reason(region, seeds):
    opened = consultations.create_consultation(
        actor=region.secretariat, title="Experts", kind="open", visibility="members",
        statements=seeds,
    )  # fmt: skip
    before = counts()

    with pytest.raises(RuleViolation, match="state consultations only"):
        services.ask_on_consultation(actor=region.secretariat, consultation_id=opened.pk)

    assert counts() == before


def test_a_concern_with_no_positions_gets_a_clear_message_and_nothing_is_stored(region, seeds):
    unvoted = consultations.create_consultation(
        actor=region.secretariat, title="Fresh", kind="state", visibility="members",
        statements=seeds,
    )  # fmt: skip
    before = counts()

    with pytest.raises(InvalidInput, match="No member state has taken a position"):
        services.ask_on_consultation(actor=region.secretariat, consultation_id=unvoted.pk)

    assert counts() == before


# --- documents ---------------------------------------------------------------------------


def test_the_chair_gets_wordings_for_the_bracket_from_the_states_positions(region, document):
    uzb_amendment_on_the_bracket(region, document)

    mediation = services.ask_on_paragraph(
        actor=region.chair, document_id=document.pk, paragraph_id=2
    )

    ranked = [(w["text"], w["predicted_objections"]) for w in mediation.result["wordings"]]
    assert ranked == [
        ("call for the prevention of", []),
        ("oppose", ["KGZ"]),
        ("express concern about", ["KAZ", "UZB"]),
    ]
    assert [s["source_id"] for s in mediation.result["wordings"][0]["provenance"]] == ["A1"]
    assert (mediation.paragraph_id, mediation.bracket_id, mediation.revision) == (2, 1, 1)
    assert mediation.audience == document.audience


def test_the_chairs_amendment_from_a_suggestion_appears_among_the_documents_amendments(
    region, document
):
    uzb_amendment_on_the_bracket(region, document)
    services.ask_on_paragraph(actor=region.chair, document_id=document.pk, paragraph_id=2)
    before = LedgerEntry.objects.count()

    mediation, amendment = services.propose_as_amendment(
        actor=region.chair, document_id=document.pk, paragraph_id=2, rank=1
    )

    listed = negotiation_selectors.list_amendments(region.head("TJK"), document.pk)
    assert [(a.code, a.kind, a.paragraph_id, a.span_segment, a.text) for a in listed] == [
        ("A1", "replace-span", 2, 1, "call for the prevention of"),
        ("A2", "replace-span", 2, 1, "call for the prevention of"),
    ]
    assert amendment.proposed_by == region.chair
    assert mediation.amendments == {"1": "A2"}
    actions = list(
        LedgerEntry.objects.filter(seq__gt=0).order_by("-seq").values_list("action", flat=True)[:2]
    )
    assert actions == ["mediator.wording_proposed", "amendment.proposed"]
    assert LedgerEntry.objects.count() == before + 2
    with pytest.raises(RuleViolation, match="already proposed as amendment A2"):
        services.propose_as_amendment(
            actor=region.chair, document_id=document.pk, paragraph_id=2, rank=1
        )


def test_only_the_chair_turns_a_suggestion_into_an_amendment(region, document):
    services.ask_on_paragraph(actor=region.secretariat, document_id=document.pk, paragraph_id=2)
    before = (*counts(), negotiation_selectors.list_amendments(region.chair, document.pk))

    for someone in (region.secretariat, region.head("KAZ"), region.delegate("UZB")):
        with pytest.raises(NotPermitted):
            services.propose_as_amendment(
                actor=someone, document_id=document.pk, paragraph_id=2, rank=1
            )
    with pytest.raises(NotPermitted):
        services.ask_on_paragraph(
            actor=region.delegate("UZB"), document_id=document.pk, paragraph_id=2
        )

    assert (*counts(), negotiation_selectors.list_amendments(region.chair, document.pk)) == before


def test_suggestions_for_an_earlier_revision_cannot_become_an_amendment(region, document):
    uzb_amendment_on_the_bracket(region, document)
    services.ask_on_paragraph(actor=region.chair, document_id=document.pk, paragraph_id=2)
    negotiation.issue_revision(
        actor=region.chair, document_id=document.pk, decisions={"A1": "bracketed"}
    )
    before = counts()

    with pytest.raises(RuleViolation, match=r"made for Rev\.1; the current revision is Rev\.2"):
        services.propose_as_amendment(
            actor=region.chair, document_id=document.pk, paragraph_id=2, rank=1
        )

    assert counts() == before


def test_a_paragraph_without_brackets_or_absent_is_refused_clearly(region, document):
    before = counts()

    with pytest.raises(RuleViolation, match="PP1 holds no bracket"):
        services.ask_on_paragraph(actor=region.chair, document_id=document.pk, paragraph_id=1)
    with pytest.raises(NotFound, match="No such paragraph"):
        services.ask_on_paragraph(actor=region.chair, document_id=document.pk, paragraph_id=9)

    assert counts() == before


def test_a_third_state_gets_not_found_for_a_restricted_document(region, restricted_document):
    with pytest.raises(NotFound) as hidden:
        selectors.latest_for_paragraph(region.head("TJK"), restricted_document.pk, 1)
    with pytest.raises(NotFound) as absent:
        selectors.latest_for_paragraph(region.head("TJK"), 987654, 1)
    assert hidden.value.message == absent.value.message

    mediation = services.ask_on_paragraph(
        actor=region.chair, document_id=restricted_document.pk, paragraph_id=1
    )
    assert mediation.audience == Audience(Visibility.RESTRICTED, states=frozenset({"KAZ", "KGZ"}))
    assert LedgerEntry.objects.order_by("-seq").first().visibility == "restricted"  # type: ignore[union-attr]


# --- the runtime: embedder setting and the model's background load -----------------------


def test_the_embedder_is_a_setting(settings):
    settings.ACCORD_MEDIATOR_EMBEDDER = "hashing"
    embedder, name, note = configuration.mediator_embedder()
    assert (type(embedder), name, note) == (HashingEmbedder, "hashing", None)


def test_a_request_does_not_wait_for_the_model_longer_than_configured(monkeypatch):
    release = threading.Event()

    class SlowModel(HashingEmbedder):
        def embed(self, texts: Any) -> Any:
            release.wait(5)
            return super().embed(texts)

    monkeypatch.setattr(configuration, "MiniLMEmbedder", SlowModel)
    loader = configuration._ModelLoader()

    # The model is held until `release`: an answer without it proves the request gave up
    # waiting instead of waiting for the load (no wall-clock bound, which load could break).
    model, note = loader.get(wait=0.1)
    assert model is None and note is not None and "still loading" in note

    release.set()
    model, note = loader.get(wait=5)
    assert isinstance(model, SlowModel) and note is None

"""What is published of a document: its text, how it was adopted, explanations,
dissociations and signatures, gathered once for the public page and every export format.

An adopted document publishes the adopted text (no brackets) with its record; a draft
publishes its current revision with brackets shown, labelled as a draft; a chair's
statement publishes its text with the label and notice the domain gives it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from accord.domain import consensus
from accord.negotiation import selectors
from accord.negotiation.domain_values import revision_value
from accord.negotiation.labels import chair_statement_text, procedure_label
from accord.negotiation.models import Document, Revision, Signature


@dataclass(frozen=True)
class PublishedParagraph:
    number: str
    kind: str  # preambular | operative
    text: str


@dataclass(frozen=True)
class PublishedExplanation:
    state: str
    text: str
    dissociated_from: tuple[str, ...]


@dataclass(frozen=True)
class PublishedSignature:
    state: str
    state_name: str
    key_fingerprint: str
    signed_at: datetime
    signature: str


@dataclass(frozen=True)
class Publication:
    document: Document
    title: str
    kind_label: str
    status: str
    revision: int
    adopted: bool
    paragraphs: tuple[PublishedParagraph, ...]
    adopted_at: datetime | None = None
    procedure: str = ""
    adopted_by: tuple[str, ...] = ()
    record_sha256: str = ""
    text_sha256: str = ""
    explanations: tuple[PublishedExplanation, ...] = ()
    signatures: tuple[PublishedSignature, ...] = ()
    chair_statement: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    # The adopted text's other language versions ({"language", "title", "paragraphs",
    # "sha256"}), and the language of `paragraphs` (DESIGN §2 rule 8).
    language: str = "en"
    versions: tuple[dict[str, Any], ...] = ()

    @property
    def procedure_label(self) -> str:
        """How the text was adopted, in the reader's language (empty for a draft)."""
        return procedure_label(self.procedure) if self.procedure else ""

    @property
    def chair_statement_label(self) -> str:
        """A chair's statement's label, in the reader's language."""
        return chair_statement_text(str((self.chair_statement or {}).get("label", "")))

    @property
    def chair_statement_notice(self) -> str:
        """A chair's statement's notice (not agreed, not signed), in the reader's language."""
        return chair_statement_text(str((self.chair_statement or {}).get("notice", "")))

    @property
    def preambular(self) -> tuple[PublishedParagraph, ...]:
        return tuple(p for p in self.paragraphs if p.kind == "preambular")

    @property
    def texts(self) -> tuple[Any, ...]:
        """Every language version as published (`authentic_texts.texts_of`)."""
        from accord.negotiation.authentic_texts import texts_of  # it builds on this module

        return texts_of(self)

    @property
    def operative(self) -> tuple[PublishedParagraph, ...]:
        return tuple(p for p in self.paragraphs if p.kind == "operative")


def publication(user: Any, document_id: int) -> Publication:
    """Everything published about a document `user` may see (NotFound otherwise)."""
    document = selectors.get_document(user, document_id)
    kind_label = str(document.get_kind_display())
    if document.kind == Document.Kind.CHAIRS_STATEMENT:
        return _chairs_statement(document, kind_label)
    if document.status == Document.Status.ADOPTED:
        return _adopted_text(document, kind_label)
    return _current_revision(document, kind_label)


def _chairs_statement(document: Document, kind_label: str) -> Publication:
    """A chair's statement: the chair's own text, signed by no state."""
    statement = document.chair_statement or {}
    return Publication(
        document=document,
        title=document.title,
        kind_label=kind_label,
        status=document.status,
        revision=int(statement.get("revision", 0)),
        adopted=False,
        paragraphs=(PublishedParagraph("", "operative", str(statement.get("text", ""))),),
        chair_statement=statement,
    )


def _adopted_text(document: Document, kind_label: str) -> Publication:
    """The text as adopted, with its adoption record and the states' signatures."""
    procedure = selectors.adopted_procedure(document)
    record = consensus.record_from_dict(procedure.record or {})
    signatures = _signatures(document)
    return Publication(
        document=document,
        title=str(procedure.text["title"]),
        kind_label=kind_label,
        status=document.status,
        revision=record.revision,
        adopted=True,
        paragraphs=tuple(
            PublishedParagraph(p["number"], p["kind"], p["text"])
            for p in procedure.text["paragraphs"]
        ),
        adopted_at=record.closed_at,
        procedure=record.procedure.value,
        adopted_by=record.adopted_by,
        record_sha256=procedure.record_sha256,
        text_sha256=procedure.text_sha256,
        explanations=tuple(
            PublishedExplanation(e.state, e.text, e.dissociated_from) for e in record.explanations
        ),
        signatures=tuple(
            PublishedSignature(
                s.state_id, s.state.name, s.key_fingerprint, s.signed_at, s.signature
            )
            for s in signatures
        ),
        language=str(procedure.text.get("language", "en")),
        versions=tuple(procedure.text.get("versions", ())),
    )


def _current_revision(document: Document, kind_label: str) -> Publication:
    """A text not adopted: its current revision, brackets rendered."""
    row = Revision.objects.get(document=document, number=document.current_revision)
    value = revision_value(row)
    labels = value.labels()
    return Publication(
        document=document,
        title=value.title,
        kind_label=kind_label,
        status=document.status,
        revision=value.number,
        adopted=False,
        paragraphs=tuple(
            PublishedParagraph(labels[p.id], p.kind.value, p.render()) for p in value.paragraphs
        ),
    )


def _signatures(document: Document) -> list[Signature]:
    return list(document.signatures.select_related("state").order_by("state_id"))

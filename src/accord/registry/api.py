"""`/register`: documents by symbol, original language, distribution level and
derestriction date (DESIGN §5). Handlers parse, call one service or selector, and return."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from accord.domain import agreed_language, registry
from accord.edge.fields import Line, Ordinal, Prose
from accord.edge.pagination import MAX_SIZE, PAGE_SIZE, Page, Paged, PageQuery, listed, whole
from accord.edge.requests import acting_user
from accord.edge.schemas import Input
from accord.members.public_ids import PublicIdPath, PublicIdRef, RowKey
from accord.negotiation.models import Document
from accord.registry import selectors, services
from accord.registry.agreed_language import suggest_agreed_language
from accord.registry.models import RegisterEntry

router = Router(tags=["registry"])


class AnnexIn(Input):
    title: Annotated[Line, Field(min_length=1, max_length=300)]
    sha256: Annotated[str, Field(pattern="^[0-9a-f]{64}$", max_length=64)]


class EntryIn(Input):
    document: Annotated[int, PublicIdRef(Document)]
    symbol: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9./]+$")]
    original_language: Annotated[str, Field(pattern="^(en|zh|ru)$", max_length=2)]
    distribution: Annotated[str, Field(pattern="^(general|limited|restricted)$", max_length=10)]
    derestriction_on: date | None = None
    annexes: list[AnnexIn] = Field(default_factory=list, max_length=50)


class RegisterEntryOut(Schema):
    symbol: str
    parent: str | None = Field(
        None, description="the symbol of the document an Add. or a Corr. belongs to"
    )
    document: str
    title: str
    original: str
    distribution: str
    derestriction_on: date | None
    annexes: list[dict[str, str]]

    @staticmethod
    def build(entry: RegisterEntry) -> RegisterEntryOut:
        level = registry.level_on(
            registry.Distribution(entry.distribution), entry.derestriction_on, date.today()
        )
        parent = registry.parse_symbol(entry.symbol).parent()
        return RegisterEntryOut(
            symbol=entry.symbol,
            parent=None if parent is None else str(parent),
            document=entry.document.public_id,
            title=entry.document.title,
            original=registry.original_line(entry.original_language),
            distribution=level.value,
            derestriction_on=entry.derestriction_on,
            annexes=list(entry.annexes),
        )


class RegisterPage(PageQuery):
    limit: int = Field(MAX_SIZE, ge=1, le=MAX_SIZE, description=PAGE_SIZE)


@router.get("/register", response=Paged[RegisterEntryOut])
def list_register(
    request: HttpRequest, response: HttpResponse, page: Query[RegisterPage]
) -> Page[RegisterEntryOut]:
    """A page of the register, by symbol (500 entries unless `limit` says fewer)."""
    rows = selectors.register_page(acting_user(request), page=page.page())
    return listed(request, response, rows, RegisterEntryOut.build)


@router.post("/register", response={201: RegisterEntryOut})
def register_document(request: HttpRequest, payload: EntryIn) -> Status[RegisterEntryOut]:
    entry = services.register_document(
        actor=acting_user(request),
        document_id=payload.document,
        symbol=payload.symbol,
        original_language=payload.original_language,
        distribution=payload.distribution,
        derestriction_on=payload.derestriction_on,
        annexes=[a.dict() for a in payload.annexes],
    )
    return Status(201, RegisterEntryOut.build(entry))


DocumentId = Annotated[RowKey, PublicIdPath(Document)]


class AgreedLanguageQuery(Schema):
    language: Literal["en", "zh", "ru"] | None = Field(
        None, description="the language drafted in (default: the document's working language)"
    )
    paragraph: Ordinal | None = Field(None, description="the paragraph being amended (its id)")
    text: Prose = Field("", max_length=2000, description="the words being written")
    limit: int = Field(agreed_language.DEFAULT_LIMIT, ge=1, le=20)


class AgreedLanguageOut(Schema):
    citation: str = Field(..., description="`RSD/MIN/2021/DOC/3, OP2`: where it was agreed")
    source: str = Field(..., description="the adopted text's symbol, or its title")
    document: str
    paragraph: str
    language: str
    text: str
    score: float = Field(..., description="closeness to the query, 0 to 1")
    versions: dict[str, str] = Field(..., description="the paragraph in each language")

    @staticmethod
    def build(found: agreed_language.Suggestion) -> AgreedLanguageOut:
        return AgreedLanguageOut(
            citation=found.paragraph.citation,
            source=found.paragraph.source,
            document=found.paragraph.document,
            paragraph=found.paragraph.label,
            language=found.language,
            text=found.text,
            score=found.score,
            versions=dict(found.paragraph.texts),
        )


@router.get("/documents/{document_id}/agreed-language", response=Paged[AgreedLanguageOut])
def list_agreed_language(
    request: HttpRequest, document_id: DocumentId, query: Query[AgreedLanguageQuery]
) -> Page[AgreedLanguageOut]:
    """Agreed language from the adopted texts the caller may see, closest first, for an
    amendment to this document (rule 8's translation memory): the `limit` closest, on one
    page (`next` null)."""
    _language, found = suggest_agreed_language(
        acting_user(request),
        document_id,
        language=query.language,
        paragraph_id=query.paragraph,
        text=query.text,
        limit=query.limit,
    )
    return whole(AgreedLanguageOut.build(s) for s in found)

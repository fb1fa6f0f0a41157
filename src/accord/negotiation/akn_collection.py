"""A text adopted in several languages as Akoma Ntoso 3.0: a `documentCollection`.

Why a collection rather than AKN4UN alone: AKN4UN is the UN's naming convention (FRBR URIs
with the language in the expression, `…/zho@`), and it publishes each language as its own
expression file; here the states sign every version together, as one text, so one file
carries them all. The collection's `collectionBody` holds one `component` per language,
each an embedded `statement` whose FRBRExpression follows AKN4UN's naming (`/eng@`, `/zho@`,
`/rus@`), and the collection's own expression is `mul` (several languages). The working
language comes first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from accord.negotiation.publication import Publication, PublishedParagraph


def _version(published: Publication, entry: dict[str, Any]) -> Publication:
    paragraphs = tuple(
        PublishedParagraph(p["number"], p["kind"], p["text"]) for p in entry["paragraphs"]
    )
    return dataclasses.replace(
        published,
        title=str(entry["title"]),
        paragraphs=paragraphs,
        language=str(entry["language"]),
        versions=(),
    )


def to_akn_collection(
    published: Publication,
    akn: Callable[..., Any],
    frbr: Callable[..., None],
    statement: Callable[[Publication, Any], Any],
) -> Any:
    """The `akomaNtoso` root element of the collection (see the module docstring)."""
    document = published.document
    date = (published.adopted_at or document.created_at).date().isoformat()
    # The public id, as each embedded statement's work names it: never a database key.
    work = f"/akn/un/documentCollection/accord/{date}/{document.public_id}"
    root = akn("akomaNtoso")
    collection = akn("documentCollection", root, name="multilingualStatement")
    meta = akn("meta", collection)
    identification = akn("identification", meta, source="#accord")
    frbr(identification, "FRBRWork", work, date)
    frbr(identification, "FRBRExpression", f"{work}/mul@", date, language="mul")
    frbr(identification, "FRBRManifestation", f"{work}/mul@/main.xml", date)
    preface = akn("preface", collection)
    akn("docTitle", akn("p", preface)).text = published.title
    body = akn("collectionBody", collection)
    for version in (published, *(_version(published, e) for e in published.versions)):
        component = akn("component", body, eId=f"cmp_{version.language}")
        _prefix_ids(statement(version, component), component.get("eId"))
    return root


def _prefix_ids(element: Any, prefix: str) -> None:
    """eIds are unique across the whole collection: an embedded statement's ids, and the
    references to them, take its component's id as prefix (`cmp_zh__para_1`)."""
    for node in element.iter():
        if node.get("eId"):
            node.set("eId", f"{prefix}__{node.get('eId')}")
        for attribute in ("refersTo", "href", "source", "as"):
            value = node.get(attribute)
            if value and value.startswith("#"):
                node.set(attribute, f"#{prefix}__{value[1:]}")

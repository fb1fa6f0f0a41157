"""Amendments in every language version (DESIGN §2 rule 8): the check of an amendment's
wordings when it is proposed, and the versions of the next revision made from them when
the chair issues it. Registered in `negotiation.services` (`AMENDMENT_WORDINGS`,
`REVISION_FOLLOWERS`) when the app is ready; both run inside the negotiation service's
transaction with the document row locked.

A revision whose version in some language cannot be made from the wordings (an amendment
taken in without its wording there, or wordings that would not align) has no version in
that language yet: it is incomplete (`selectors.readiness`) until the translators submit
one, and cannot be put to adoption.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from accord.domain import events, negotiation
from accord.domain.errors import InvalidInput
from accord.domain.text import check_line, check_prose
from accord.languages.labels import language_name
from accord.languages.models import RevisionVersion
from accord.languages.selectors import setting_of, versions_in
from accord.languages.services import check_language
from accord.ledger.services import record
from accord.negotiation.domain_values import amendment_value, revision_value
from accord.negotiation.models import Document, Revision
from accord.negotiation.services import IssuedRevision

MAX_QUOTE = 2_000
MAX_OCCURRENCE = 10_000


def _malformed() -> InvalidInput:
    return InvalidInput(_("A wording is a text and the words it replaces."), field="translations")


def _sentence(refused: InvalidInput, language: str, value: negotiation.Amendment, text: str) -> str:
    """The domain's refusal of a wording as a sentence in the reader's language."""
    name = language_name(language)
    if refused.code == "translation_brackets":
        return _(
            "The %(language)s wording has %(theirs)d brackets where the amendment has "
            "%(ours)d: a translation keeps the amendment's brackets."
        ) % {"language": name, "theirs": negotiation.bracket_count(text),
             "ours": negotiation.bracket_count(value.text)}  # fmt: skip
    if refused.code == "translation_quote":
        return _(
            "Name the words the amendment replaces in the %(language)s version, as they stand "
            "in its agreed text."
        ) % {"language": name}
    if refused.code == "translation_words":
        return _(
            "The %(language)s wording must have words where the amendment has some, and none "
            "for a deletion."
        ) % {"language": name}
    return _("The %(language)s wording is too long.") % {"language": name}


def _wording(language: str, raw: Mapping[str, Any]) -> negotiation.Wording:
    text, quote = raw.get("text", ""), raw.get("quote") or None
    occurrence = raw.get("occurrence", 1)
    if not isinstance(text, str) or not (quote is None or isinstance(quote, str)):
        raise InvalidInput(
            _("A wording is a text and the words it replaces."), field="translations"
        )
    if (
        not isinstance(occurrence, int)
        or isinstance(occurrence, bool)
        or not 1 <= occurrence <= 10_000
    ):
        raise InvalidInput(_("An occurrence is a whole number from 1."), field="translations")
    check_prose(text, field="translations")
    if quote is not None:
        check_line(quote, field="translations")
        if len(quote) > MAX_QUOTE:
            raise InvalidInput(_("The words to replace are too long."), field="translations")
    return negotiation.Wording(text, quote, occurrence)


def _document_language(document: Document, code: str, field: str) -> tuple[str, tuple[str, ...]]:
    try:
        check_language(code)
    except InvalidInput as refused:
        raise InvalidInput(refused.message, code=refused.code, field=field) from None
    working, codes = setting_of(document)
    if code not in codes:
        raise InvalidInput(
            _("The document has no version in %(language)s.") % {"language": language_name(code)},
            code="language_not_used", field=field,
        )  # fmt: skip
    return working, codes


def check_amendment_wordings(
    document: Document, value: negotiation.Amendment, language: str,
    translations: Mapping[str, Mapping[str, Any]],
) -> tuple[str, dict[str, Any]]:  # fmt: skip
    """(the language it was proposed in, "" for the working one; its wordings in the other
    versions), or InvalidInput naming the language and what is wrong. Writes nothing."""
    working, _codes = setting_of(document)
    if language:
        _document_language(document, language, "language")
    row = Revision.objects.get(document=document, number=document.current_revision)
    reference, versions = revision_value(row), versions_in(document, row)
    kept: dict[str, Any] = {}
    for code, raw in translations.items():
        _document_language(document, code, "translations")
        if code == working:
            raise InvalidInput(
                _("The amendment's own text is its wording in the working language."),
                code="language_not_used", field="translations",
            )  # fmt: skip
        if not isinstance(raw, Mapping):
            raise InvalidInput(
                _("A wording is a text and the words it replaces."), field="translations"
            )
        wording = _wording(code, raw)
        try:
            negotiation.check_wording(value, reference, versions.get(code), code, wording)
        except InvalidInput as refused:
            raise InvalidInput(
                _sentence(refused, code, value, wording.text), code=refused.code,
                field="translations",
            ) from None  # fmt: skip
        kept[code] = {
            "text": wording.text,
            "quote": wording.quote,
            "occurrence": wording.occurrence,
        }
    return ("" if language == working else language), kept


def carry_versions(issued: IssuedRevision) -> None:
    """Each language version of the revision just issued, made from the version before and
    each amendment's wording there; a version that cannot be made so is left to the
    translators. Lock: the document row (taken by `issue_revision`)."""
    document = issued.document
    working, codes = setting_of(document)
    if len(codes) < 2 or issued.title_changed:
        return  # one language; or a new title, which the translators put in each version
    reference = revision_value(issued.previous)
    before = versions_in(document, issued.previous)
    made = revision_value(issued.row)
    for code in codes:
        previous = before.get(code)
        if code == working or previous is None:
            continue
        carried = _carried(issued, reference, previous, code)
        version = negotiation.next_version(
            previous, made, language=code, chair=issued.row.issued_by.state_id or "",
            amendments=carried, decisions=issued.decisions, resolutions=issued.resolutions,
            ad_referendum=issued.ad_referendum,
        )  # fmt: skip
        if version is not None:
            _store(issued, code, version)


def _carried(
    issued: IssuedRevision, reference: negotiation.Revision, previous: negotiation.Revision,
    code: str,
) -> dict[str, negotiation.Amendment]:  # fmt: skip
    out = {}
    for row in issued.amendments:
        value = amendment_value(row)
        raw = row.translations.get(code)
        if value.kind is negotiation.AmendmentKind.DELETE_PARAGRAPH:
            out[row.code] = value  # a deletion reads alike in every language
        elif raw is not None:
            try:
                out[row.code] = negotiation.check_wording(
                    value, reference, previous, code, _wording(code, raw)
                )
            except InvalidInput:
                continue  # the version changed since it was proposed: left to the translators
    return out


def _store(issued: IssuedRevision, code: str, version: negotiation.Revision) -> None:
    stored = RevisionVersion.objects.create(
        revision=issued.row, language=code, content=negotiation.revision_to_dict(version),
        sha256=negotiation.revision_hash(version), submitted_by=issued.actor,
        submitted_at=issued.now,
    )  # fmt: skip
    record(
        actor=issued.actor,
        action=events.REVISION_VERSION_SUBMITTED,
        obj=issued.document,
        audience=issued.document.audience,
        payload={"document": issued.document.public_id, "revision": issued.row.number,
                 "language": code, "sha256": stored.sha256, "from_amendments": True},
    )  # fmt: skip

"""The signing box of the page where a head signs the adopted text (issue 12)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accord.domain import signing
from accord.members.act_signatures import SigningBox, signing_box
from accord.negotiation.models import AdoptionProcedure, Document
from accord.negotiation.services.text_signatures import subject_of


def text_signing_box(user: Any, document: Document) -> SigningBox | None:
    """The browser's signing box, for the head of an adopting state under its roster."""
    row = document.procedures.filter(outcome=AdoptionProcedure.Outcome.ADOPTED).first()
    state = getattr(user, "state", None)
    if row is None or row.record is None or not getattr(user, "is_head", False):
        return None
    if state is None or state.code not in row.record["adopted_by"]:
        return None
    subject = subject_of(row)
    return signing_box(
        state,
        purpose=signing.TEXT_SIGNATURE_FORMAT,
        challenge_url=f"/api/v1/documents/{document.public_id}/signatures/challenge",
        rows=[
            (_("Document"), subject["document_id"]),
            (_("Revision"), f"Rev.{subject['revision']}"),
            (_("Text hash (SHA-256)"), subject["text_sha256"]),
            (_("Adoption record hash (SHA-256)"), subject["adoption_record_sha256"]),
            (_("Act"), _("Signature of the adopted text")),
        ],
        expect={k: subject[k] for k in ("document_id", "text_sha256", "adoption_record_sha256")},
    )

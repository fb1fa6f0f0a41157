"""Times that are part of signed or hashed bytes are listed exactly as signed (issue 11):
a signature read from `GET /documents/{id}/signatures` verifies again by itself, and the
adoption acts list their times with the record's microseconds."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accord.domain import consensus, signing
from accord.negotiation import selectors, services
from accord.negotiation.models import AdoptionAct

EXACT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")


def a_moment_with_microseconds() -> Any:
    """Just now, at a time whose microseconds a millisecond cut would lose (…321)."""
    time.sleep(0.01)
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000) - timedelta(microseconds=679)


def test_a_listed_signature_verifies_again_from_the_listing_alone(region, keys, adopted, api):
    for code in ("KAZ", "KGZ"):
        head, moment = region.head(code), a_moment_with_microseconds()
        bundle = selectors.get_bundle(head, adopted.pk)
        signed = signing.sign_bundle(bundle, keys[code], code, moment)
        services.submit_signature(
            actor=head,
            document_id=adopted.pk,
            signature=services.signature_from(signed, head),
            now=moment,
        )
    reader = api(region.head("TJK"))
    listed = reader.get(f"/api/v1/documents/{adopted.public_id}/signatures").json()["items"]
    assert [s["state"] for s in listed] == ["KAZ", "KGZ"]
    assert all(s["signed_at"].endswith("321Z") for s in listed)
    # The text, record and keys from the bundle; the signatures from the listing, and only it.
    bundle = reader.get(f"/api/v1/documents/{adopted.public_id}/bundle").json()
    bundle["signatures"] = listed
    report = signing.verify_bundle(bundle)
    assert report.ok, report


def test_adoption_acts_are_listed_with_the_times_the_record_holds(region, adopted, api):
    shown = api(region.head("TJK")).get(f"/api/v1/documents/{adopted.public_id}/adoption").json()
    stored = AdoptionAct.objects.filter(procedure__document=adopted).order_by("at", "pk")
    assert [a["at"] for a in shown["acts"]] == [consensus.format_time(a.at) for a in stored]
    assert all(EXACT.fullmatch(a["at"]) for a in shown["acts"])
    assert EXACT.fullmatch(shown["opened_at"]) and EXACT.fullmatch(shown["decided_at"])
    assert shown["decided_at"] == shown["adoption_record"]["closed_at"]

"""The viewer's time zone changes how times are shown, never a rule: who holds the chair
is decided by UTC dates, whatever zone a cookie asks for (playing the attacker: a head
who sets a zone a day ahead to act as chair early)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_chair_term_is_read_in_utc_whatever_the_viewers_zone(region) -> None:
    from accord.members.models import ChairTerm

    now = datetime.now(UTC)
    today = now.date()
    # A zone whose date is not UTC's today, whatever the hour: a day ahead after noon UTC,
    # a day behind before it.
    ahead = now.hour >= 12
    zone = "Etc/GMT-14" if ahead else "Etc/GMT+12"
    term = ChairTerm.objects.get()
    if ahead:
        ChairTerm.objects.filter(pk=term.pk).update(ends_on=today)
    else:
        ChairTerm.objects.filter(pk=term.pk).update(starts_on=today)
    with timezone.override(zone):
        assert timezone.localdate() != today  # the zone reads another date
        assert ChairTerm.current() is not None
        assert ChairTerm.current().pk == term.pk


def test_a_deadline_typed_in_the_utc_field_is_utc_whatever_the_viewers_zone(region, draft) -> None:
    from accord.negotiation.models import AdoptionProcedure
    from page_clients import signed_in

    document = draft()
    client = signed_in(region.chair)
    client.cookies["accord_time_zone"] = "Asia/Almaty"
    later = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    typed = later.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    client.post(
        f"/documents/{document.public_id}/adoption/", {"kind": "silence", "deadline": typed}
    )
    assert AdoptionProcedure.objects.get(document=document).deadline == later.astimezone(UTC)

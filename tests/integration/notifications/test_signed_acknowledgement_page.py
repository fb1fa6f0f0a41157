"""The notification page of a state under its roster: the signing box shows what is signed,
and the acknowledgement counts only with the signed act the page's script sends (issue 12)."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from accord.notifications import services, signed_acts
from accord.notifications.models import Delivery
from fixtures.notifications import exercise_content


def test_the_page_shows_what_is_signed_and_takes_the_signed_acknowledgement(
    region: Any, capitals: Any
) -> None:
    capitals.accede("KAZ")
    notice = services.send_notification(
        actor=region.delegate("TJK"), type_key="exercise_notice", content=exercise_content()
    )
    officer = region.delegate("KAZ")
    client = Client()
    client.force_login(officer)
    page = client.get(f"/notifications/{notice.public_id}/").content.decode()
    assert 'data-purpose="accord-acknowledgement/1"' in page
    assert services.content_digest(notice.content) in page
    url = f"/notifications/{notice.public_id}/acknowledge/"
    refused = client.post(url, follow=True).content.decode()
    assert "must be signed by a person on its roster" in refused
    assert Delivery.objects.get(notification=notice, state_id="KAZ").acknowledged_at is None
    unreadable = client.post(url, {"signed": "{not json"}, follow=True).content.decode()
    assert "The signed act sent by this page is unreadable: sign again." in unreadable
    issued = signed_acts.issue_acknowledgement_challenge(actor=officer, notification=notice)
    signed = capitals.sign_over(officer, issued)
    client.post(url, {"signed": json.dumps(signed)})
    delivery = Delivery.objects.get(notification=notice, state_id="KAZ")
    assert (delivery.acknowledged_by, delivery.acknowledgement_signed) == (officer, signed)

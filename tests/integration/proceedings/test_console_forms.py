"""The chair's console names the agenda item and the place on the list by public id
(issue 11): its hidden form fields and its links carry no database key, and the forms
act on what those public ids name."""

from __future__ import annotations

import re
from typing import Any

from accord.dialogue.models import FloorRequest
from accord.proceedings import floor
from page_clients import signed_in


def test_the_console_gives_the_floor_to_the_place_its_form_names_by_public_id(
    region: Any, ministerial: Any, items: list[Any]
) -> None:
    item = items[1]
    for code in ("KGZ", "TJK"):
        floor.inscribe(actor=region.head(code), meeting_id=ministerial.pk, item_id=item.pk)
    tjk = FloorRequest.objects.get(item=item, state_id="TJK")
    chair = signed_in(region.chair)
    console = f"/meetings/{ministerial.public_id}/console/"
    page = chair.get(f"{console}?item={item.public_id}")
    assert page.status_code == 200, (page.status_code, page.get("Location"))
    html = page.content.decode()
    assert f'name="item" value="{item.public_id}"' in html
    assert f'name="request" value="{tjk.public_id}"' in html
    fields = re.findall(r'name="(?:item|request)" value="([^"]*)"', html)
    assert fields and not [value for value in fields if value.isdigit()]
    given = chair.post(f"{console}give/", {"item": item.public_id, "request": tjk.public_id})
    assert given.status_code == 302
    assert given["Location"] == f"{console}?item={item.public_id}"
    tjk.refresh_from_db()
    assert tjk.status == FloorRequest.Status.HAS_FLOOR
    # A database key in the hidden field names nothing: the floor is not given again.
    kgz = FloorRequest.objects.get(item=item, state_id="KGZ")
    chair.post(f"{console}give/", {"item": str(item.pk), "request": kgz.public_id})
    kgz.refresh_from_db()
    assert kgz.status == FloorRequest.Status.WAITING

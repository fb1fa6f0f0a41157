"""The chair's announcements to the room: one live event per announcement with the
meeting's audience (so every participant's stream carries it and no one else's), and the
participant's meeting page lists them, newest first."""

from __future__ import annotations

from accord.proceedings import floor
from page_clients import signed_in


def test_an_announcement_reaches_the_room_live_and_stands_on_the_meeting_page(
    region, ministerial, captured_events
) -> None:
    floor.announce(actor=region.chair, meeting_id=ministerial.pk, text="We resume at 15:00.")
    floor.announce(actor=region.chair, meeting_id=ministerial.pk, text="Room B for the drafting.")
    announced = [e for e in captured_events() if e.kind == "sitting.announced"]
    assert [e.data for e in announced] == [
        {"meeting": ministerial.public_id, "text": "We resume at 15:00."},
        {"meeting": ministerial.public_id, "text": "Room B for the drafting."},
    ]
    assert all(e.audience == ministerial.audience for e in announced)

    page = signed_in(region.delegate("TJK")).get(f"/meetings/{ministerial.public_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    section = html[html.index('id="announcements"') :]
    assert f'data-meeting="{ministerial.public_id}"' in section
    assert section.index("Room B for the drafting.") < section.index("We resume at 15:00.")
    assert "proceedings/announcements.js" in html


def test_a_meeting_with_no_announcement_says_so(region, ministerial) -> None:
    html = signed_in(region.delegate("TJK")).get(f"/meetings/{ministerial.public_id}/")
    assert "No announcement yet." in html.content.decode()

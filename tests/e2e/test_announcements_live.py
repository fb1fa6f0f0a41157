"""Announcements to the room in Chromium: the chair announces from the console and the text
appears on a participant's meeting page without a reload, through the live event stream.
Screenshots at 1280 and 390 px (no sideways overflow) go to $ACCORD_SCREENSHOTS."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from fixtures.browser import CHROMIUM, look, session_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
WAIT = 30.0  # seconds: the bound on every wait, never a measured duration


@pytest.fixture
def asgi_server(transactional_db: Any) -> Iterator[str]:
    """The site under uvicorn in a thread (the event stream needs ASGI; Django's live server
    is WSGI), on the test database."""
    import uvicorn
    from django.core.asgi import get_asgi_application

    # Bound here and handed to uvicorn: no other process can take the port in between.
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port = int(listening.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(get_asgi_application(), host="127.0.0.1", port=port, lifespan="off",
                       log_level="warning")
    )  # fmt: skip
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(WAIT)
    listening.close()


def _stream_open(page: Any) -> None:
    """Wait (bounded) until the page's event stream is open."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if page.evaluate("window.accordEvents ? window.accordEvents.readyState : -1") == 1:
            return
        page.wait_for_timeout(50)
    raise AssertionError("the event stream did not open")


def test_the_chairs_announcement_appears_live_on_the_participants_meeting_page(
    region: Any, ministerial: Any, asgi_server: str, plain_http: None, browser: Any,
) -> None:  # fmt: skip
    base, meeting = asgi_server, ministerial
    participant = session_for(browser, base, region.delegate("TJK"))
    participant.goto(f"{base}/meetings/{meeting.public_id}/")
    assert "No announcement yet." in participant.inner_text("#announcements")
    # The stream is open before the chair speaks (its first line says "connected").
    _stream_open(participant)

    chair = session_for(browser, base, region.chair)
    chair.goto(f"{base}/meetings/{meeting.public_id}/console/")
    chair.get_by_label("Announce to the room").fill("The sitting resumes at 15:00 in Room B.")
    chair.get_by_role("button", name="Announce").click()
    chair.wait_for_load_state()

    participant.wait_for_selector(
        "#announcements li:has-text('The sitting resumes at 15:00 in Room B.')", timeout=WAIT * 1000
    )
    assert "No announcement yet." not in participant.inner_text("#announcements")
    look(participant, "procedure-meeting-announcement")
    look(chair, "procedure-console-announcement")

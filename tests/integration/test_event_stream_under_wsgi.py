"""The event stream under WSGI (the development server, test live servers; issue 18): Django
runs the view in one short-lived event loop and reads the stream in another, each closed
when its part is done. The stream subscribes, and its credential is watched, in the loop
that reads it, and nothing is left behind when that loop closes: before, the watch was
started in the view's closed loop and the stream failed with "Event loop is closed"."""

from __future__ import annotations

import warnings

from django.test import Client

from accord.events.bus import get_broker
from accord.events.rechecks import rechecks
from accord.members import services


def test_streams_under_wsgi_open_end_and_leave_nothing_behind(region, settings):
    settings.ACCORD_EVENTS_WSGI_STREAM_SECONDS = 0.3
    settings.ACCORD_EVENTS_RECHECK_SECONDS = 0.1
    _, raw = services.issue_api_token(user=region.delegate("KAZ"))
    browser = Client(headers={"Authorization": f"Bearer {raw}"})
    bodies = []
    for _ in range(3):  # each in loops of its own, closed when the request is done
        response = browser.get("/api/v1/events")
        assert response.status_code == 200
        with warnings.catch_warnings():  # Django says it reads an async stream whole
            warnings.simplefilter("ignore")
            bodies.append(b"".join(response))  # as a WSGI server reads it
    assert bodies == [b"retry: 3000\n: connected\n\n"] * 3
    assert len(rechecks) == 0
    assert len(get_broker().local) == 0

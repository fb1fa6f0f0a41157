"""Signed-in page clients for the tests of the pages: a session past both sign-in steps."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def signed_in(user: Any) -> Client:
    """A browser session for `user`, second factor done (heads and the chair need it)."""
    from accord.members.sign_in import SESSION_VERIFIED_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session.save()
    return client


def form_token(client: Client, page: str) -> str:
    """The one-time token of the first form on `page`."""
    body = client.get(page).content.decode()
    found = TOKEN.search(body)
    assert found, f"no one-time token on {page}"
    return found.group(1)

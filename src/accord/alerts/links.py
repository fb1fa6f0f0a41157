"""The one place an alert's link to its object is made.

Alerts name objects by the page a recipient opens. When hideable objects get opaque public
identifiers (DESIGN rule 5), this is the function that turns a stored reference into that
identifier's URL; nothing else builds object URLs for alerts.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from accord.members.public_ids import is_public_id

# object type (app_label.model) → (URL name, whether the URL takes the object's id)
PAGES: dict[str, tuple[str, bool]] = {
    "negotiation.document": ("negotiation:document", True),
    "notifications.notification": ("notifications:detail", True),
    "notifications.hotlinemessage": ("notifications:hotline", False),
    "dialogue.meeting": ("dialogue:meeting", True),
    "proceedings.matrix": ("proceedings:matrix", True),  # a document's implementation matrix
    "dialogue.bilateral": ("dialogue:bilaterals", False),
    "alerts.channel": ("alerts:contacts", False),
}


def public_url(object_type: str, object_id: str) -> str:
    """The absolute URL of the page that shows the object (the home page when unknown)."""
    base = str(getattr(settings, "ACCORD_PUBLIC_URL", "http://127.0.0.1:8000")).rstrip("/")
    page = PAGES.get(object_type)
    if page is None:
        return base + "/"
    name, with_id = page
    # An alert queued before public ids names its object by key: link to the list instead.
    if with_id and not is_public_id(object_id):
        return base + "/"
    path = reverse(name, args=[object_id]) if with_id else reverse(name)
    return base + path

"""`{% act_signing %}`: the signing step of an act's confirmation page (issue 12)."""

from __future__ import annotations

from typing import Any

from django import template

from accord.members.rosters import speaks_through_roster

register = template.Library()


@register.inclusion_tag("negotiation/_act_signing_box.html", takes_context=True)
def act_signing(context: Any) -> dict[str, Any]:
    """The box that signs the act in the browser, when the person's state has a root key."""
    user = context.get("user")
    document = context.get("document")
    act = context.get("act", "")
    state = getattr(user, "state", None)
    needed = bool(state and document and act != "close" and speaks_through_roster(state))
    return {
        "needed": needed,
        "act": act,
        "document": document,
        "procedure": context.get("procedure"),
        "state_code": getattr(state, "code", ""),
        "challenge_url": f"/api/v1/documents/{document.public_id}/adoption/challenge"
        if document
        else "",
    }

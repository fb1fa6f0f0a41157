from __future__ import annotations

from django.http import HttpRequest

from accord.members.models import User
from accord.notifications.conversations import unread_count
from accord.site.typed import typed_for


def accord_context(request: HttpRequest) -> dict[str, object]:
    """What the base layout shows on every page: the signed-in person's state and roles,
    the unread hotline messages of their state (None: no hotline for them), and what was
    typed into a form refused on this page (`site.typed`)."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {
            "my_state": None,
            "is_chair": False,
            "hotline_unread": None,
            "typed": typed_for(request),
        }
    return {
        "my_state": user.state,
        "is_chair": user.is_chair,
        "hotline_unread": unread_count(user),
        "typed": typed_for(request),
    }

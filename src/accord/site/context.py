from __future__ import annotations

from django.http import HttpRequest

from accord.members.models import User


def accord_context(request: HttpRequest) -> dict[str, object]:
    """What the base layout shows on every page: the signed-in person's state and roles."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"my_state": None, "is_chair": False}
    return {"my_state": user.state, "is_chair": user.is_chair}

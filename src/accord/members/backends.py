"""The sign-in backend: Django's, reading a session's user with its state in one query.

Every page asks who the reader is and which state they speak for (the confidentiality rule
needs the state's status); Django's backend reads the user, and the state came after as a
second query on every request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from accord.members.models import User


class AccordBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("state").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

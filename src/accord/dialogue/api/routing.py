"""The dialogue API's router."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from accord.members.models import User

router = Router(tags=["dialogue"])


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]

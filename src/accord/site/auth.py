"""How the API knows who is asking: a bearer token, or a web session with CSRF."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from accord.members.models import User
from accord.members.sign_in import session_user
from accord.members.token_auth import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class VerifiedSession(APIKeyCookie):
    """The browser's session; refused when a required second factor was not given."""

    param_name = "sessionid"

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return session_user(request)


API_AUTH = [BearerToken(), VerifiedSession()]

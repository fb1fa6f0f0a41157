"""`/auth/passkeys`: register and list a person's passkeys (WebAuthn; DESIGN §5, issue 12).

Included by `members.api`. Each person sees and removes only their own passkeys: another
person's is answered as absent (404, rule 5). Registering takes a browser session (the
WebAuthn ceremony runs in the browser; a bearer token alone cannot add a second factor).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.security import APIKeyCookie

from accord.edge.fields import Line
from accord.edge.pagination import Page, Paged, PageQuery, listed, paginate
from accord.edge.schemas import Input
from accord.members import passkeys, selectors
from accord.members.models import Passkey, User
from accord.members.public_ids import PublicIdPath, RowKey
from accord.members.sign_in import session_user

router = Router(tags=["members"])


class BrowserSession(APIKeyCookie):
    """The browser's session with CSRF (as `site.auth.VerifiedSession`), and nothing else."""

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return session_user(request)


PasskeyId = Annotated[RowKey, PublicIdPath(Passkey)]


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API root authenticates every operation
    return user


class PasskeyOut(Schema):
    id: str
    name: str
    transports: list[str]
    created_at: datetime
    last_used_at: datetime | None

    @staticmethod
    def build(key: Passkey) -> PasskeyOut:
        return PasskeyOut(
            id=key.public_id, name=key.name, transports=list(key.transports),
            created_at=key.created_at, last_used_at=key.last_used_at,
        )  # fmt: skip


class OptionsOut(Schema):
    public_key: dict[str, Any] = Field(
        ..., description="PublicKeyCredentialCreationOptions as JSON (base64url for bytes), "
        "for navigator.credentials.create({publicKey}); its challenge is single-use and "
        f"expires after {passkeys.CHALLENGE_SECONDS} seconds",
    )  # fmt: skip


class PasskeyIn(Input):
    name: Line = Field("", max_length=100, description="what the person calls it")
    credential: dict[str, Any] = Field(
        ..., max_length=16,
        description="the PublicKeyCredential from navigator.credentials.create, as JSON "
        "(id, rawId, type, response.clientDataJSON, response.attestationObject, base64url)",
    )  # fmt: skip


def request_origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


@router.get("/auth/passkeys", response=Paged[PasskeyOut])
def list_passkeys(
    request: HttpRequest, response: HttpResponse, page: Query[PageQuery]
) -> Page[PasskeyOut]:
    """A page of the caller's own passkeys, oldest first."""
    found = paginate(selectors.passkeys_of(_actor(request)), page.page())
    return listed(request, response, found, PasskeyOut.build)


@router.post("/auth/passkeys/options", response=OptionsOut, auth=[BrowserSession()])
def registration_options(request: HttpRequest) -> OptionsOut:
    """Options for registering a new passkey; the challenge is kept on the server."""
    return OptionsOut(public_key=passkeys.registration_options(user=_actor(request)))


@router.post("/auth/passkeys", response={201: PasskeyOut}, auth=[BrowserSession()])
def register_passkey(request: HttpRequest, payload: PasskeyIn) -> Status[PasskeyOut]:
    """Verify the attestation against the challenge issued and keep the passkey."""
    passkey = passkeys.register_passkey(
        user=_actor(request), credential=payload.credential, name=payload.name,
        origins=passkeys.expected_origins(request_origin(request)),
    )  # fmt: skip
    return Status(201, PasskeyOut.build(passkey))


@router.delete("/auth/passkeys/{passkey_id}", response={204: None})
def remove_passkey(request: HttpRequest, passkey_id: PasskeyId) -> Status[None]:
    actor = _actor(request)
    passkey = get_object_or_404(selectors.passkeys_of(actor), pk=passkey_id)
    passkeys.remove_passkey(user=actor, passkey=passkey)
    return Status(204, None)

"""`/me`, `/members` and `/auth`: who I am, the states and their keys, API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from accord.domain.errors import NotPermitted
from accord.edge.fields import PROSE_PATTERN, Code, Line, UserName
from accord.edge.pagination import Page, Paged, PageQuery, listed, paginate, whole
from accord.edge.schemas import ErrorOut, Input
from accord.members import selectors, services
from accord.members.models import ApiToken, SigningKey, State, User
from accord.members.sign_in import SignInRefused, check_password, check_second_factor
from accord.members.throttle import clear_failures, client_address

router = Router(tags=["members"])

StateCodePath = Annotated[Code, Path(max_length=3)]
TokenPrefix = Annotated[Code, Path(max_length=40)]


class StateRef(Schema):
    code: StateCodePath
    name: str


class KeyOut(Schema):
    fingerprint: str
    public_key: str
    valid_from: datetime
    valid_until: datetime | None

    @staticmethod
    def build(key: SigningKey) -> KeyOut:
        return KeyOut(
            fingerprint=key.fingerprint,
            public_key=key.public_key,
            valid_from=key.valid_from,
            valid_until=key.valid_until,
        )


class StateOut(Schema):
    code: StateCodePath
    name_en: str
    name_zh: str
    name_ru: str
    status: str
    joined_on: str
    left_on: str | None
    key_fingerprints: list[str]

    @staticmethod
    def build(state: State) -> StateOut:
        return StateOut(
            code=state.code,
            name_en=state.name_en,
            name_zh=state.name_zh,
            name_ru=state.name_ru,
            status=state.status,
            joined_on=state.joined_on.isoformat(),
            left_on=state.left_on.isoformat() if state.left_on else None,
            key_fingerprints=[key.fingerprint for key in selectors.current_keys(state)],
        )


class MeOut(Schema):
    username: str
    full_name: str
    state: StateRef | None
    role: str
    roles: list[str]
    two_factor: bool


class KeyIn(Input):
    public_key: Annotated[str, Field(pattern=PROSE_PATTERN)] = Field(
        ...,
        min_length=1,
        max_length=400,
        description="base64 of the 32 raw bytes, or a PEM public key",
    )
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    rotate: bool = Field(False, description="end the validity of the state's current keys")


class VoteDelegateIn(Input):
    vote_delegate: UserName | None = Field(None, description="user name, or null to clear")


class DelegationOut(Schema):
    state: str
    vote_delegate: str | None


class TokenIn(Input):
    username: UserName
    password: Annotated[str, Field(pattern=f"^[^{chr(0)}]*$")] = Field(
        ..., min_length=1, max_length=1000
    )
    otp: Line | None = Field(None, max_length=20, description="TOTP or recovery code")
    label: Line = Field("", max_length=100)


class TokenOut(Schema):
    token: str
    prefix: TokenPrefix
    expires_at: datetime


class TokenInfo(Schema):
    prefix: TokenPrefix
    label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


def roles_of(user: User) -> list[str]:
    roles = [user.role]
    if user.is_chair:
        roles.append("chair")
    if user.is_duty_officer:
        roles.append("duty_officer")
    if user.is_superuser:
        roles.append("admin")
    return roles


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    user: User = request.auth  # type: ignore[attr-defined]
    state = user.state
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        state=StateRef(code=state.code, name=state.name) if state else None,
        role=user.role,
        roles=roles_of(user),
        two_factor=user.has_two_factor,
    )


@router.get("/members", response=Paged[StateOut], auth=None)
def list_members(
    request: HttpRequest,
    status: Code | None = Query(None, max_length=40),  # noqa: B008 - Ninja's way
) -> Page[StateOut]:
    # The member states: a bounded set (the region's states), answered on one page.
    return whole(StateOut.build(state) for state in selectors.list_states(status=status))


@router.get("/members/{code}", response=StateOut, auth=None)
def read_member(request: HttpRequest, code: StateCodePath) -> StateOut:
    return StateOut.build(selectors.get_state(code=code))


@router.get("/members/{code}/keys", response=Paged[KeyOut], auth=None)
def list_keys(request: HttpRequest, code: StateCodePath) -> Page[KeyOut]:
    return whole(KeyOut.build(key) for key in selectors.state_keys(code=code))


@router.post("/members/{code}/keys", response={201: KeyOut})
def register_key(request: HttpRequest, code: StateCodePath, payload: KeyIn) -> Status[KeyOut]:
    state = selectors.get_state(code=code)
    key = services.register_signing_key(
        actor=request.auth,  # type: ignore[attr-defined]
        state_code=state.code,
        public_key=payload.public_key,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        rotate=payload.rotate,
    )
    return Status(201, KeyOut.build(key))


@router.put("/members/{code}/delegation", response=DelegationOut)
def name_vote_delegate(
    request: HttpRequest, code: StateCodePath, payload: VoteDelegateIn
) -> DelegationOut:
    actor: User = request.auth  # type: ignore[attr-defined]
    state = selectors.get_state(code=code)
    if actor.state_id != state.code:
        raise NotPermitted("Only the state's own head names its vote delegate.")
    delegate = None
    if payload.vote_delegate:
        delegate = get_object_or_404(
            selectors.delegation_people(viewer=actor), username=payload.vote_delegate
        )
    delegation = services.name_vote_delegate(actor=actor, delegate=delegate)
    return DelegationOut(
        state=state.code,
        vote_delegate=delegation.vote_delegate.username if delegation.vote_delegate else None,
    )


@router.post("/auth/token", response={201: TokenOut, 429: ErrorOut}, auth=None)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[TokenOut]:
    """Exchange a user name, password and (for heads and the chair) a TOTP code for a token."""
    address = client_address(request.META)
    try:
        user = check_password(payload.username, payload.password, address)
        if user.requires_two_factor:
            if not user.has_two_factor:
                raise NotPermitted(
                    "Set up two-factor sign-in on the web first.", code="two_factor_required"
                )
            check_second_factor(user, payload.otp or "", address)
        else:
            # As on the web: a full sign-in wipes the account's earlier failures.
            clear_failures(user.username, address)
    except SignInRefused as refused:
        raise HttpError(429 if refused.throttled else 401, refused.message) from None
    token, raw = services.issue_api_token(user=user, label=payload.label)
    return Status(201, TokenOut(token=raw, prefix=token.prefix, expires_at=token.expires_at))


@router.get("/auth/tokens", response=Paged[TokenInfo])
def list_tokens(
    request: HttpRequest, response: HttpResponse, page: Query[PageQuery]
) -> Page[TokenInfo]:
    """A page of the caller's API tokens, the newest first."""
    tokens = selectors.tokens_of(request.auth)  # type: ignore[attr-defined]
    return listed(
        request, response, paginate(tokens, page.page(), order=("-created_at", "-id")), _token_info
    )


def _token_info(t: ApiToken) -> TokenInfo:
    return TokenInfo(
        prefix=t.prefix,
        label=t.label,
        created_at=t.created_at,
        expires_at=t.expires_at,
        revoked_at=t.revoked_at,
        last_used_at=t.last_used_at,
    )


@router.delete("/auth/tokens/{prefix}", response={204: None})
def revoke_token(request: HttpRequest, prefix: TokenPrefix) -> Status[None]:
    actor: User = request.auth  # type: ignore[attr-defined]
    token = get_object_or_404(selectors.tokens_of(actor), prefix=prefix)
    services.revoke_api_token(actor=actor, token=token)
    return Status(204, None)


# Issue 12's routes live in their own module.
from accord.members import passkey_api, roster_api  # noqa: E402

router.add_router("", roster_api.router)
router.add_router("", passkey_api.router)
